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

/// <summary>An enterprise a row names by its code, as registered.</summary>
public sealed record RegisteredEnterprise(long Id, string Name, string RegionPath);

/// <summary>
/// The shape every kind that adds records shares: read the data rows, check them against the database, and commit in
/// one transaction that checks again, writes, records the one audit entry and marks the job committed.
/// </summary>
public abstract class RowImporter<TChecked>(NpgsqlDataSource dataSource, TimeProvider clock) : IKindImporter
{
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    public abstract string Kind { get; }

    /// <summary>How the audit entry names the import ("导入包联关系").</summary>
    protected abstract string AuditWhat { get; }

    protected TimeProvider Clock => clock;

    protected abstract Task<(ImportValidation Validation, TChecked Checked)> CheckAsync(ImportWork work, NpgsqlConnection conn, Action<double>? progress,
        CancellationToken ct);

    /// <summary>Writes the checked rows; the number of records the file named and the counts.</summary>
    protected abstract Task<(int Rows, ImportCounts Counts)> WriteAsync(ImportWork work, TChecked rows, ImportValidation validation, NpgsqlConnection conn,
        NpgsqlTransaction tx, DateTimeOffset now, CancellationToken ct);

    /// <summary>Runs in the commit's transaction before the rows are checked again (a table lock, say).</summary>
    protected virtual Task BeforeCheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) => Task.CompletedTask;

    public async Task<ImportValidation> ValidateAsync(ImportWork work, Action<double>? progress, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        return (await CheckAsync(work, conn, progress, ct)).Validation;
    }

    public async Task<ImportCounts> CommitAsync(ImportWork work, Action<double>? progress, Func<NpgsqlConnection, ImportCounts, Task> beforeCommit,
        CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await BeforeCheckAsync(conn, tx, ct);
        var (validation, rows) = await CheckAsync(work, conn, p => progress?.Invoke(p * 0.8), ct);
        if (!validation.IsValid) throw new ImportNoLongerValidException(validation);
        var now = clock.GetUtcNow();
        var (count, counts) = await WriteAsync(work, rows, validation, conn, tx, now, ct);
        await ImportAudit.WriteAsync(conn, tx, work, count, counts, AuditWhat, now, ct);
        await beforeCommit(conn, counts);
        await tx.CommitAsync(ct);
        progress?.Invoke(1);
        return counts;
    }

    /// <summary>The rows below the header.</summary>
    protected IEnumerable<SheetRow> DataRows(ImportWork work, Action<double>? progress, CancellationToken ct) =>
        ImportFileReader.ReadRows(work.Content, work.Format, Limits, progress).Skip(1).Select(row =>
        {
            ct.ThrowIfCancellationRequested();
            return row;
        });

    /// <summary>A mapped cell, trimmed; null when the field is not mapped or the cell is empty.</summary>
    protected static string? Cell(ImportWork work, SheetRow row, string key) =>
        work.Mapping.TryGetValue(key, out var c) && row.Cell(c)?.Trim() is { Length: > 0 } v ? v : null;

    protected static bool InScope(ImportWork work, string? path) =>
        work.ScopeSeesAll || (path is not null && work.ScopeRegionPath is { } p && path.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The registered enterprises among <paramref name="codes"/>, by code.</summary>
    protected static async Task<Dictionary<string, RegisteredEnterprise>> EnterprisesAsync(NpgsqlConnection conn, IEnumerable<string> codes, CancellationToken ct)
    {
        var found = new Dictionary<string, RegisteredEnterprise>(StringComparer.Ordinal);
        await using var cmd = new NpgsqlCommand("SELECT uscc, id, name, region_path FROM enterprises WHERE uscc = ANY(@codes)", conn);
        cmd.Parameters.AddWithValue("codes", codes.Distinct().ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found[r.GetString(0)] = new RegisteredEnterprise(r.GetInt64(1), r.GetString(2), r.GetString(3));
        return found;
    }

    /// <summary>The row error for a code that is not registered or not in the uploader's scope, or null when it may be used.</summary>
    protected static string? EnterpriseProblem(ImportWork work, RegisteredEnterprise? enterprise) =>
        enterprise is null ? "系统中没有该统一社会信用代码的企业，请先导入企业名录"
        : !InScope(work, enterprise.RegionPath) ? "该企业不在您的管辖范围内"
        : null;
}
