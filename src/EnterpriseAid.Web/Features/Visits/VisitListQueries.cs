using System.Globalization;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Visits;

/// <summary>The visit list's criteria: Beijing days (inclusive), a region subtree and a kind, all optional.</summary>
public sealed record VisitCriteria(DateOnly? From, DateOnly? To, string? RegionPath, VisitKind? Kind);

public sealed record VisitListItem(long Id, DateOnly VisitedOn, VisitKind Kind, IReadOnlyList<string> EnterpriseNames, int Officials, string Summary);

public sealed record VisitListPage(IReadOnlyList<VisitListItem> Items, int Total, VisitFigures Figures, string? NextCursor);

/// <summary>
/// 走访记录 list within the user's scope: the visits the dashboard counts (a joining inspection is the same
/// inspection and is not listed again), with the figures of the same filter so a dashboard number and the
/// list agree. Keyset paging on (visit date, id), newest first.
/// </summary>
public sealed class VisitListQueries(AppDbContext db)
{
    public const int PageSize = 20;

    public async Task<VisitListPage> ListAsync(VisitCriteria criteria, string? after, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var from = criteria.From ?? ProblemFilterModel.EarliestDate;
        var to = criteria.To ?? ProblemFilterModel.LatestDate;
        var pairs = db.CountedVisits(from, to, criteria.RegionPath, criteria.Kind);
        // The figures and the total from the daily roll-up (ADR-034) for the province, a city or a district, or counted
        // from the scoped pairs: a pair exists only for an enterprise the user sees, so its visit is one the user sees
        // too, and the visits' own scope filter (an EXISTS per enterprise of every visit) is not needed for the total.
        var counts = await db.RollupVisitCountsAsync(from, to, criteria.RegionPath, criteria.Kind, ct)
            ?? new VisitCounts(await pairs.VisitFiguresAsync(ct), await pairs.Select(p => p.VisitId).Distinct().CountAsync(ct));
        var (figures, total) = (counts.Figures, counts.Visits);
        // The visits behind the figures: counted visits with at least one enterprise that counts.
        var listed = db.Visits.AsNoTracking().Where(v => pairs.Any(p => p.VisitId == v.Id));
        if (TryCursor(after, out var date, out var id))
        {
            listed = listed.Where(v => v.VisitedOn < date || (v.VisitedOn == date && v.Id < id));
        }
        var rows = await listed.OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id).Take(PageSize + 1).ToListAsync(ct);
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        var ids = rows.SelectMany(v => v.EnterpriseIds).Distinct().ToList();
        var names = await db.Enterprises.AsNoTracking().InRegion(criteria.RegionPath).Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var items = rows.Select(v => new VisitListItem(v.Id, v.VisitedOn, v.Kind,
            v.EnterpriseIds.Where(names.ContainsKey).Select(e => names[e]).ToList(), v.OfficialIds.Count, v.Summary)).ToList();
        var next = hasMore ? Cursor(rows[^1]) : null;
        return new VisitListPage(items, total, figures, next);
    }

    private static string Cursor(Visit v) => v.VisitedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + v.Id.ToString(CultureInfo.InvariantCulture);

    private static bool TryCursor(string? cursor, out DateOnly date, out long id)
    {
        date = default;
        id = 0;
        var parts = cursor?.Split('-');
        return parts is { Length: 2 }
            && DateOnly.TryParseExact(parts[0], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
