using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Subsidies;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.Infrastructure.Supervision;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence.Configurations;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Persistence;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, AppRole, long>(options)
{
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<Assignment> Assignments => Set<Assignment>();
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<Problem> Problems => Set<Problem>();
    public DbSet<ProblemEvent> ProblemEvents => Set<ProblemEvent>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<DeadlineRuleRow> DeadlineRules => Set<DeadlineRuleRow>();
    public DbSet<EnterpriseDepartmentLink> EnterpriseDepartments => Set<EnterpriseDepartmentLink>();
    /// <summary>Assignments' terms without the scope filter: only for probes tied to an enterprise read through its filter.</summary>
    public DbSet<Reporting.AssignmentTerm> AssignmentTerms => Set<Reporting.AssignmentTerm>();
    public DbSet<Auditing.AuditEntry> AuditEntries => Set<Auditing.AuditEntry>();
    public DbSet<Settings.PortalSetting> PortalSettings => Set<Settings.PortalSetting>();
    public DbSet<DataProtection.DataProtectionKeyRow> DataProtectionKeys => Set<DataProtection.DataProtectionKeyRow>();
    public DbSet<ProblemFlag> ProblemFlags => Set<ProblemFlag>();
    public DbSet<FlaggedProblemRow> FlaggedProblems => Set<FlaggedProblemRow>();
    public DbSet<EscalationRun> EscalationRuns => Set<EscalationRun>();
    public DbSet<SupervisionNotice> SupervisionNotices => Set<SupervisionNotice>();
    public DbSet<SupervisionNoticeCounter> SupervisionNoticeCounters => Set<SupervisionNoticeCounter>();
    public DbSet<Reporting.VisitEnterprise> VisitEnterprises => Set<Reporting.VisitEnterprise>();
    public DbSet<Reporting.DashboardSnapshot> DashboardSnapshots => Set<Reporting.DashboardSnapshot>();
    public DbSet<Reporting.ProblemDayFigures> ProblemDayFigures => Set<Reporting.ProblemDayFigures>();
    public DbSet<Reporting.ProblemOpenDeadlines> ProblemOpenDeadlines => Set<Reporting.ProblemOpenDeadlines>();
    public DbSet<Reporting.VisitDayFigures> VisitDayFigures => Set<Reporting.VisitDayFigures>();
    public DbSet<Reporting.EnterpriseLastVisit> EnterpriseLastVisits => Set<Reporting.EnterpriseLastVisit>();
    public DbSet<Reporting.LastVisitDayCount> LastVisitDayCounts => Set<Reporting.LastVisitDayCount>();
    public DbSet<Reporting.OperatingLatestReport> OperatingLatestReports => Set<Reporting.OperatingLatestReport>();
    public DbSet<Reporting.OperatingRegionFigures> OperatingRegionFigures => Set<Reporting.OperatingRegionFigures>();
    public DbSet<Reporting.ProjectProcedureCounts> ProjectProcedureCounts => Set<Reporting.ProjectProcedureCounts>();
    public DbSet<Reporting.ProjectInvestmentYear> ProjectInvestmentYears => Set<Reporting.ProjectInvestmentYear>();
    public DbSet<Reporting.SubsidyCategoryFigures> SubsidyCategoryFigures => Set<Reporting.SubsidyCategoryFigures>();
    public DbSet<Reporting.SubsidyEnterpriseCategory> SubsidyEnterpriseCategories => Set<Reporting.SubsidyEnterpriseCategory>();
    public DbSet<Policy> Policies => Set<Policy>();
    public DbSet<PolicyAttachment> PolicyAttachments => Set<PolicyAttachment>();
    public DbSet<PolicyPush> PolicyPushes => Set<PolicyPush>();
    public DbSet<Domain.Assistance.AssistanceRecord> AssistanceRecords => Set<Domain.Assistance.AssistanceRecord>();
    public DbSet<SubsidyProgram> SubsidyPrograms => Set<SubsidyProgram>();
    public DbSet<SubsidyApplication> SubsidyApplications => Set<SubsidyApplication>();
    public DbSet<SubsidyEvent> SubsidyEvents => Set<SubsidyEvent>();
    public DbSet<OperatingReport> OperatingReports => Set<OperatingReport>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<ProjectInvestmentReport> ProjectInvestmentReports => Set<ProjectInvestmentReport>();
    public DbSet<ProjectProcedure> ProjectProcedures => Set<ProjectProcedure>();
    public DbSet<Imports.ImportJob> ImportJobs => Set<Imports.ImportJob>();
    public DbSet<Api.ApiClient> ApiClients => Set<Api.ApiClient>();
    public DbSet<Api.ApiIdempotencyRecord> ApiIdempotencyRecords => Set<Api.ApiIdempotencyRecord>();
    public DbSet<Api.ApiProblemSource> ApiProblemSources => Set<Api.ApiProblemSource>();

    private IDataScopeProvider? _scopeProvider;
    private DataScope? _fixedScope;

    /// <summary>
    /// What the current user may see. Every query over scoped records is filtered by it (EF Core
    /// query filters below), so no page can forget it. It is read when each query runs, not when
    /// the context is created: a request's context can be created during authentication, before
    /// the user is known. A context nobody scoped sees nothing.
    /// </summary>
    public DataScope Scope
    {
        get => _fixedScope ?? _scopeProvider?.Current ?? DataScope.Nothing;
        set => _fixedScope = value;
    }

    /// <summary>Called on every lease from the pool, so no scope survives from a previous request.</summary>
    public void UseScopeProvider(IDataScopeProvider? provider)
    {
        _scopeProvider = provider;
        _fixedScope = null;
    }

    // A pooled context goes back to the pool scoped to nothing: whoever leases it next (a request, a job, the calendar
    // cache) starts from DataScope.Nothing until it says otherwise, never from the previous user's scope.
    public override void Dispose()
    {
        _scopeProvider = null;
        _fixedScope = null;
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        _scopeProvider = null;
        _fixedScope = null;
        return base.DisposeAsync();
    }

    // Query filters can read context members only as plain properties, so the scope is kept flat.
    private bool ScopeSeesAll => Scope.SeesAll;
    private string? ScopeRegionPath => Scope.RegionPath;
    private long? ScopeEnterpriseId => Scope.EnterpriseId;
    private long? ScopeDepartmentId => Scope.DepartmentId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        // The department scope reads the enterprise_departments view, which has no filter: reading the
        // assignments or problems sets here would apply their filters, which read enterprises again.
        // A region is a range of the region path the database keeps on each row (V0014, ADR-016): a plain
        // predicate, so PostgreSQL folds the other branches away and starts from the region's index range.
        modelBuilder.Entity<Enterprise>().HasQueryFilter(e =>
            ScopeSeesAll
            || (ScopeRegionPath != null && EF.Property<string>(e, RegionColumns.RegionPath).StartsWith(ScopeRegionPath))
            || (ScopeEnterpriseId != null && e.Id == ScopeEnterpriseId)
            || (ScopeDepartmentId != null && EnterpriseDepartments.Any(l => l.EnterpriseId == e.Id && l.DepartmentId == ScopeDepartmentId)));

        // The filters below read Enterprises, whose own filter EF Core applies inside them, so the
        // scope rules live in one place. Each starts with "sees everything" so that a province-wide query is not joined
        // with all 500,000 enterprises to learn that each exists (the foreign key already says so). A symposium is visible
        // when any of its enterprises is: each id of the visit is looked up by primary key (a containment test per enterprise row would
        // scan the whole register for every visit).
        modelBuilder.Entity<Assignment>().HasQueryFilter(a => ScopeSeesAll || Enterprises.Any(e => e.Id == a.EnterpriseId));
        modelBuilder.Entity<Domain.Assistance.AssistanceRecord>().HasQueryFilter(r => ScopeSeesAll || Enterprises.Any(e => e.Id == r.EnterpriseId));
        modelBuilder.Entity<Visit>().HasQueryFilter(v => ScopeSeesAll || v.EnterpriseIds.Any(id => Enterprises.Any(e => e.Id == id)));

        // One row per visited enterprise (家次): seen exactly when its enterprise is (the enterprise filter, repeated
        // on the row's own columns so a region's figures read the region's index range only).
        modelBuilder.Entity<Reporting.VisitEnterprise>().HasQueryFilter(ve =>
            ScopeSeesAll
            || (ScopeRegionPath != null && ve.RegionPath.StartsWith(ScopeRegionPath))
            || (ScopeEnterpriseId != null && ve.EnterpriseId == ScopeEnterpriseId)
            || (ScopeDepartmentId != null && EnterpriseDepartments.Any(l => l.EnterpriseId == ve.EnterpriseId && l.DepartmentId == ScopeDepartmentId)));

        // A department sees the problems it leads or co-handles, and all problems of the enterprises
        // assigned to it; not every problem of an enterprise it once co-handled one problem for. (Each of
        // these also makes the enterprise visible to the department, so the enterprise filter is implied.)
        modelBuilder.Entity<Problem>().HasQueryFilter(p =>
            ScopeSeesAll
            || (ScopeRegionPath != null && EF.Property<string>(p, RegionColumns.RegionPath).StartsWith(ScopeRegionPath))
            || (ScopeEnterpriseId != null && p.EnterpriseId == ScopeEnterpriseId)
            || (ScopeDepartmentId != null
                && (p.LeadDepartmentId == ScopeDepartmentId
                    || p.CoHandlers.Any(c => c.DepartmentId == ScopeDepartmentId)
                    || EnterpriseDepartments.Any(l => l.EnterpriseId == p.EnterpriseId && l.DepartmentId == ScopeDepartmentId
                                                      && l.Via == EnterpriseDepartmentLink.ViaAssignment))));
        // 督办 is the government's own business: an enterprise follows its problem but not the notices on it.
        modelBuilder.Entity<ProblemEvent>().HasQueryFilter(ev => Problems.Any(p => p.Id == EF.Property<long>(ev, "ProblemId"))
            && (ScopeEnterpriseId == null || (ev.Kind != ProblemEventKind.NoticeIssued && ev.Kind != ProblemEventKind.NoticeReplied)));
        modelBuilder.Entity<ProblemFlag>().HasQueryFilter(f => ScopeSeesAll || Problems.Any(p => p.Id == f.ProblemId));
        // The 督办 list's rows (V0072) carry their problem's region path: everything and a region are tested on the row's
        // own columns (one index range); a department or an enterprise through the problem's filter.
        modelBuilder.Entity<FlaggedProblemRow>().HasQueryFilter(f =>
            ScopeSeesAll
            || (ScopeRegionPath != null && f.RegionPath.StartsWith(ScopeRegionPath))
            || ((ScopeDepartmentId != null || ScopeEnterpriseId != null) && Problems.Any(p => p.Id == f.ProblemId)));
        // 督办单: a department sees the notices addressed to it (even after the problem moved to another
        // lead), region staff those of the problems they see, an enterprise none at all.
        modelBuilder.Entity<SupervisionNotice>().HasQueryFilter(n =>
            ScopeEnterpriseId == null
            && (ScopeSeesAll
                || (ScopeRegionPath != null && EF.Property<string>(n, RegionColumns.RegionPath).StartsWith(ScopeRegionPath))
                || (ScopeDepartmentId != null && n.DepartmentId == ScopeDepartmentId)));

        // 政策: staff see the policies of the region they work in, above it or below it (a town sees its
        // district's policies); a department those of the region it serves; an enterprise only what was
        // pushed to it. Deliveries follow their enterprise, attachments their policy.
        modelBuilder.Entity<Policy>().HasQueryFilter(p =>
            ScopeSeesAll
            || (ScopeRegionPath != null && OrgUnits.Any(r => r.Id == p.RegionId
                                                             && (r.Path.StartsWith(ScopeRegionPath) || ScopeRegionPath.StartsWith(r.Path))))
            || (ScopeDepartmentId != null && OrgUnits.Any(d => d.Id == ScopeDepartmentId
                                                                && OrgUnits.Any(r => r.Id == p.RegionId && d.Path.StartsWith(r.Path))))
            || (ScopeEnterpriseId != null && PolicyPushes.Any(x => x.PolicyId == p.Id && x.EnterpriseId == ScopeEnterpriseId)));
        modelBuilder.Entity<PolicyPush>().HasQueryFilter(x => ScopeSeesAll || Enterprises.Any(e => e.Id == x.EnterpriseId));
        modelBuilder.Entity<PolicyAttachment>().HasQueryFilter(a => Policies.Any(p => p.Id == a.PolicyId));
        modelBuilder.Entity<OperatingReport>().HasQueryFilter(r => ScopeSeesAll || Enterprises.Any(e => e.Id == r.EnterpriseId));
        modelBuilder.Entity<Reporting.OperatingLatestReport>().HasQueryFilter(r => ScopeSeesAll || Enterprises.Any(e => e.Id == r.EnterpriseId));
        // The 复工复产 roll-up (V0085) is per town region path: everything and a region read their range; a department or an
        // enterprise sees no row (OperatingFigureQuery counts those scopes live).
        modelBuilder.Entity<Reporting.OperatingRegionFigures>().HasQueryFilter(f =>
            ScopeSeesAll || (ScopeRegionPath != null && f.RegionPath.StartsWith(ScopeRegionPath)));

        // 政策兑现 (ADR-019): staff see the programmes of the policies they see; an enterprise also those open to
        // it or holding its application. Applications and their timelines follow their enterprise.
        modelBuilder.Entity<SubsidyProgram>().HasQueryFilter(s =>
            (ScopeEnterpriseId == null && Policies.Any(p => p.Id == s.PolicyId))
            || (ScopeEnterpriseId != null
                && (SubsidyApplications.Any(a => a.ProgramId == s.Id)
                    || (!s.MianShenJiXiang && OrgUnits.Any(r => r.Id == s.RegionId
                                                               && Enterprises.Any(e => e.Id == ScopeEnterpriseId
                                                                   && EF.Property<string>(e, RegionColumns.RegionPath).StartsWith(r.Path)))))));
        modelBuilder.Entity<SubsidyApplication>().HasQueryFilter(a => ScopeSeesAll || Enterprises.Any(e => e.Id == a.EnterpriseId));
        modelBuilder.Entity<SubsidyEvent>().HasQueryFilter(ev => SubsidyApplications.Any(a => a.Id == ev.ApplicationId));

        // 三个一批 (ADR-020): a project is seen where its region is (its path, V0096); a department reads the projects of the enterprises
        // it sees; an enterprise sees none.
        modelBuilder.Entity<Project>().HasQueryFilter(p =>
            ScopeSeesAll
            || (ScopeRegionPath != null && EF.Property<string>(p, RegionColumns.RegionPath).StartsWith(ScopeRegionPath))
            || (ScopeDepartmentId != null && Enterprises.Any(e => e.Id == p.EnterpriseId)));
        modelBuilder.Entity<ProjectInvestmentReport>().HasQueryFilter(r => Projects.Any(p => p.Id == r.ProjectId));
        modelBuilder.Entity<ProjectProcedure>().HasQueryFilter(r => Projects.Any(p => p.Id == r.ProjectId));
        // API (ADR-028): where a problem came from is seen with the problem; an idempotency record with the problem it made.
        // The clients themselves are administration records, unscoped, like accounts.
        modelBuilder.Entity<Api.ApiProblemSource>().HasQueryFilter(s => Problems.Any(p => p.Id == s.ProblemId));
        modelBuilder.Entity<Api.ApiIdempotencyRecord>().HasQueryFilter(r => r.ProblemId == null || Problems.Any(p => p.Id == r.ProblemId));

        SnakeCaseNames.Apply(modelBuilder);
    }
}
