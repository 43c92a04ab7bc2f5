using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Persistence;

/// <summary>
/// The EF Core model and the schema the SQL scripts build must agree; otherwise a query that
/// compiles fails in production. Compares tables, columns (type, nullability, collation),
/// primary keys, foreign keys and indexes.
/// </summary>
public sealed class SchemaDriftTests
{
    [Fact]
    public async Task Ef_model_matches_the_migrated_schema()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("drift");
        await using var dataSource = db.CreateDataSource();
        await new SqlMigrationRunner(dataSource, NullLogger<SqlMigrationRunner>.Instance).MigrateAsync();
        await using var context = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(dataSource).Options);

        var expected = FromModel(context.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        var actual = await FromDatabaseAsync(dataSource);

        var missing = expected.Except(actual).ToList();
        var unexpected = actual.Except(expected).ToList();
        (missing.Count + unexpected.Count).ShouldBe(0,
            "The EF Core model and the migrated schema differ; write a migration script.\n" +
            $"In the model but not the schema:\n  {string.Join("\n  ", missing)}\n" +
            $"In the schema but not the model:\n  {string.Join("\n  ", unexpected)}");
    }

    private static List<string> FromModel(IRelationalModel model)
    {
        var facts = new List<string>();
        foreach (var table in model.Tables)
        {
            facts.Add($"table {table.Name}");
            // xmin is PostgreSQL's system column used as the row version; it is never declared.
            foreach (var c in table.Columns.Where(c => c.Name != "xmin"))
            {
                facts.Add($"column {table.Name}.{c.Name} {c.StoreType} {(c.IsNullable ? "null" : "not null")}{(c.Collation is null ? "" : $" collate {c.Collation}")}");
            }
            if (table.PrimaryKey is { } pk) facts.Add($"pk {pk.Name} ({string.Join(",", pk.Columns.Select(c => c.Name))})");
            foreach (var fk in table.ForeignKeyConstraints)
            {
                facts.Add($"fk {fk.Name} ({string.Join(",", fk.Columns.Select(c => c.Name))}) -> {fk.PrincipalTable.Name} ({string.Join(",", fk.PrincipalColumns.Select(c => c.Name))}) on delete {fk.OnDeleteAction.ToString().ToLowerInvariant()}");
            }
            foreach (var ix in table.Indexes)
            {
                var method = ix.MappedIndexes.First().GetMethod() ?? "btree";
                // Key columns only: an index's INCLUDE columns (pg_index.indkey beyond indnkeyatts) are not compared.
                facts.Add($"index {ix.Name} {(ix.IsUnique ? "unique " : "")}{method} ({string.Join(",", ix.Columns.Select(c => c.Name))})");
            }
        }
        return facts.Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> FromDatabaseAsync(NpgsqlDataSource dataSource)
    {
        var facts = new List<string>();
        async Task Read(string sql, Func<NpgsqlDataReader, string> fact)
        {
            await using var cmd = dataSource.CreateCommand(sql);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) facts.Add(fact(r));
        }
        const string userTables = "c.relkind = 'r' AND n.nspname = 'public' AND c.relname <> 'schema_migrations'";

        await Read($"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {userTables}",
            r => $"table {r.GetString(0)}");
        await Read($"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN co.collname END
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_collation co ON co.oid = a.attcollation
            WHERE {userTables} AND a.attnum > 0 AND NOT a.attisdropped
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)} {(r.GetBoolean(3) ? "not null" : "null")}{(r.IsDBNull(4) ? "" : $" collate {r.GetString(4)}")}");
        await Read($"""
            SELECT con.conname, c.relname,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE con.contype = 'p' AND {userTables}
            """, r => $"pk {r.GetString(0)} ({r.GetString(2)})");
        await Read($"""
            SELECT con.conname,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
                   pc.relname,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum),
                   con.confdeltype
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class pc ON pc.oid = con.confrelid
            WHERE con.contype = 'f' AND {userTables}
            """, r => $"fk {r.GetString(0)} ({r.GetString(1)}) -> {r.GetString(2)} ({r.GetString(3)}) on delete {DeleteAction(r.GetChar(4))}");
        await Read($"""
            SELECT i.relname, ix.indisunique, am.amname,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
                      WHERE k.ord <= ix.indnkeyatts)
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class c ON c.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = i.relam
            WHERE NOT ix.indisprimary AND {userTables}
            """, r => $"index {r.GetString(0)} {(r.GetBoolean(1) ? "unique " : "")}{r.GetString(2)} ({r.GetString(3)})");
        return facts.Order(StringComparer.Ordinal).ToList();
    }

    private static string DeleteAction(char code) => code switch
    {
        'a' => "noaction",
        'r' => "restrict",
        'c' => "cascade",
        'n' => "setnull",
        'd' => "setdefault",
        _ => code.ToString(),
    };
}
