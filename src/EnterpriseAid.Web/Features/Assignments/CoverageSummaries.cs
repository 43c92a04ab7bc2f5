using System.Globalization;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Dashboard;
using Microsoft.Extensions.Options;

namespace EnterpriseAid.Web.Features.Assignments;

/// <summary>
/// The coverage summary as the page shows it. For everything or a city with no town or class chosen, in the current quarter,
/// it is the one the snapshot pass counted today with the page's own statement and target (ADR-032), while fresh; anything
/// else is counted live. <see cref="AsOf"/> says when the stored summary was counted (null when counted live).
/// </summary>
public sealed class CoverageSummaries(CoverageQueries queries, AppDbContext db, IOptions<DashboardSnapshotOptions> options, TimeProvider clock)
{
    public static readonly CoverageFilter Unfiltered = new(null, null);

    /// <summary>When the summary shown was counted; null when it was counted live.</summary>
    public DateTimeOffset? AsOf { get; private set; }

    public async Task<CoverageSummary> SummaryAsync(CoverageFilter filter, Quarter quarter, int target, CancellationToken ct = default)
    {
        var key = options.Value.Enabled ? Key(db.Scope, filter, quarter, queries.Today, target) : null;
        if (key is not null
            && await DashboardData.ReadSnapshotAsync<CoverageSummary>(db, key, clock.GetUtcNow() - options.Value.MaxAge, ct) is { } hit)
        {
            AsOf = hit.ComputedAt;
            return hit.Value;
        }
        return await queries.SummaryAsync(filter, quarter, target, ct);
    }

    /// <summary>
    /// The key of a stored summary: the region (everything, or a city's path), the quarter, the Beijing day whose active
    /// assignments were counted, and the target. Null when no summary is stored for this scope and filter.
    /// </summary>
    public static string? Key(DataScope scope, CoverageFilter filter, Quarter quarter, DateOnly today, int target)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter != Unfiltered || quarter != Quarter.Of(today)) return null;
        if (!scope.SeesAll && (scope.RegionPath is null || !DashboardSnapshotKeys.IsWide(scope.RegionPath))) return null;
        return string.Create(CultureInfo.InvariantCulture, $"coverage|{(scope.SeesAll ? "*" : scope.RegionPath)}|{quarter}|{today:yyyyMMdd}|{target}");
    }

    /// <summary>
    /// For the snapshot pass: the summary of everything (<paramref name="region"/> null) or of a city, counted as a user of that
    /// scope opening the page now, with its key; null when Beijing's day changed while counting.
    /// </summary>
    public static async Task<(string Key, CoverageSummary Summary)?> CountAsync(IServiceScopeFactory scopes, string? region, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var regionDb = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        regionDb.Scope = region is null ? DataScope.Everything : DataScope.Region(region);
        var queries = scope.ServiceProvider.GetRequiredService<CoverageQueries>();
        var today = queries.Today;
        var quarter = Quarter.Of(today);
        var target = (await VisitTargetSettings.ReadAsync(regionDb, ct)).PerQuarter;
        var summary = await queries.SummaryAsync(Unfiltered, quarter, target, ct);
        if (queries.Today != today) return null;
        return Key(regionDb.Scope, Unfiltered, quarter, today, target) is { } key ? (key, summary) : null;
    }
}
