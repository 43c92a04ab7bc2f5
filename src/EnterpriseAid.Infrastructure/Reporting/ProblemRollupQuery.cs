using EnterpriseAid.Infrastructure.Persistence.Configurations;
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
        return region is null || ProblemDayFigures.DepthOf(region) is ProblemDayFigures.CityDepth or ProblemDayFigures.DistrictDepth;
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

        var sums = await DaySumsOf(db, region, from, to);
        if (sums is null || sums.Total == 0) return ProblemFigures.None;

        // 逾期 depends on today: of all time, the open problems' deadline days before today (V0095); of a period, the open
        // problems registered in it, counted live (a partial index).
        int overdue;
        if (from is null && to is null)
            overdue = await OpenPastDeadline(db, region is null ? ProblemDayFigures.CityDepth : ProblemDayFigures.DepthOf(region), region, today);
        else
        {
            var (start, end) = PeriodFilters.RegistrationInstants(from, to);
            overdue = await OverdueOf(db, region, start, end, today);
        }
        return new ProblemFigures(sums.Total, sums.SolvedOnSpot, sums.Dispatched, sums.Resolved, overdue,
            sums.ResolvedWithDeadline, sums.ResolvedByDeadline, sums.Rated, sums.Satisfied);
    }

    private sealed record DaySums(int Total, int SolvedOnSpot, int Dispatched, int Resolved, int ResolvedWithDeadline,
        int ResolvedByDeadline, int Rated, int Satisfied);

    // Both statements run on every request of the problem list and the dashboard, so they are compiled once. A null region or
    // bound is a test of a parameter: each run is planned for its own values (DependencyInjection.CreateDataSource), and
    // PostgreSQL folds such a test away, so each reads only its own index range.

    /// <summary>The sums of the roll-up's days: the cities' rows for the whole province (null region), else the region's own.</summary>
    private static readonly Func<AppDbContext, string?, DateOnly?, DateOnly?, Task<DaySums?>> DaySumsOf =
        EF.CompileAsyncQuery((AppDbContext db, string? region, DateOnly? from, DateOnly? to) =>
            db.ProblemDayFigures.AsNoTracking()
                .Where(d => ((region == null && d.Depth == ProblemDayFigures.CityDepth) || (region != null && d.RegionPath == region))
                            && (from == null || d.RegisteredOn >= from) && (to == null || d.RegisteredOn <= to))
                .GroupBy(_ => 1)
                .Select(g => new DaySums(g.Sum(d => d.Total), g.Sum(d => d.SolvedOnSpot), g.Sum(d => d.Dispatched), g.Sum(d => d.Resolved),
                    g.Sum(d => d.ResolvedWithDeadline), g.Sum(d => d.ResolvedByDeadline), g.Sum(d => d.Rated), g.Sum(d => d.Satisfied)))
                .FirstOrDefault());

    /// <summary>
    /// 逾期 of all time (<see cref="ProblemFigureRules.OverdueOn"/>) from the open problems' deadline days (V0095): the cities'
    /// rows for the whole province (depth 1, null region), else the city's or the district's own.
    /// </summary>
    private static readonly Func<AppDbContext, short, string?, DateOnly, Task<int>> OpenPastDeadline =
        EF.CompileAsyncQuery((AppDbContext db, short depth, string? region, DateOnly today) =>
            db.ProblemOpenDeadlines.AsNoTracking()
                .Where(d => d.Depth == depth && (region == null || d.RegionPath == region) && d.Deadline < today)
                .Sum(d => d.OpenCount));

    /// <summary>
    /// 逾期 (<see cref="ProblemFigureRules.OverdueOn"/>): the open problems registered in [start, end) past their deadline. The
    /// region is the one <see cref="TryRegion"/> gave, which already holds the scope (null only for a user who sees
    /// everything), so the problems' query filter would only repeat it.
    /// </summary>
    private static readonly Func<AppDbContext, string?, DateTimeOffset?, DateTimeOffset?, DateOnly, Task<int>> OverdueOf =
        EF.CompileAsyncQuery((AppDbContext db, string? region, DateTimeOffset? start, DateTimeOffset? end, DateOnly today) =>
            db.Problems.IgnoreQueryFilters().AsNoTracking()
                .Where(p => (region == null || EF.Property<string>(p, RegionColumns.RegionPath).StartsWith(region))
                            && (start == null || p.CreatedAt >= start) && (end == null || p.CreatedAt < end))
                .Where(ProblemFigureRules.Open)
                .Count(p => p.Deadline < today));
}
