using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// Narrowing to a region subtree (an org unit's materialised path), on the region path the database keeps on each
/// row (V0014, ADR-016): one index range, never a test through the org tree per row. A null path leaves the query as
/// it is. These narrow within the user's scope; they never widen it (the query filters still apply).
/// </summary>
public static class RegionFilters
{
    public static IQueryable<Problem> InRegion(this IQueryable<Problem> problems, string? regionPath) =>
        regionPath is null ? problems : problems.Where(p => EF.Property<string>(p, RegionColumns.RegionPath).StartsWith(regionPath));

    public static IQueryable<Enterprise> InRegion(this IQueryable<Enterprise> enterprises, string? regionPath) =>
        regionPath is null ? enterprises : enterprises.Where(e => EF.Property<string>(e, RegionColumns.RegionPath).StartsWith(regionPath));

    public static IQueryable<VisitEnterprise> InRegion(this IQueryable<VisitEnterprise> visits, string? regionPath) =>
        regionPath is null ? visits : visits.Where(v => v.RegionPath.StartsWith(regionPath));

    public static IQueryable<Domain.Supervision.SupervisionNotice> InRegion(this IQueryable<Domain.Supervision.SupervisionNotice> notices, string? regionPath) =>
        regionPath is null ? notices : notices.Where(n => EF.Property<string>(n, RegionColumns.RegionPath).StartsWith(regionPath));

    /// <summary>The town a problem's enterprise lies in (kept on the problem), the key of breakdowns by town.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Problem, long>> ProblemTown = p => EF.Property<long>(p, RegionColumns.TownId);
}
