using Npgsql;
using NpgsqlTypes;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>What the worker needs of a job to run it.</summary>
public sealed record ImportWork(long Id, string Kind, string FileName, string Format, byte[] Content, IReadOnlyDictionary<string, int> Mapping,
    bool ScopeSeesAll, string? ScopeRegionPath, long UserId, string UserName);

/// <summary>The outcome of checking every row: counts, and the issues (all of them, sorted by row).</summary>
public sealed record ImportValidation(int TotalRows, int ErrorRows, int WarningCount, IReadOnlyList<ImportIssue> Issues)
{
    public bool IsValid => ErrorRows == 0;
}

public sealed record ImportCounts(int Inserted, int Updated, int Unchanged);

/// <summary>Commit refused because the rows no longer pass (the org tree or the register changed since validation).</summary>
public sealed class ImportNoLongerValidException(ImportValidation validation)
    : Exception($"提交前重新校验发现{validation.ErrorRows}行有误（镇街或企业库在校验后发生了变化），未写入任何数据，请重新校验")
{
    public ImportValidation Validation { get; } = validation;
}

/// <summary>
/// Validates and commits an enterprise roster (ADR-027). Commit is one transaction: the rows go into a temporary
/// table by binary COPY, then one INSERT … ON CONFLICT (uscc) DO UPDATE … WHERE the mapped columns IS DISTINCT FROM
/// the stored ones, so an unchanged row is not touched and the counts of inserted, updated and unchanged rows are
/// exact; a failure anywhere rolls everything back. Columns the file does not map keep their stored values.
/// </summary>
public sealed class EnterpriseImporter(NpgsqlDataSource dataSource, TimeProvider clock) : IKindImporter
{
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    public string Kind => ImportKinds.Enterprises;

    public async Task<ImportValidation> ValidateAsync(ImportWork work, Action<double>? progress, CancellationToken ct) =>
        (await CheckAsync(work, null, progress, keep: null, ct)).Validation;

    public async Task<ImportCounts> CommitAsync(ImportWork work, Action<double>? progress, Func<NpgsqlConnection, ImportCounts, Task> beforeCommit,
        CancellationToken ct)
    {
        var rows = new List<ImportedEnterprise>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (validation, _) = await CheckAsync(work, conn, p => progress?.Invoke(p * 0.6), rows.Add, ct);
        if (!validation.IsValid) throw new ImportNoLongerValidException(validation);

        await ExecuteAsync(conn, """
            CREATE TEMP TABLE import_enterprises (
                row_no integer NOT NULL, uscc varchar(18) NOT NULL, name varchar(100) COLLATE "zh-x-icu" NOT NULL,
                legal_representative varchar(30), scale_class varchar(32) NOT NULL, industry_section varchar(1) NOT NULL,
                town_id bigint NOT NULL, region_path varchar(400) NOT NULL, tags text[] NOT NULL, employees integer NOT NULL,
                address varchar(200), established_on date) ON COMMIT DROP
            """, ct);
        await using (var copy = await conn.BeginBinaryImportAsync("""
            COPY import_enterprises (row_no, uscc, name, legal_representative, scale_class, industry_section, town_id, region_path, tags,
                                     employees, address, established_on) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            var n = 0;
            foreach (var r in rows)
            {
                var e = r.Enterprise;
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Row, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(e.Uscc, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.Name, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(copy, e.LegalRepresentative, ct);
                await copy.WriteAsync(e.ScaleClass, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.IndustrySection, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.TownId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(r.RegionPath, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.Tags.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Employees, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(copy, e.Address, ct);
                if (e.EstablishedOn is { } d) await copy.WriteAsync(d, NpgsqlDbType.Date, ct); else await copy.WriteNullAsync(ct);
                if (++n % 5000 == 0) progress?.Invoke(0.6 + 0.2 * n / rows.Count);
            }
            await copy.CompleteAsync(ct);
        }
        progress?.Invoke(0.8);

        ImportCounts counts;
        await using (var upsert = new NpgsqlCommand(UpsertSql(work.Mapping), conn, tx))
        {
            upsert.CommandTimeout = 0;
            upsert.Parameters.AddWithValue("now", clock.GetUtcNow());
            await using var reader = await upsert.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var inserted = (int)reader.GetInt64(0);
            var updated = (int)reader.GetInt64(1);
            counts = new ImportCounts(inserted, updated, rows.Count - inserted - updated);
        }

        await ImportAudit.WriteAsync(conn, tx, work, rows.Count, counts, "导入企业名录", clock.GetUtcNow(), ct);
        await beforeCommit(conn, counts);
        await tx.CommitAsync(ct);
        progress?.Invoke(1);
        return counts;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(value, NpgsqlDbType.Varchar, ct);
    }

    /// <summary>Optional columns the file does not map keep what is stored (and are left out of the comparison).</summary>
    private static string UpsertSql(IReadOnlyDictionary<string, int> map)
    {
        var columns = new List<(string Column, string? Field)>
        {
            ("name", null), ("scale_class", null), ("industry_section", null), ("town_id", null),
            ("legal_representative", EnterpriseImportFields.LegalRepresentative), ("tags", EnterpriseImportFields.Tags),
            ("employees", EnterpriseImportFields.Employees), ("address", EnterpriseImportFields.Address),
            ("established_on", EnterpriseImportFields.EstablishedOn),
        };
        var updated = columns.Where(c => c.Field is null || map.ContainsKey(c.Field)).Select(c => c.Column).ToList();
        var set = string.Join(", ", updated.Select(c => $"{c} = EXCLUDED.{c}"));
        var mine = string.Join(", ", updated.Select(c => $"e.{c}"));
        var theirs = string.Join(", ", updated.Select(c => $"EXCLUDED.{c}"));
        return $"""
            WITH up AS (
                INSERT INTO enterprises AS e (uscc, name, legal_representative, scale_class, industry_section, town_id, region_path, tags,
                                              employees, address, established_on, created_at, updated_at, contacts)
                SELECT uscc, name, legal_representative, scale_class, industry_section, town_id, region_path, tags,
                       employees, address, established_on, @now, @now, '[]'::jsonb
                FROM import_enterprises ORDER BY row_no
                ON CONFLICT (uscc) DO UPDATE SET {set}, updated_at = EXCLUDED.updated_at
                WHERE ({mine}) IS DISTINCT FROM ({theirs})
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
            """;
    }

    /// <summary>Reads and checks every row; <paramref name="keep"/> receives each valid row.</summary>
    private async Task<(ImportValidation Validation, int Rows)> CheckAsync(ImportWork work, NpgsqlConnection? conn, Action<double>? progress,
        Action<ImportedEnterprise>? keep, CancellationToken ct)
    {
        var ownConnection = conn is null;
        conn ??= await dataSource.OpenConnectionAsync(ct);
        try
        {
            var towns = new List<ImportTown>();
            var allNames = new List<string>();
            await using (var cmd = new NpgsqlCommand("SELECT id, name, path FROM org_units WHERE kind IN ('Town', 'Street') ORDER BY sort_order, id", conn))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    var town = new ImportTown(r.GetInt64(0), r.GetString(1), r.GetString(2));
                    allNames.Add(town.Name);
                    if (work.ScopeSeesAll || (work.ScopeRegionPath is { } p && town.Path.StartsWith(p, StringComparison.Ordinal))) towns.Add(town);
                }
            }

            var validator = new EnterpriseRowValidator(work.Mapping, towns, allNames, clock.GetUtcNow());
            var issues = new List<ImportIssue>();
            var total = 0;
            var kept = new Dictionary<int, ImportedEnterprise>();
            var header = true;
            foreach (var row in ImportFileReader.ReadRows(work.Content, work.Format, Limits, progress))
            {
                ct.ThrowIfCancellationRequested();
                if (header) { header = false; continue; }
                total++;
                if (validator.Validate(row, issues) is { } ok && keep is not null) kept[ok.Row] = ok;
            }

            if (!work.ScopeSeesAll && validator.RowsByUscc.Count > 0)
            {
                // A code registered outside the uploader's region may not be changed (nor moved in) by this file.
                await using var cmd = new NpgsqlCommand(
                    "SELECT uscc FROM enterprises WHERE uscc = ANY(@codes) AND NOT (region_path LIKE @path || '%')", conn);
                cmd.Parameters.AddWithValue("codes", validator.RowsByUscc.Keys.ToArray());
                cmd.Parameters.AddWithValue("path", work.ScopeRegionPath ?? "\u0001none");
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var code = r.GetString(0);
                    var rowNo = validator.RowsByUscc[code];
                    issues.Add(new ImportIssue(rowNo, EnterpriseImportFields.All[0].Label, code, "该企业已登记在您的管辖范围之外，不能通过本次导入修改"));
                    kept.Remove(rowNo);
                }
            }

            var sorted = issues.OrderBy(i => i.Row).ToList(); // stable: within a row, in column order
            var errorRows = sorted.Where(i => !i.Warning).Select(i => i.Row).Distinct().Count();
            if (keep is not null) foreach (var ok in kept.Values.OrderBy(k => k.Row)) keep(ok);
            return (new ImportValidation(total, errorRows, sorted.Count(i => i.Warning), sorted), total);
        }
        finally
        {
            if (ownConnection) await conn.DisposeAsync();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
