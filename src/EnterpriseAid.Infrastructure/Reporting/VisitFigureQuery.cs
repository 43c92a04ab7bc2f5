using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// Counts <see cref="VisitFigures"/> in SQL, the one definition of the visit figures (ADR-013): over the
/// (visit, enterprise) rows the database keeps in <c>visit_enterprises</c> (V0014), which carry the scope's query
/// filter — a visit counts only for its enterprises the user may see — and are narrowed to a region by their own
/// region path. No row is loaded to be counted.
/// </summary>
public static class VisitFigureQuery
{
    /// <summary>
    /// One row per counted visit and enterprise (one 家次) on Beijing days <paramref name="from"/> to <paramref name="to"/>, in the
    /// user's scope and in <paramref name="regionPath"/> (the whole scope when null). A counted visit is any kind, but not an
    /// inspection that joins another inspection of the same day.
    /// </summary>
    public static IQueryable<VisitEnterprise> CountedVisits(this AppDbContext db, DateOnly from, DateOnly to, string? regionPath = null, VisitKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = db.VisitEnterprises.AsNoTracking().Where(v => v.Counted && v.VisitedOn >= from && v.VisitedOn <= to).InRegion(regionPath);
        return kind is { } k ? rows.Where(v => v.Kind == k) : rows;
    }

    /// <summary>家次, 座谈会 and enterprises covered, over <paramref name="rows"/> (from <see cref="CountedVisits"/>), in one statement.</summary>
    public static async Task<VisitFigures> VisitFiguresAsync(this IQueryable<VisitEnterprise> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var figures = await rows.GroupBy(_ => 1).Select(g => new
        {
            Visits = g.Count(),
            Symposia = g.Where(v => v.Kind == VisitKind.Symposium).Select(v => v.VisitId).Distinct().Count(),
            Covered = g.Select(v => v.EnterpriseId).Distinct().Count(),
        }).FirstOrDefaultAsync(ct);
        return figures is null ? VisitFigures.None : new VisitFigures(figures.Visits, figures.Symposia, figures.Covered);
    }
}
