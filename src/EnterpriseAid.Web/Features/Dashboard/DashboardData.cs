using System.Globalization;
using System.Text.Json;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>
/// What the dashboard page and its exports read: the figures, breakdowns and trend of <see cref="DashboardQueries"/> and
/// <see cref="DashboardBreakdowns"/>, taken from the job's snapshot (ADR-016) where one exists for the same region and
/// standard period and is fresh, and counted live otherwise. <see cref="AsOf"/> says when the oldest snapshot used was
/// counted (null when everything is live), so the page can say "数据截至".
/// </summary>
public sealed class DashboardData(DashboardQueries queries, DashboardBreakdowns breakdowns, AppDbContext db,
    IOptions<DashboardSnapshotOptions> options, TimeProvider clock)
{
    public DateOnly Today => queries.Today;

    /// <summary>When the oldest snapshot behind what was read was counted; null when every figure was counted live.</summary>
    public DateTimeOffset? AsOf { get; private set; }

    public Task<DashboardFigures> FiguresAsync(string? regionPath, DashboardPeriod period, CancellationToken ct = default) =>
        ReadAsync(DashboardSnapshotKeys.Figures(db.Scope, regionPath, period), () => queries.FiguresAsync(regionPath, period, ct), ct);

    public Task<IReadOnlyList<BreakdownRow>> BreakdownAsync(BreakdownKind kind, string? regionPath, DashboardPeriod period, CancellationToken ct = default) =>
        ReadAsync(DashboardSnapshotKeys.Breakdown(db.Scope, kind, regionPath, period), () => breakdowns.BreakdownAsync(kind, regionPath, period, ct), ct);

    public Task<IReadOnlyList<WeekPoint>> WeeklyTrendAsync(string? regionPath, DashboardPeriod period, CancellationToken ct = default) =>
        ReadAsync(DashboardSnapshotKeys.Trend(db.Scope, regionPath, period), () => breakdowns.WeeklyTrendAsync(regionPath, period, ct), ct);

    private async Task<T> ReadAsync<T>(string? key, Func<Task<T>> live, CancellationToken ct)
    {
        if (key is null || !options.Value.Enabled) return await live();
        if (await ReadSnapshotAsync<T>(db, key, clock.GetUtcNow() - options.Value.MaxAge, ct) is not { } hit) return await live();
        AsOf = AsOf is { } earlier && earlier < hit.ComputedAt ? earlier : hit.ComputedAt;
        return hit.Value;
    }

    /// <summary>The snapshot stored under <paramref name="key"/> if it was counted at or after <paramref name="freshFrom"/> and still reads.</summary>
    public static async Task<(T Value, DateTimeOffset ComputedAt)?> ReadSnapshotAsync<T>(AppDbContext db, string key, DateTimeOffset freshFrom,
        CancellationToken ct)
    {
        var hit = await db.DashboardSnapshots.AsNoTracking()
            .Where(s => s.Key == key && s.ComputedAt >= freshFrom)
            .Select(s => new { s.ComputedAt, s.Payload }).FirstOrDefaultAsync(ct);
        if (hit is null) return null;
        try
        {
            return (JsonSerializer.Deserialize<T>(hit.Payload, SnapshotJson.Options)!, hit.ComputedAt);
        }
        catch (JsonException)
        {
            // Written by an older version of the portal: the next pass replaces it; until then, count live.
            return null;
        }
    }
}

/// <summary>
/// The key of a snapshot: what (figures, a breakdown, the trend), the region it covers and the period's days. Only the
/// widest regions (everything, or a top-level unit such as a city) and the standard periods have snapshots; any other
/// request has no key and is counted live. A region user's own region is the region when none is chosen.
/// </summary>
public static class DashboardSnapshotKeys
{
    public static string? Figures(DataScope scope, string? regionPath, DashboardPeriod period) => Key("figures", scope, regionPath, period);

    public static string? Breakdown(DataScope scope, BreakdownKind kind, string? regionPath, DashboardPeriod period) =>
        Key("by-" + DashboardTable.KindCode(kind), scope, regionPath, period);

    public static string? Trend(DataScope scope, string? regionPath, DashboardPeriod period) => Key("trend", scope, regionPath, period);

    /// <summary>A region wide enough for snapshots: everything (null) or a unit at the top of the tree ("/12/").</summary>
    public static bool IsWide(string? regionPath) => regionPath is null || regionPath.Count(c => c == '/') <= 2;

    private static string? Key(string what, DataScope scope, string? regionPath, DashboardPeriod period)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(period);
        if (period.Preset == PeriodPreset.Custom) return null;
        string? region;
        if (scope.SeesAll) region = regionPath;
        else if (scope.RegionPath is { } own)
        {
            if (regionPath is not null && !regionPath.StartsWith(own, StringComparison.Ordinal)) return null;
            region = regionPath ?? own;
        }
        else return null;
        if (!IsWide(region)) return null;
        return string.Create(CultureInfo.InvariantCulture, $"{what}|{region ?? "*"}|{period.From:yyyyMMdd}-{period.To:yyyyMMdd}");
    }
}
