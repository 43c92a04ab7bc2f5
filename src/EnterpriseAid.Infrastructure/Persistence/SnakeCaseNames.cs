using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace EnterpriseAid.Infrastructure.Persistence;

/// <summary>
/// Gives every column, key, foreign key and index a snake_case name, so the SQL migration scripts
/// read like ordinary PostgreSQL. Table names are set in each entity's configuration.
/// </summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.IsMappedToJson()) continue;
            // Views are written by hand with snake_case columns that their configurations name.
            if (entity.GetTableName() is null && entity.GetViewName() is not null) continue;
            var table = entity.GetTableName() ?? ToSnakeCase(entity.ClrType.Name);
            entity.SetTableName(table);

            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName();
                if (column != "xmin") property.SetColumnName(ToSnakeCase(column));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.IsPrimaryKey()
                    ? $"pk_{table}"
                    : $"ak_{table}_{string.Join("_", key.Properties.Select(p => p.GetColumnName()))}");
            }
            foreach (var fk in entity.GetForeignKeys())
            {
                var principal = fk.PrincipalEntityType.GetTableName() ?? ToSnakeCase(fk.PrincipalEntityType.ClrType.Name);
                fk.SetConstraintName($"fk_{table}_{principal}_{string.Join("_", fk.Properties.Select(p => p.GetColumnName()))}");
            }
            // A named index (two indexes over the same columns, e.g. with different filters) keeps its name.
            foreach (var index in entity.GetIndexes().Where(i => i.Name is null))
            {
                index.SetDatabaseName($"ix_{table}_{string.Join("_", index.Properties.Select(p => p.GetColumnName()))}");
            }
        }
    }

    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLower = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextLower = i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]);
                if (prevLower || nextLower) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
