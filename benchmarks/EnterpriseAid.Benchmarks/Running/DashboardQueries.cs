using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Assignments;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Features.Supervision;
using EnterpriseAid.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.Benchmarks.Running;

/// <summary>Who a query runs for: the scope its context is given, as the signed-in user's would be.</summary>
public enum BenchScope
{
    /// <summary>Province-wide supervisor: sees everything.</summary>
    Province,
    City,
    District,
    Town,
    /// <summary>A department handler of the district.</summary>
    Department,
    /// <summary>An enterprise's own account (the portal).</summary>
    Enterprise,
}

/// <summary>
/// One dashboard-type query as the app issues it: resolved from the app's own services in a request-like DI scope
/// whose <see cref="AppDbContext"/> carries <see cref="Scope"/>. The result is returned so the smoke test can check
/// that it ran and the runner can print a short summary.
/// </summary>
public sealed record BenchQuery(string Name, BenchScope Scope, Func<QueryContext, Task<object>> Run);

/// <summary>What a query may use: the request's services, the sample units the scopes point at, and "today".</summary>
public sealed record QueryContext(IServiceProvider Services, BenchTargets Targets, DateOnly Today, CancellationToken Cancellation)
{
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    public AppDbContext Db => Get<AppDbContext>();
}

/// <summary>
/// The list of benchmarked queries. To benchmark a new dashboard query, add one line here: a name, the scope, and a
/// call to the service the page uses.
/// </summary>
public static class DashboardQueries
{
    public static IReadOnlyList<BenchQuery> All { get; } =
    [
        // 问题台账 figures (design.md → Figures): one SQL statement per call.
        new("figures.district.month", BenchScope.District, async q =>
            await q.Get<ProblemQueries>().FiguresAsync(new ProblemCriteria { From = Month(q.Today).From, To = Month(q.Today).To }, q.Cancellation)),
        new("figures.province.year", BenchScope.Province, async q =>
            await q.Get<ProblemQueries>().FiguresAsync(new ProblemCriteria { From = q.Today.AddDays(-364), To = q.Today }, q.Cancellation)),
        new("figures.city.by-town.quarter", BenchScope.City, async q =>
        {
            var problems = q.Get<ProblemQueries>().Filtered(new ProblemCriteria { From = q.Today.AddDays(-90), To = q.Today });
            var db = q.Db;
            return await problems.FiguresByAsync(RegionFilters.ProblemTown, q.Today, q.Cancellation);
        }),
        new("figures.town.all-time", BenchScope.Town, async q =>
            await q.Get<ProblemQueries>().FiguresAsync(ProblemCriteria.All, q.Cancellation)),
        new("figures.department.year", BenchScope.Department, async q =>
            await q.Get<ProblemQueries>().FiguresAsync(new ProblemCriteria { From = q.Today.AddDays(-364), To = q.Today }, q.Cancellation)),

        // Overdue and flags: the supervision list's counts and first page; overdue problems of a district.
        new("flags.province.counts+page", BenchScope.Province, async q =>
            await q.Get<SupervisionQueries>().FlaggedAsync(new FlaggedFilter(null, null, 1), q.Cancellation)),
        new("flags.city.red.page", BenchScope.City, async q =>
            await q.Get<SupervisionQueries>().FlaggedAsync(new FlaggedFilter("red", null, 1), q.Cancellation)),
        new("overdue.district.count", BenchScope.District, async q =>
            await q.Db.Problems.AsNoTracking().CountAsync(ProblemFigureRules.OverdueOn(q.Today), q.Cancellation)),

        // 包联 coverage: the quarter's visits per enterprise against the target.
        new("coverage.district.summary", BenchScope.District, async q =>
            await q.Get<CoverageQueries>().SummaryAsync(new CoverageFilter(null, null), Quarter.Of(q.Today), 1, q.Cancellation)),
        new("coverage.town.visits.page", BenchScope.Town, async q =>
            await q.Get<CoverageQueries>().VisitsAsync(new CoverageFilter(null, null), Quarter.Of(q.Today), 1, belowOnly: true, null,
                q.Cancellation)),
        new("visits.city.quarter.count", BenchScope.City, async q =>
            await q.Db.CountedVisits(Quarter.Of(q.Today).Start, Quarter.Of(q.Today).End).VisitFiguresAsync(q.Cancellation)),

        // 问题台账 first page with filters (the figures and the page, as /problems reads them).
        new("problems.city.list.in-progress", BenchScope.City, async q =>
            await q.Get<ProblemQueries>().PageAsync(new ProblemCriteria { Status = ProblemStatus.InProgress, Category = "funding" }, null, null,
                q.Cancellation)),
        new("problems.province.list.year", BenchScope.Province, async q =>
            await q.Get<ProblemQueries>().PageAsync(new ProblemCriteria { From = q.Today.AddDays(-364), To = q.Today, Category = "land" }, null, null,
                q.Cancellation)),

        // 领导驾驶舱: every figure card of one scope and period (visits, problems, flags, 督办单), as /dashboard asks.
        new("dashboard.district.month", BenchScope.District, async q =>
            await q.Get<Web.Features.Dashboard.DashboardQueries>().FiguresAsync(null,
                Web.Features.Dashboard.DashboardPeriod.Of(Web.Features.Dashboard.PeriodPreset.Month, q.Today), q.Cancellation)),
        new("dashboard.city.quarter", BenchScope.City, async q =>
            await q.Get<Web.Features.Dashboard.DashboardQueries>().FiguresAsync(null,
                Web.Features.Dashboard.DashboardPeriod.Of(Web.Features.Dashboard.PeriodPreset.Quarter, q.Today), q.Cancellation)),
        new("dashboard.province.year", BenchScope.Province, async q =>
            await q.Get<Web.Features.Dashboard.DashboardQueries>().FiguresAsync(null,
                Web.Features.Dashboard.DashboardPeriod.Of(Web.Features.Dashboard.PeriodPreset.Year, q.Today), q.Cancellation)),

        // What one /dashboard request reads, through DashboardData as the page does: the widest regions' standard periods come
        // from the job's snapshots (counted once before these run), a district is counted live.
        .. Page("province.year", BenchScope.Province, Web.Features.Dashboard.PeriodPreset.Year),
        .. Page("city.quarter", BenchScope.City, Web.Features.Dashboard.PeriodPreset.Quarter),
        .. Page("district.month", BenchScope.District, Web.Features.Dashboard.PeriodPreset.Month),

        // 我的待办 counts.
        new("tasks.department.counts", BenchScope.Department, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.HandlerUserId, false, false, false, q.Targets.DepartmentId, null),
                q.Cancellation)).Distinct),
        new("tasks.district-supervisor.counts", BenchScope.District, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.SupervisorUserId, false, true, false, null, null),
                q.Cancellation)).Distinct),
    ];

    private static (DateOnly From, DateOnly To) Month(DateOnly today) => ProblemFilterModel.Month(today);

    /// <summary>The calls of one /dashboard request: the figure cards (period and previous), each breakdown, the weekly trend.</summary>
    private static IEnumerable<BenchQuery> Page(string name, BenchScope scope, Web.Features.Dashboard.PeriodPreset preset)
    {
        static Web.Features.Dashboard.DashboardPeriod Period(QueryContext q, Web.Features.Dashboard.PeriodPreset preset) =>
            Web.Features.Dashboard.DashboardPeriod.Of(preset, q.Today);
        static Web.Features.Dashboard.DashboardData Data(QueryContext q) => q.Get<Web.Features.Dashboard.DashboardData>();

        yield return new($"page.{name}.figures", scope, async q =>
            (await Data(q).FiguresAsync(null, Period(q, preset), q.Cancellation),
             await Data(q).FiguresAsync(null, Period(q, preset).Previous, q.Cancellation)));
        foreach (var kind in Enum.GetValues<Web.Features.Dashboard.BreakdownKind>())
            yield return new($"page.{name}.by-{kind.ToString().ToLowerInvariant()}", scope, async q =>
                await Data(q).BreakdownPageAsync(kind, null, Period(q, preset), null, false, null, q.Cancellation));
        yield return new($"page.{name}.trend", scope, async q => await Data(q).WeeklyTrendAsync(null, Period(q, preset), q.Cancellation));
    }
}
