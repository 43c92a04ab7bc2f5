using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Web.Features.Assignments;
using EnterpriseAid.Web.Features.Assistance;
using EnterpriseAid.Web.Features.Audit;
using EnterpriseAid.Web.Features.Enterprises;
using EnterpriseAid.Web.Features.Operating;
using EnterpriseAid.Web.Features.Organization;
using EnterpriseAid.Web.Features.Policies;
using EnterpriseAid.Web.Features.Portal;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Features.Projects;
using EnterpriseAid.Web.Features.Subsidies;
using EnterpriseAid.Web.Features.Supervision;
using EnterpriseAid.Web.Features.Tasks;
using EnterpriseAid.Web.Features.Users;
using EnterpriseAid.Web.Features.Visits;

namespace EnterpriseAid.Benchmarks.Running;

/// <summary>
/// What each list page reads, through the service the page calls, at province scope and at a district or town
/// scope where the page has one. An entry that times "next" first reads page one for its cursor, as the user's
/// second request would carry it; only page two is what a person waits for, but both are timed together.
/// </summary>
public static class ListQueries
{
    public static IReadOnlyList<BenchQuery> All { get; } =
    [
        // 企业库 /enterprises: first page, a name search, filters, the next page.
        new("list.enterprises.province.page", BenchScope.Province, async q =>
            await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter(null, null, null, null, null, null), q.Cancellation)),
        new("list.enterprises.province.search", BenchScope.Province, async q =>
            await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter("宏达机械", null, null, null, null, null), q.Cancellation)),
        new("list.enterprises.province.scale", BenchScope.Province, async q =>
            await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter(null, null, "industry_above", null, null, null), q.Cancellation)),
        new("list.enterprises.province.next", BenchScope.Province, async q =>
        {
            var first = await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter(null, null, null, null, null, null), q.Cancellation);
            return await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter(null, null, null, null, first.NextCursor, null), q.Cancellation);
        }),
        new("list.enterprises.district.search", BenchScope.District, async q =>
            await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter("宏达", null, null, null, null, null), q.Cancellation)),
        new("list.enterprises.town.page", BenchScope.Town, async q =>
            await q.Get<EnterpriseQueries>().ListAsync(new EnterpriseListFilter(null, null, null, null, null, null), q.Cancellation)),

        // 问题台账 /problems: the page reads the figures of the filter and one page of it (its total is the figures').
        .. Problems("province.default", BenchScope.Province, _ => ProblemCriteria.All),
        .. Problems("province.in-progress", BenchScope.Province, _ => new ProblemCriteria { Status = ProblemStatus.InProgress }),
        .. Problems("province.red", BenchScope.Province, _ => new ProblemCriteria { Flag = DeadlineFlag.Red }),
        .. Problems("province.department", BenchScope.Province, q => new ProblemCriteria { DepartmentId = q.Targets.DepartmentId }),
        .. Problems("province.region", BenchScope.Province, q => new ProblemCriteria { RegionPath = q.Targets.DistrictPath }),
        .. Problems("district.default", BenchScope.District, _ => ProblemCriteria.All),
        .. Problems("district.yellow", BenchScope.District, _ => new ProblemCriteria { Flag = DeadlineFlag.Yellow }),
        .. Problems("department.default", BenchScope.Department, _ => ProblemCriteria.All),
        new("list.problems.province.next", BenchScope.Province, async q =>
        {
            var first = await q.Get<ProblemQueries>().PageAsync(ProblemCriteria.All, null, null, q.Cancellation);
            return await q.Get<ProblemQueries>().PageAsync(ProblemCriteria.All, first.Page.NextCursor, null, q.Cancellation);
        }),
        new("list.problems.filter-options", BenchScope.Province, async q => (await q.Get<ProblemQueries>().FilterOptionsAsync(q.Cancellation)).ToString()!),

        // 走访记录 /visits: the page and its figures in one call.
        new("list.visits.province.page", BenchScope.Province, async q =>
            await q.Get<VisitListQueries>().ListAsync(new VisitCriteria(null, null, null, null), null, q.Cancellation)),
        new("list.visits.province.quarter", BenchScope.Province, async q =>
            await q.Get<VisitListQueries>().ListAsync(new VisitCriteria(Quarter.Of(q.Today).Start, Quarter.Of(q.Today).End, null, null), null,
                q.Cancellation)),
        new("list.visits.district.page", BenchScope.District, async q =>
            await q.Get<VisitListQueries>().ListAsync(new VisitCriteria(null, null, null, null), null, q.Cancellation)),

        // 督办 /supervision and 督办单 /supervision/notices.
        new("list.flags.province.page", BenchScope.Province, async q =>
            await q.Get<SupervisionQueries>().FlaggedAsync(new FlaggedFilter(null, null, 1), q.Cancellation)),
        new("list.flags.district.page", BenchScope.District, async q =>
            await q.Get<SupervisionQueries>().FlaggedAsync(new FlaggedFilter(null, null, 1), q.Cancellation)),
        new("list.notices.province.page", BenchScope.Province, async q =>
            await q.Get<SupervisionQueries>().NoticesAsync(new NoticeListFilter(null, null, 1), q.Cancellation)),
        new("list.notices.district.page", BenchScope.District, async q =>
            await q.Get<SupervisionQueries>().NoticesAsync(new NoticeListFilter(null, null, 1), q.Cancellation)),
        new("list.notices.department.page", BenchScope.Department, async q =>
            await q.Get<SupervisionQueries>().NoticesAsync(new NoticeListFilter(null, null, 1), q.Cancellation)),

        // 我的待办 counts (the menu badge on every page) for each role.
        new("list.tasks.official.counts", BenchScope.Town, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.OfficialUserId, false, false, true, null, null), q.Cancellation)).Distinct),
        new("list.tasks.dispatcher.counts", BenchScope.District, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.DispatcherUserId, true, false, false, null, null), q.Cancellation)).Distinct),
        new("list.tasks.supervisor.counts", BenchScope.District, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.SupervisorUserId, false, true, false, null, null), q.Cancellation)).Distinct),
        new("list.tasks.province-supervisor.counts", BenchScope.Province, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.SupervisorUserId, false, true, false, null, null), q.Cancellation)).Distinct),
        new("list.tasks.handler.counts", BenchScope.Department, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.HandlerUserId, false, false, false, q.Targets.DepartmentId, null),
                q.Cancellation)).Distinct),
        new("list.tasks.enterprise.counts", BenchScope.Enterprise, async q =>
            (await q.Get<TaskQueries>().CountAsync(new TaskUser(q.Targets.EnterpriseUserId, false, false, false, null, q.Targets.EnterpriseId),
                q.Cancellation)).Distinct),

        // 我的企业 and 包联 coverage.
        new("list.my-enterprises.official", BenchScope.Town, async q =>
            await q.Get<VisitQueries>().MyEnterprisesAsync(q.Targets.OfficialUserId, null, q.Cancellation)),
        // What the page reads: the target, then the snapshot pass's summary (counted once before this runs, ADR-032);
        // ".live" is the count itself.
        new("list.coverage.province.summary", BenchScope.Province, async q =>
            await q.Get<CoverageSummaries>().SummaryAsync(CoverageSummaries.Unfiltered, Quarter.Of(q.Today),
                (await VisitTargetSettings.ReadAsync(q.Db, q.Cancellation)).PerQuarter, q.Cancellation)),
        new("list.coverage.province.summary.live", BenchScope.Province, async q =>
            await q.Get<CoverageQueries>().SummaryAsync(CoverageSummaries.Unfiltered, Quarter.Of(q.Today), 1, q.Cancellation)),
        new("list.coverage.district.uncovered", BenchScope.District, async q =>
            await q.Get<CoverageQueries>().UncoveredAsync(new CoverageFilter(null, null), null, null, q.Cancellation)),
        new("list.coverage.district.officials", BenchScope.District, async q =>
            await q.Get<CoverageQueries>().OfficialsAsync(null, Quarter.Of(q.Today), null, q.Cancellation)),

        // 政策库 /policies: list, keyword search, the push figures shown above it.
        new("list.policies.province.page", BenchScope.Province, async q =>
            await q.Get<PolicyQueries>().ListAsync(new PolicyListFilter(null, null, null, null, null), q.Cancellation)),
        new("list.policies.province.search", BenchScope.Province, async q =>
            await q.Get<PolicyQueries>().ListAsync(new PolicyListFilter("数字化转型", null, null, null, null), q.Cancellation)),
        new("list.policies.district.page", BenchScope.District, async q =>
            await q.Get<PolicyQueries>().ListAsync(new PolicyListFilter(null, null, null, null, null), q.Cancellation)),
        new("list.policies.province.push-figures", BenchScope.Province, async q =>
            await q.Get<PolicyPushQueries>().FiguresAsync(null, null, q.Cancellation)),

        // 政策兑现 /subsidies: programmes with their figures; one programme's applications; the enterprise's side.
        .. Programmes("province", BenchScope.Province),
        .. Programmes("district", BenchScope.District),
        new("list.subsidies.district.programme", BenchScope.District, async q =>
            (object?)await q.Get<SubsidyQueries>().ProgramAsync(q.Targets.ProgramId, q.Cancellation) ?? "not found"),
        new("list.portal.subsidies", BenchScope.Enterprise, async q =>
            await q.Get<SubsidyQueries>().PortalAsync(q.Cancellation)),
        new("list.portal.home", BenchScope.Enterprise, async q =>
            (object?)await q.Get<PortalQueries>().OverviewAsync(q.Cancellation) ?? "none"),

        // 三个一批 /projects: figures per batch and the list, for the month.
        .. Projects("province", BenchScope.Province, _ => null),
        .. Projects("province.district-filter", BenchScope.Province, q => q.Targets.DistrictPath),
        .. Projects("district", BenchScope.District, _ => null),

        // 要素保障 /assistance and 复工复产 /operating.
        new("list.assistance.province.year", BenchScope.Province, async q =>
            await q.Get<AssistanceQueries>().ListAsync(new AssistanceFilter(q.Today.AddDays(-364), q.Today, null, null), q.Cancellation)),
        new("list.assistance.district.year", BenchScope.District, async q =>
            await q.Get<AssistanceQueries>().ListAsync(new AssistanceFilter(q.Today.AddDays(-364), q.Today, null, null), q.Cancellation)),
        new("list.operating.province.table", BenchScope.Province, async q =>
            await q.Get<OperatingFigureQuery>().TableAsync(q.Today, null, q.Cancellation)),
        new("list.operating.district.table", BenchScope.District, async q =>
            await q.Get<OperatingFigureQuery>().TableAsync(q.Today, q.Targets.DistrictPath, q.Cancellation)),

        // 系统管理: audit log, users (search and role filter), the org tree.
        new("list.audit.province.page", BenchScope.Province, async q =>
            await q.Get<AuditLogQueries>().ListAsync(new AuditLogFilter(), q.Cancellation)),
        new("list.users.province.page", BenchScope.Province, async q =>
            await q.Get<UserQueries>().ListAsync(new UserListFilter(null, null, null, null, null), q.Cancellation)),
        new("list.users.province.search", BenchScope.Province, async q =>
            await q.Get<UserQueries>().ListAsync(new UserListFilter("王伟", "Official", null, null, null), q.Cancellation)),
        new("list.org-tree.province", BenchScope.Province, async q => await q.Get<OrgUnitQueries>().TreeAsync(q.Cancellation)),
    ];

    private static IEnumerable<BenchQuery> Problems(string name, BenchScope scope, Func<QueryContext, ProblemCriteria> criteria)
    {
        yield return new($"list.problems.{name}", scope, async q =>
        {
            var c = criteria(q);
            return await q.Get<ProblemQueries>().PageAsync(c, null, null, q.Cancellation);
        });
    }

    /// <summary>The /subsidies page: the first page of programmes, their figures, and the figures of all of them.</summary>
    private static IEnumerable<BenchQuery> Programmes(string name, BenchScope scope)
    {
        yield return new($"list.subsidies.{name}.programmes", scope, async q =>
        {
            var page = await q.Get<SubsidyQueries>().ProgramPageAsync(null, q.Cancellation);
            var figures = q.Get<SubsidyFigures>();
            return (page, await figures.ForProgramsAsync(page.Rows.Select(r => r.Id).ToList(), q.Cancellation), await figures.ComputeAsync(q.Cancellation));
        });
    }

    private static IEnumerable<BenchQuery> Projects(string name, BenchScope scope, Func<QueryContext, string?> region)
    {
        yield return new($"list.projects.{name}", scope, async q =>
        {
            // What /projects reads: the batches of its filter, the figures, the first page.
            var c = new ProjectCriteria(null, null, [], region(q), YearMonth.Of(q.Today));
            var projects = q.Get<ProjectQueries>();
            var batches = await projects.BatchesAsync(q.Cancellation);
            var figures = await projects.FiguresAsync(c, q.Cancellation);
            return (batches.Count, figures, await projects.PageAsync(c, figures, null, q.Cancellation));
        });
    }
}
