using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// The problem figures of a period over the province, a city or a district, read from the daily roll-up (V0070,
/// ADR-024) instead of counting every problem: the sums of <see cref="ProblemDayFigures"/> over the period's days
/// and the cities of the province, or the days of one city or district; and 逾期 counted live from the open problems. The roll-up is kept in the transaction
/// of every change, so the result equals <see cref="ProblemFigureQuery.FiguresAsync"/> over the same problems.
/// </summary>
public static class ProblemRollupQuery
{
    /// <summary>
    /// The region the roll-up answers for a user of <paramref name="scope"/> asking for <paramref name="regionPath"/>
    /// (null: the whole scope): the narrower of the two when it is everything, a city or a district. False when the
    /// roll-up cannot answer (a town, a department's or an enterprise's scope, regions that do not overlap): count live.
    /// The roll-up has no query filter, so this is where the scope is applied to it.
    /// </summary>
    public static bool TryRegion(DataScope scope, string? regionPath, out string? region)
    {
        ArgumentNullException.ThrowIfNull(scope);
        region = null;
        if (scope.SeesAll) region = regionPath;
        else if (scope is { RegionPath: { } own, DepartmentId: null, EnterpriseId: null })
        {
            if (regionPath is null || own.StartsWith(regionPath, StringComparison.Ordinal)) region = own;
            else if (regionPath.StartsWith(own, StringComparison.Ordinal)) region = regionPath;
            else return false;
        }
        else return false;
        // The roll-up has a row per city ("/city/") and per district ("/city/district/"), not per town.
        return region is null || region.Count(c => c == '/') is 2 or 3;
    }

    /// <summary>
    /// The figures of the problems registered on the Beijing days <paramref name="from"/> to <paramref name="to"/> (either
    /// open) in the user's scope and <paramref name="regionPath"/>; null when the roll-up cannot answer (see
    /// <see cref="TryRegion"/>) and the caller counts live.
    /// </summary>
    public static async Task<ProblemFigures?> RollupFiguresAsync(this AppDbContext db, string? regionPath, DateOnly? from, DateOnly? to,
        DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!TryRegion(db.Scope, regionPath, out var region)) return null;

        var days = region is null
            ? db.ProblemDayFigures.AsNoTracking().Where(d => d.Depth == ProblemDayFigures.CityDepth)
            : db.ProblemDayFigures.AsNoTracking().Where(d => d.RegionPath == region);
        if (from is { } f) days = days.Where(d => d.RegisteredOn >= f);
        if (to is { } t) days = days.Where(d => d.RegisteredOn <= t);
        var sums = await days.GroupBy(_ => 1).Select(g => new
        {
            Total = g.Sum(d => d.Total),
            SolvedOnSpot = g.Sum(d => d.SolvedOnSpot),
            Dispatched = g.Sum(d => d.Dispatched),
            Resolved = g.Sum(d => d.Resolved),
            ResolvedWithDeadline = g.Sum(d => d.ResolvedWithDeadline),
            ResolvedByDeadline = g.Sum(d => d.ResolvedByDeadline),
            Rated = g.Sum(d => d.Rated),
            Satisfied = g.Sum(d => d.Satisfied),
        }).FirstOrDefaultAsync(ct);
        if (sums is null || sums.Total == 0) return ProblemFigures.None;

        // 逾期 depends on today: the open problems of the period (a partial index), within the scope's own filter.
        var open = db.Problems.AsNoTracking().InRegion(region).RegisteredBetween(from, to);
        var overdue = await open.CountAsync(ProblemFigureRules.OverdueOn(today), ct);
        return new ProblemFigures(sums.Total, sums.SolvedOnSpot, sums.Dispatched, sums.Resolved, overdue,
            sums.ResolvedWithDeadline, sums.ResolvedByDeadline, sums.Rated, sums.Satisfied);
    }
}
