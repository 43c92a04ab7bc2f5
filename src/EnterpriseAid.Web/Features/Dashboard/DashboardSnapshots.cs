using System.Diagnostics;
using System.Text.Json;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Assignments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>The "Dashboard:Snapshots" configuration section (ADR-016).</summary>
public sealed class DashboardSnapshotOptions
{
    public const string Section = "Dashboard:Snapshots";

    /// <summary>Whether this node counts snapshots and the dashboard reads them; when off everything is counted live.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between passes; at least 1.</summary>
    public int IntervalMinutes { get; set; } = 10;

    /// <summary>Seconds after start-up before the first pass.</summary>
    public int StartDelaySeconds { get; set; } = 30;

    public TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, IntervalMinutes));

    public TimeSpan StartDelay => TimeSpan.FromSeconds(Math.Max(0, StartDelaySeconds));

    /// <summary>A snapshot older than two intervals is not shown: the job has stopped, and live figures are better than old ones.</summary>
    public TimeSpan MaxAge => Interval * 2;
}

/// <summary>What one pass did: snapshots written and how long it took, or that another node was doing it.</summary>
public sealed record DashboardSnapshotPass(bool Ran, int Written, TimeSpan Took);

/// <summary>
/// Counts the dashboard for the widest regions (everything and each top-level unit) and the four standard periods with the
/// live queries themselves — figures of the period and of the previous one, the four breakdowns, the weekly trend — and the
/// same regions' 包联 coverage summary of today and this quarter, and stores them as JSON. One node at a time (a session
/// advisory lock), and a pass is skipped when another node's finished less than half an interval ago.
/// </summary>
public sealed class DashboardSnapshotRefresher(NpgsqlDataSource dataSource, IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<DashboardSnapshotOptions> options, ILogger<DashboardSnapshotRefresher> logger)
{
    public const long AdvisoryLockKey = 7_420_260_016;

    public static readonly PeriodPreset[] Presets = [PeriodPreset.Week, PeriodPreset.Month, PeriodPreset.Quarter, PeriodPreset.Year];

    public async Task<DashboardSnapshotPass> RunOnceAsync(bool evenIfRecent = false, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", conn))
        {
            lockCmd.Parameters.AddWithValue("key", AdvisoryLockKey);
            if (!(bool)(await lockCmd.ExecuteScalarAsync(ct))!) return new DashboardSnapshotPass(false, 0, watch.Elapsed);
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Scope = DataScope.Everything;
            var now = clock.GetUtcNow();
            if (!evenIfRecent && await db.DashboardSnapshots.AnyAsync(s => s.ComputedAt > now - options.Value.Interval / 2, ct))
                return new DashboardSnapshotPass(false, 0, watch.Elapsed);

            var queries = scope.ServiceProvider.GetRequiredService<DashboardQueries>();
            var breakdowns = scope.ServiceProvider.GetRequiredService<DashboardBreakdowns>();
            var tops = await db.OrgUnits.AsNoTracking().Where(o => o.ParentId == null && o.Kind != OrgUnitKind.Department)
                .OrderBy(o => o.Id).Select(o => o.Path).ToListAsync(ct);
            var written = 0;
            foreach (var region in tops.Prepend(null))
            {
                foreach (var preset in Presets)
                {
                    var period = DashboardPeriod.Of(preset, queries.Today);
                    foreach (var p in new[] { period, period.Previous })
                        written += await WriteAsync(db, DashboardSnapshotKeys.Figures(db.Scope, region, p), await queries.FiguresAsync(region, p, ct), ct);
                    foreach (var kind in Enum.GetValues<BreakdownKind>())
                    {
                        var rows = await breakdowns.BreakdownAsync(kind, region, period, ct);
                        written += await WriteAsync(db, DashboardSnapshotKeys.Breakdown(db.Scope, kind, region, period), rows, ct);
                        written += await WriteAsync(db, DashboardSnapshotKeys.BreakdownView(db.Scope, kind, region, period), BreakdownView.Of(rows), ct);
                    }
                    written += await WriteAsync(db, DashboardSnapshotKeys.Trend(db.Scope, region, period), await breakdowns.WeeklyTrendAsync(region, period, ct), ct);
                }
            }
            // The 包联 coverage summary of the same regions (ADR-032), as /assignments/coverage counts it for today and this quarter.
            foreach (var region in tops.Prepend(null))
                if (await CoverageSummaries.CountAsync(scopes, region, ct) is { } coverage)
                    written += await WriteAsync(db, coverage.Key, coverage.Summary, ct);
            // Yesterday's periods are never asked for again.
            var stale = clock.GetUtcNow() - TimeSpan.FromDays(1);
            await db.DashboardSnapshots.Where(s => s.ComputedAt < stale).ExecuteDeleteAsync(ct);
            logger.LogInformation("Dashboard snapshots: {Written} written in {Elapsed}", written, watch.Elapsed);
            return new DashboardSnapshotPass(true, written, watch.Elapsed);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", conn);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            try { await unlock.ExecuteScalarAsync(CancellationToken.None); }
            catch (NpgsqlException ex) { logger.LogWarning(ex, "Could not release the dashboard snapshot lock explicitly"); }
        }
    }

    private async Task<int> WriteAsync<T>(AppDbContext db, string? key, T value, CancellationToken ct)
    {
        if (key is null) return 0;
        var payload = JsonSerializer.Serialize(value, SnapshotJson.Options);
        var at = clock.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO dashboard_snapshots (key, computed_at, payload) VALUES ({key}, {at}, {payload})
            ON CONFLICT (key) DO UPDATE SET computed_at = excluded.computed_at, payload = excluded.payload
            """, ct);
        return 1;
    }
}

/// <summary>Runs <see cref="DashboardSnapshotRefresher"/> after start-up and then every interval; a failed pass is logged and retried next time.</summary>
public sealed class DashboardSnapshotJob(DashboardSnapshotRefresher refresher, IOptions<DashboardSnapshotOptions> options, TimeProvider clock,
    ILogger<DashboardSnapshotJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Dashboard snapshots are off on this node (Dashboard:Snapshots:Enabled)");
            return;
        }
        var delay = settings.StartDelay;
        while (true)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
                await refresher.RunOnceAsync(ct: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Dashboard snapshot pass failed; the next try is in {Interval}", settings.Interval);
            }
            delay = settings.Interval;
        }
    }
}
