using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>A new upload: the file, what was read of it, and who sent it with their scope at that moment.</summary>
public sealed record NewImportJob(string Kind, string FileName, string Format, byte[] Content, IReadOnlyList<string> Headers,
    IReadOnlyDictionary<string, int> Mapping, long UserId, string UserName, bool ScopeSeesAll, string? ScopeRegionPath);

/// <summary>
/// Writes import jobs with plain SQL (ADR-027): status changes are conditional UPDATEs, so a double post or two
/// nodes cannot run a step twice, and progress ticks never go through the audit interceptor.
/// </summary>
public sealed class ImportJobStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<long> CreateAsync(NewImportJob job, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO import_jobs (kind, status, file_name, file_format, file_size, content, headers, mapping, user_id, user_name,
                                     scope_sees_all, scope_region_path, progress, rows_read, created_at, updated_at)
            VALUES (@kind, @status, @file, @format, @size, @content, @headers, @mapping::jsonb, @user, @userName, @all, @path, 0, 0, @now, @now)
            RETURNING id
            """);
        cmd.Parameters.AddWithValue("kind", job.Kind);
        cmd.Parameters.AddWithValue("status", ImportStatus.Mapping);
        cmd.Parameters.AddWithValue("file", Fit(job.FileName, ImportJob.FileNameMaxLength));
        cmd.Parameters.AddWithValue("format", job.Format);
        cmd.Parameters.AddWithValue("size", job.Content.Length);
        cmd.Parameters.AddWithValue("content", NpgsqlDbType.Bytea, job.Content);
        cmd.Parameters.AddWithValue("headers", NpgsqlDbType.Array | NpgsqlDbType.Text, job.Headers.ToArray());
        cmd.Parameters.AddWithValue("mapping", ColumnMapping.ToJson(job.Mapping));
        cmd.Parameters.AddWithValue("user", job.UserId);
        cmd.Parameters.AddWithValue("userName", Fit(job.UserName, ImportJob.UserNameMaxLength));
        cmd.Parameters.AddWithValue("all", job.ScopeSeesAll);
        cmd.Parameters.AddWithValue("path", (object?)job.ScopeRegionPath ?? DBNull.Value);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A file refused as a whole: kept as a failed job with the reason, without its bytes.</summary>
    public async Task<long> CreateRefusedAsync(string kind, string fileName, int size, long userId, string userName, string reason, CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO import_jobs (kind, status, file_name, file_format, file_size, content, headers, user_id, user_name,
                                     scope_sees_all, progress, rows_read, message, created_at, updated_at, finished_at)
            VALUES (@kind, 'Failed', @file, '', @size, ''::bytea, ARRAY[]::text[], @user, @userName, false, 0, 0, @message, @now, @now, @now)
            RETURNING id
            """);
        cmd.Parameters.AddWithValue("kind", kind);
        cmd.Parameters.AddWithValue("file", Fit(fileName, ImportJob.FileNameMaxLength));
        cmd.Parameters.AddWithValue("size", size);
        cmd.Parameters.AddWithValue("user", userId);
        cmd.Parameters.AddWithValue("userName", Fit(userName, ImportJob.UserNameMaxLength));
        cmd.Parameters.AddWithValue("message", Fit(reason, ImportJob.MessageMaxLength));
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Saves the user's mapping and queues validation; false when the job is not the user's or is busy.</summary>
    public Task<bool> QueueValidationAsync(long id, long userId, IReadOnlyDictionary<string, int> mapping, CancellationToken ct = default) =>
        ChangeAsync("""
            UPDATE import_jobs SET status = 'ValidateQueued', mapping = @mapping::jsonb, progress = 0, rows_read = 0, message = NULL,
                   total_rows = NULL, error_rows = NULL, warning_count = NULL, issues = NULL, updated_at = @now
            WHERE id = @id AND user_id = @user AND status IN ('Mapping', 'Validated') AND file_format <> ''
            """, id, userId, ct, ("mapping", ColumnMapping.ToJson(mapping)));

    /// <summary>Queues the commit of a validated file without errors; false otherwise (also for a second click).</summary>
    public Task<bool> QueueCommitAsync(long id, long userId, CancellationToken ct = default) =>
        ChangeAsync("""
            UPDATE import_jobs SET status = 'CommitQueued', progress = 0, updated_at = @now
            WHERE id = @id AND user_id = @user AND status = 'Validated' AND error_rows = 0
            """, id, userId, ct);

    private async Task<bool> ChangeAsync(string sql, long id, long userId, CancellationToken ct, params (string Name, object Value)[] extra)
    {
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("user", userId);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        foreach (var (name, value) in extra) cmd.Parameters.AddWithValue(name, value);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    // ---------------------------------------------------------------- the worker's side

    /// <summary>Jobs waiting or left running (a node that stopped midway), oldest first.</summary>
    public async Task<IReadOnlyList<long>> PendingAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT id FROM import_jobs WHERE status IN ('ValidateQueued', 'Validating', 'CommitQueued', 'Committing') ORDER BY id LIMIT 20");
        var ids = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetInt64(0));
        return ids;
    }

    /// <summary>Moves a queued (or interrupted) job to its running state and returns what is needed to run it.</summary>
    public async Task<(string Status, ImportWork Work)?> StartAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            UPDATE import_jobs SET status = CASE WHEN status IN ('ValidateQueued', 'Validating') THEN 'Validating' ELSE 'Committing' END,
                   progress = 0, rows_read = 0, updated_at = @now
            WHERE id = @id AND status IN ('ValidateQueued', 'Validating', 'CommitQueued', 'Committing')
            RETURNING status, kind, file_name, file_format, content, mapping::text, scope_sees_all, scope_region_path, user_id, user_name
            """, conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        var work = new ImportWork(id, r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<byte[]>(4),
            ColumnMapping.FromJson(r.IsDBNull(5) ? null : r.GetString(5)), r.GetBoolean(6), r.IsDBNull(7) ? null : r.GetString(7),
            r.GetInt64(8), r.GetString(9));
        return (r.GetString(0), work);
    }

    public async Task ProgressAsync(long id, int percent, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE import_jobs SET progress = @p, updated_at = @now WHERE id = @id AND status IN ('Validating', 'Committing')");
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("p", Math.Clamp(percent, 0, 99));
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task ValidatedAsync(long id, ImportValidation v, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE import_jobs SET status = 'Validated', progress = 100, rows_read = @total, total_rows = @total, error_rows = @errors,
                   warning_count = @warnings, issues = @issues::jsonb, message = NULL, updated_at = @now, finished_at = @now
            WHERE id = @id AND status = 'Validating'
            """);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("total", v.TotalRows);
        cmd.Parameters.AddWithValue("errors", v.ErrorRows);
        cmd.Parameters.AddWithValue("warnings", v.WarningCount);
        cmd.Parameters.AddWithValue("issues", IssuesJson(v.Issues));
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Marks the job committed inside the import's own transaction, so data and status change together.</summary>
    public async Task CommittedAsync(NpgsqlConnection conn, long id, ImportCounts counts, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            UPDATE import_jobs SET status = 'Committed', progress = 100, inserted = @i, updated = @u, unchanged = @k, message = NULL,
                   updated_at = @now, finished_at = @now
            WHERE id = @id
            """, conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("i", counts.Inserted);
        cmd.Parameters.AddWithValue("u", counts.Updated);
        cmd.Parameters.AddWithValue("k", counts.Unchanged);
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// A step that failed. A validation that failed leaves the job failed; a commit that failed goes back to
    /// validated (nothing was written) with the reason, so it can be tried again.
    /// </summary>
    public async Task FailedAsync(long id, string message, ImportValidation? validation, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE import_jobs SET status = CASE WHEN status = 'Committing' THEN 'Validated' ELSE 'Failed' END,
                   message = @message, progress = 0, updated_at = @now, finished_at = @now,
                   error_rows = COALESCE(@errors, error_rows), issues = COALESCE(@issues::jsonb, issues)
            WHERE id = @id
            """);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("message", Fit(message, ImportJob.MessageMaxLength));
        cmd.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Integer) { Value = (object?)validation?.ErrorRows ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("issues", NpgsqlDbType.Text) { Value = validation is null ? DBNull.Value : IssuesJson(validation.Issues) });
        cmd.Parameters.AddWithValue("now", clock.GetUtcNow());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static string IssuesJson(IReadOnlyList<ImportIssue> issues) =>
        JsonSerializer.Serialize(issues.Take(ImportJob.MaxStoredIssues), Json);

    public static IReadOnlyList<ImportIssue> ReadIssues(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<ImportIssue>>(json, Json) ?? [];

    private static string Fit(string value, int max) => value.Length <= max ? value : value[..max];
}
