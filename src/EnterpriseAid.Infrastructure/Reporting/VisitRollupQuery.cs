using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>The visit figures of a filter and how many distinct visits they come from (the visit list's total).</summary>
public sealed record VisitCounts(VisitFigures Figures, int Visits);

/// <summary>
/// The visit figures of a period over the province, a city or a district, read from the daily roll-up (V0088, ADR-034)
/// instead of counting every (visit, enterprise) pair: 家次 and visits summed over the period's days, 座谈会 as the
/// symposia among them, and the enterprises covered from the days of the enterprises' last visits. The roll-up is kept
/// in the transaction of every change, so the result equals <see cref="VisitFigureQuery"/> over the same pairs
/// (VisitRollupTests); when the roll-up cannot answer, the caller counts live.
/// </summary>
public static class VisitRollupQuery
{
    /// <summary>
    /// The figures of the counted visits on the Beijing days <paramref name="from"/> to <paramref name="to"/> in the user's
    /// scope and <paramref name="regionPath"/> (the whole scope when null), or null when the roll-up cannot answer: a town,
    /// a department's or an enterprise's scope (<see cref="ProblemRollupQuery.TryRegion"/>), a kind filter, or a period
    /// that ends before some enterprise of the region was last visited (enterprises covered is then not a sum of days).
    /// </summary>
    public static async Task<VisitCounts?> RollupVisitCountsAsync(this AppDbContext db, DateOnly from, DateOnly to, string? regionPath,
        VisitKind? kind, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (kind is not null || !ProblemRollupQuery.TryRegion(db.Scope, regionPath, out var region)) return null;

        var lastDays = region is null
            ? db.LastVisitDayCounts.AsNoTracking().Where(d => d.Depth == VisitDayFigures.ProvinceDepth)
            : db.LastVisitDayCounts.AsNoTracking().Where(d => d.RegionPath == region);
        // One statement: the enterprises last visited in the period, and whether any was last visited after it.
        var last = await lastDays.Where(d => d.LastVisitedOn >= from && d.Enterprises != 0).GroupBy(_ => 1).Select(g => new
        {
            Covered = g.Sum(d => d.LastVisitedOn <= to ? d.Enterprises : 0),
            Later = g.Count(d => d.LastVisitedOn > to),
        }).FirstOrDefaultAsync(ct);
        if (last is { Later: > 0 }) return null;
        var covered = last?.Covered ?? 0;

        var days = region is null
            ? db.VisitDayFigures.AsNoTracking().Where(d => d.Depth == VisitDayFigures.ProvinceDepth)
            : db.VisitDayFigures.AsNoTracking().Where(d => d.RegionPath == region);
        var sums = await days.Where(d => d.VisitedOn >= from && d.VisitedOn <= to).GroupBy(_ => 1).Select(g => new
        {
            Pairs = g.Sum(d => d.Pairs),
            Visits = g.Sum(d => d.Visits),
            Symposia = g.Sum(d => d.Kind == VisitKind.Symposium ? d.Visits : 0),
        }).FirstOrDefaultAsync(ct);
        return sums is null
            ? new VisitCounts(VisitFigures.None with { EnterprisesCovered = covered }, 0)
            : new VisitCounts(new VisitFigures(sums.Pairs, sums.Symposia, covered), sums.Visits);
    }

    /// <summary>The visit figures of a period and region: from the roll-up when it answers, otherwise counted live.</summary>
    public static async Task<VisitFigures> VisitFiguresAsync(this AppDbContext db, DateOnly from, DateOnly to, string? regionPath,
        CancellationToken ct = default) =>
        (await db.RollupVisitCountsAsync(from, to, regionPath, null, ct))?.Figures
        ?? await db.CountedVisits(from, to, regionPath).VisitFiguresAsync(ct);
}
