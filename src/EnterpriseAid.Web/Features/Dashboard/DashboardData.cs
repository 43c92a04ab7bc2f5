using System.Globalization;
using System.Text.Json;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Components.Shared;
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

    /// <summary>
    /// What the page shows of a breakdown: one page of <see cref="BreakdownView.PageSize"/> rows in the chosen order, how many
    /// rows there are, and the ranking chart's rows. The first page of every order comes from the snapshot's view (a few
    /// hundred rows) where there is one, so a province's 100,000 officials are not read back for it; any other page, or a
    /// breakdown without a snapshot, sorts every row.
    /// </summary>
    public async Task<BreakdownPage> BreakdownPageAsync(BreakdownKind kind, string? regionPath, DashboardPeriod period, string? sort, bool descending,
        string? page, CancellationToken ct = default)
    {
        var first = page is null or "" or "1";
        if (first && DashboardSnapshotKeys.BreakdownView(db.Scope, kind, regionPath, period) is { } key)
        {
            var view = await ReadAsync<BreakdownView?>(key, () => Task.FromResult<BreakdownView?>(null), ct);
            if (view is not null && view.FirstPages.TryGetValue(BreakdownView.OrderKey(sort, descending), out var rows))
                return new BreakdownPage(rows, view.Count, PageNumber.Of(null, view.Count, BreakdownView.PageSize), view.Ranking);
        }
        var all = await BreakdownAsync(kind, regionPath, period, ct);
        var number = PageNumber.Of(page, all.Count, BreakdownView.PageSize);
        var sorted = BreakdownColumns.Sort(all, sort, descending);
        return new BreakdownPage(sorted.Skip(number.Skip).Take(BreakdownView.PageSize).ToList(), all.Count, number, BreakdownView.Ranked(all));
    }

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

    /// <summary>The first page of a breakdown in every order, beside the breakdown itself (<see cref="BreakdownView"/>).</summary>
    public static string? BreakdownView(DataScope scope, BreakdownKind kind, string? regionPath, DashboardPeriod period) =>
        Key("view-by-" + DashboardTable.KindCode(kind), scope, regionPath, period);

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

/// <summary>One page of a breakdown as the page shows it, with the number of rows and the ranking chart's rows.</summary>
public sealed record BreakdownPage(IReadOnlyList<BreakdownRow> Rows, int Count, PageNumber Page, IReadOnlyList<BreakdownRow> Ranking);

/// <summary>
/// What the page needs of a breakdown without reading all of it (ADR-033): its row count, the first page in each order the
/// table can be sorted by (every column, both directions) and the rows of the ranking chart. Written by the snapshot job
/// beside the full breakdown, which the exports keep reading.
/// </summary>
public sealed record BreakdownView(int Count, IReadOnlyDictionary<string, IReadOnlyList<BreakdownRow>> FirstPages, IReadOnlyList<BreakdownRow> Ranking)
{
    public const int PageSize = 50;

    /// <summary>The ranking chart's rows: the 15 best 解决率 of the rows with problems (the chart's own selection).</summary>
    public static IReadOnlyList<BreakdownRow> Ranked(IEnumerable<BreakdownRow> rows) =>
        BreakdownColumns.Sort(rows, "rate", descending: false).Where(r => r.Problems.Total > 0).TakeLast(15).ToList();

    /// <summary>The order a request asks for, as <see cref="BreakdownColumns.Sort"/> reads it (an unknown column sorts by name).</summary>
    public static string OrderKey(string? sort, bool descending) =>
        (sort is not null && BreakdownColumns.All.Contains(sort) ? sort : "name") + (descending ? ":desc" : ":asc");

    public static BreakdownView Of(IReadOnlyList<BreakdownRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var pages = new Dictionary<string, IReadOnlyList<BreakdownRow>>();
        foreach (var column in BreakdownColumns.All)
        {
            foreach (var descending in new[] { false, true })
                pages[OrderKey(column, descending)] = BreakdownColumns.Sort(rows, column, descending).Take(PageSize).ToList();
        }
        return new BreakdownView(rows.Count, pages, Ranked(rows));
    }
}
