using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EnterpriseAid.Infrastructure.Imports;

public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>Run queued imports on this node.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How often the worker looks for jobs queued on another node (a job queued here wakes it at once).</summary>
    public double PollSeconds { get; set; } = 2;
}

/// <summary>Wakes the worker of this node when a job is queued here, so it need not wait for its next look.</summary>
public sealed class ImportSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Poke()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Runs validation and commit of import jobs in the background (ADR-027), so a long import goes on when the browser
/// tab closes. One job at a time per node; each job is held by a PostgreSQL session advisory lock on a connection of
/// the worker's own, so two nodes never run the same job, and a job whose node stopped midway (its lock released
/// with its connection) is started again from the beginning by the next worker that looks — safe, because
/// validation writes nothing and a commit is a single transaction.
/// </summary>
public sealed class ImportWorker(NpgsqlDataSource dataSource, ImportJobStore store, IEnumerable<IKindImporter> importers, ImportSignal signal,
    IOptions<ImportOptions> options, TimeProvider clock, ILogger<ImportWorker> logger) : BackgroundService
{
    /// <summary>First key of the two-key advisory lock; the job id is the second.</summary>
    public const int AdvisoryLockClass = 74_270;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            logger.LogInformation("Import worker is disabled on this node (Imports:WorkerEnabled)");
            return;
        }
        var poll = TimeSpan.FromSeconds(Math.Max(0.2, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunNextAsync(stoppingToken)) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Import worker could not look for jobs; it tries again in {Poll}", poll);
            }
            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs one pending job this node can lock; false when there is none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        foreach (var id in await store.PendingAsync(ct))
        {
            await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
            await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@c, @id)", lockConnection))
            {
                take.Parameters.AddWithValue("c", AdvisoryLockClass);
                take.Parameters.AddWithValue("id", (int)(id % int.MaxValue));
                if (!(bool)(await take.ExecuteScalarAsync(ct))!) continue;
            }
            // If this node dies, the lock goes with its connection; otherwise it is released here, since the pool keeps
            // connections as they are (no reset on close).
            try
            {
                var started = await store.StartAsync(lockConnection, id, ct);
                if (started is null) continue;
                await RunAsync(started.Value.Status, started.Value.Work, ct);
                return true;
            }
            finally
            {
                await ReleaseAsync(lockConnection, id);
            }
        }
        return false;
    }

    private async Task ReleaseAsync(NpgsqlConnection lockConnection, long id)
    {
        try
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@c, @id)", lockConnection);
            release.Parameters.AddWithValue("c", AdvisoryLockClass);
            release.Parameters.AddWithValue("id", (int)(id % int.MaxValue));
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection has released the lock with its session.
            logger.LogWarning(ex, "Could not release the lock of import {Id} explicitly", id);
        }
    }

    private async Task RunAsync(string status, ImportWork work, CancellationToken ct)
    {
        var last = clock.GetUtcNow();
        var pending = Task.CompletedTask;
        void Progress(double share)
        {
            var now = clock.GetUtcNow();
            if (now - last < TimeSpan.FromMilliseconds(400) || !pending.IsCompleted) return;
            last = now;
            pending = SafeAsync(store.ProgressAsync(work.Id, (int)(share * 100), ct));
        }

        try
        {
            var importer = importers.FirstOrDefault(i => i.Kind == work.Kind) ?? throw new ImportFileException($"无法导入这类文件（{work.Kind}）");
            if (status == ImportStatus.Validating)
            {
                var validation = await importer.ValidateAsync(work, Progress, ct);
                await pending;
                await store.ValidatedAsync(work.Id, validation, ct);
                logger.LogInformation("Import {Id} validated: {Rows} rows, {Errors} in error", work.Id, validation.TotalRows, validation.ErrorRows);
            }
            else
            {
                var counts = await importer.CommitAsync(work, Progress, (conn, c) => store.CommittedAsync(conn, work.Id, c, ct), ct);
                await pending;
                logger.LogInformation("Import {Id} committed: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged",
                    work.Id, counts.Inserted, counts.Updated, counts.Unchanged);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Left in its running state: the next start of a worker picks it up again.
            throw;
        }
        catch (ImportFileException ex)
        {
            await SafeAsync(pending);
            await store.FailedAsync(work.Id, ex.Message, null, CancellationToken.None);
        }
        catch (ImportNoLongerValidException ex)
        {
            await SafeAsync(pending);
            await store.FailedAsync(work.Id, ex.Message, ex.Validation, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Import {Id} failed in {Status}", work.Id, status);
            await SafeAsync(pending);
            var reason = ex is PostgresException pg ? pg.MessageText : ex.Message;
            await store.FailedAsync(work.Id, status == ImportStatus.Committing
                ? $"提交失败，数据库已回滚，未写入任何数据。原因：{reason}"
                : $"校验失败：{reason}", null, CancellationToken.None);
        }
    }

    private static async Task SafeAsync(Task task)
    {
        try { await task; } catch (Exception) { /* a lost progress tick does not matter */ }
    }
}

public static class ImportServices
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddSingleton<ImportSignal>();
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<IKindImporter, EnterpriseImporter>();
        services.AddSingleton<IKindImporter, AssignmentImporter>();
        services.AddSingleton<IKindImporter, ProblemImporter>();
        services.AddSingleton<ImportWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportWorker>());
        return services;
    }
}
