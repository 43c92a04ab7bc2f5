using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Visits;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// Counts <see cref="VisitFigures"/> in SQL: the visits' enterprise arrays are unnested and joined to the
/// enterprises of the scope, so a visit counts only for its enterprises the user may see (or that lie in
/// the chosen region), never rows loaded to be counted.
/// </summary>
public static class VisitFigureQuery
{
    /// <param name="visits">Visits of the period (any other filter applied); the counted-visit rule is applied here.</param>
    /// <param name="enterprises">The enterprises that count: the scope's, narrowed to a region if one is chosen.</param>
    public static async Task<VisitFigures> FiguresAsync(this IQueryable<Visit> visits, IQueryable<Enterprise> enterprises, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(visits);
        ArgumentNullException.ThrowIfNull(enterprises);
        var counted = visits.Where(VisitFigureRules.Counted);
        var pairs = EnterpriseVisits(counted, enterprises);
        var enterpriseVisits = await pairs.CountAsync(ct);
        var covered = await pairs.Select(x => x.EnterpriseId).Distinct().CountAsync(ct);
        var symposia = await counted.Where(VisitFigureRules.Symposium)
            .Where(v => v.EnterpriseIds.Any(id => enterprises.Any(e => e.Id == id))).CountAsync(ct);
        return new VisitFigures(enterpriseVisits, symposia, covered);
    }

    /// <summary>One row per (visit, enterprise in <paramref name="enterprises"/>): the 家次 of <paramref name="visits"/>.</summary>
    public static IQueryable<EnterpriseVisit> EnterpriseVisits(IQueryable<Visit> visits, IQueryable<Enterprise> enterprises) =>
        visits.SelectMany(v => v.EnterpriseIds, (v, id) => new { v.Id, v.Kind, v.VisitedOn, EnterpriseId = id })
            .Join(enterprises, x => x.EnterpriseId, e => e.Id, (x, e) => new EnterpriseVisit(x.Id, x.Kind, x.VisitedOn, e.Id, e.TownId));
}

/// <summary>One enterprise of one visit (one 家次), with the enterprise's town for breakdowns.</summary>
public sealed record EnterpriseVisit(long VisitId, VisitKind Kind, DateOnly VisitedOn, long EnterpriseId, long TownId);
