using System.Globalization;
using System.Text.Json;
using EnterpriseAid.Infrastructure.Auditing;
using Npgsql;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>
/// What one kind of file adds to the import pipeline (ADR-027): its row rules and its commit. The job, the reader,
/// the worker, the pages and the report are shared by every kind.
/// </summary>
public interface IKindImporter
{
    /// <summary>One of <see cref="ImportKinds.All"/>.</summary>
    string Kind { get; }

    Task<ImportValidation> ValidateAsync(ImportWork work, Action<double>? progress, CancellationToken ct);

    /// <summary>Validates again and writes everything in one transaction; <paramref name="beforeCommit"/> runs inside it.</summary>
    Task<ImportCounts> CommitAsync(ImportWork work, Action<double>? progress, Func<NpgsqlConnection, ImportCounts, Task> beforeCommit, CancellationToken ct);
}

/// <summary>The one audit entry an import writes in its own transaction (raw SQL bypasses the saving interceptor).</summary>
public static class ImportAudit
{
    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportWork work, int rows, ImportCounts counts, string what,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var audit = new NpgsqlCommand("""
            INSERT INTO audit_log (occurred_at, user_id, user_name, action, entity_type, entity_id, changes, detail)
            VALUES (@at, @user, @name, @action, 'ImportJob', @id, @changes::jsonb, @detail)
            """, conn, tx);
        audit.Parameters.AddWithValue("at", now);
        audit.Parameters.AddWithValue("user", work.UserId);
        audit.Parameters.AddWithValue("name", AuditEntry.Fit(work.UserName, AuditEntry.UserNameMaxLength)!);
        audit.Parameters.AddWithValue("action", AuditActions.Imported);
        audit.Parameters.AddWithValue("id", work.Id.ToString(CultureInfo.InvariantCulture));
        audit.Parameters.AddWithValue("changes", JsonSerializer.Serialize(new
        {
            kind = work.Kind, file = work.FileName, rows, inserted = counts.Inserted, updated = counts.Updated, unchanged = counts.Unchanged,
        }));
        audit.Parameters.AddWithValue("detail", AuditEntry.Fit(
            $"{what}“{work.FileName}”：新增{counts.Inserted}，更新{counts.Updated}，未变{counts.Unchanged}", AuditEntry.DetailMaxLength)!);
        await audit.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Issues sorted by row (stable: within a row, in the order found) with the counts of rows in error and warnings.</summary>
    public static ImportValidation Summarize(int total, IEnumerable<ImportIssue> issues)
    {
        var sorted = issues.OrderBy(i => i.Row).ToList();
        var errorRows = sorted.Where(i => !i.Warning).Select(i => i.Row).Distinct().Count();
        return new ImportValidation(total, errorRows, sorted.Count(i => i.Warning), sorted);
    }
}
