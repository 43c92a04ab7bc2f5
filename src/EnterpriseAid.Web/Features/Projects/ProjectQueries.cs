using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Persistence.Configurations;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Components.Shared;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>One line of the project list and of its export.</summary>
public sealed record ProjectListItem(long Id, string Name, string? EnterpriseName, string RegionName, string IndustrySection, string Level,
    string Batch, ProjectStage Stage, decimal TotalInvestment, int? AnnualPlanYear, decimal? AnnualPlanInvestment, decimal Completed,
    DateOnly? SignedOn, DateOnly? StartedOn, DateOnly? ProducingOn, DateOnly? EffectiveOn, int Procedures, int ProceduresDone);

/// <summary>One page of the filtered projects; <see cref="Total"/> counts them all.</summary>
public sealed record ProjectListPage(IReadOnlyList<ProjectListItem> Rows, int Total, PageNumber Page);

public sealed record ProjectProblemItem(long Id, string Number, string Title, ProblemStatus Status, DateTimeOffset CreatedAt);

public sealed record ProjectDetail(Project Project, string? EnterpriseName, string RegionName, IReadOnlyList<ProjectProblemItem> Problems);

public sealed record EnterpriseOption(long Id, string Name);

/// <summary>Read side of 三个一批: every query runs through the project scope filter (ADR-020).</summary>
public sealed class ProjectQueries(AppDbContext db, ProblemQueries problems, TimeProvider clock)
{
    public DateOnly Today => ChinaTime.Today(clock);

    public Task<ProblemFilterOptions> OptionsAsync(CancellationToken ct = default) => problems.FilterOptionsAsync(ct);

    public async Task<List<string>> BatchesAsync(CancellationToken ct = default)
    {
        var batches = await db.Projects.AsNoTracking().Select(p => p.Batch).Distinct().ToListAsync(ct);
        return batches.OrderBy(ProjectFigureQuery.BatchOrder).ThenBy(b => b, StringComparer.Ordinal).ToList();
    }

    /// <summary>The projects of the filter (criteria already validated).</summary>
    public IQueryable<Project> Filtered(ProjectCriteria c)
    {
        var q = db.Projects.AsNoTracking();
        if (c.Batch is { } batch) q = q.Where(p => p.Batch == batch);
        if (c.Stage is { } stage) q = q.Where(p => p.Stage == stage);
        if (c.Levels.Count > 0) q = q.Where(p => c.Levels.Contains(p.Level));
        if (c.RegionPath is { } path) q = q.Where(p => EF.Property<string>(p, RegionColumns.RegionPath).StartsWith(path));
        return q;
    }

    public Task<IReadOnlyList<BatchFigures>> FiguresAsync(ProjectCriteria c, CancellationToken ct = default) =>
        Filtered(c).FiguresByBatchAsync(db, c.AsOf, Today, ct);

    /// <summary>Every filtered project in the list's order (the Excel export's list sheet).</summary>
    public Task<List<ProjectListItem>> ListAsync(ProjectCriteria c, CancellationToken ct = default) => ItemsAsync(Filtered(c), c.AsOf, ct);

    /// <summary>Projects per page of the list.</summary>
    public const int PageSize = 25;

    /// <summary>
    /// One page of the filtered projects in the list's order: batch (第一期, 第二期 … by number), the furthest stage first,
    /// name, id. <paramref name="figures"/> are the same criteria's (<see cref="FiguresAsync"/>): their first line counts the
    /// projects, the others count each batch's, in list order. So the page knows which batch (or two) its rows are in and
    /// reads them from that batch in index order (V0097), instead of sorting every filtered project to keep 25.
    /// </summary>
    public async Task<ProjectListPage> PageAsync(ProjectCriteria c, IReadOnlyList<BatchFigures> figures, string? page, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(figures);
        var total = figures.Count > 0 ? figures[0].Figures.Projects : 0;
        var number = PageNumber.Of(page, total, PageSize);
        var rows = new List<ProjectListItem>(PageSize);
        var skip = number.Skip;
        foreach (var batch in figures.Where(f => f.Batch is not null))
        {
            var count = batch.Figures.Projects;
            if (skip >= count)
            {
                skip -= count;
                continue;
            }
            var name = batch.Batch!;
            var take = Math.Min(PageSize - rows.Count, count - skip);
            rows.AddRange(await Items(Filtered(c).Where(p => p.Batch == name)
                .OrderByDescending(p => p.Stage).ThenBy(p => p.Name).ThenBy(p => p.Id)
                .Skip(skip).Take(take), c.AsOf).ToListAsync(ct));
            skip = 0;
            if (rows.Count >= PageSize) break;
        }
        return new ProjectListPage(rows, total, number);
    }

    /// <summary>The projects an enterprise invests in that this user sees (for its ledger).</summary>
    public Task<List<ProjectListItem>> OfEnterpriseAsync(long enterpriseId, CancellationToken ct = default) =>
        ItemsAsync(db.Projects.AsNoTracking().Where(p => p.EnterpriseId == enterpriseId), YearMonth.Of(Today), ct);

    private async Task<List<ProjectListItem>> ItemsAsync(IQueryable<Project> projects, YearMonth asOf, CancellationToken ct)
    {
        var rows = await Items(projects, asOf).ToListAsync(ct);
        return rows.OrderBy(r => ProjectFigureQuery.BatchOrder(r.Batch)).ThenBy(r => r.Batch, StringComparer.Ordinal)
            .ThenByDescending(r => r.Stage).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id).ToList();
    }

    /// <summary>The filtered projects for the CSV export, streamed from the database in SQL order (batch, stage, name).</summary>
    public IAsyncEnumerable<ProjectListItem> ExportAsync(ProjectCriteria c) =>
        Items(Filtered(c).OrderBy(p => p.Batch).ThenByDescending(p => p.Stage).ThenBy(p => p.Name).ThenBy(p => p.Id), c.AsOf).AsAsyncEnumerable();

    private IQueryable<ProjectListItem> Items(IQueryable<Project> projects, YearMonth asOf)
    {
        var through = asOf.FirstDay;
        return projects
            .Join(db.OrgUnits, p => p.RegionId, o => o.Id, (p, o) => new { p, RegionName = o.Name })
            .Select(x => new ProjectListItem(
                x.p.Id, x.p.Name,
                // The investor may lie outside the user's scope: then it is not named.
                db.Enterprises.Where(e => e.Id == x.p.EnterpriseId).Select(e => e.Name).FirstOrDefault(),
                x.RegionName, x.p.IndustrySection, x.p.Level, x.p.Batch, x.p.Stage, x.p.TotalInvestment, x.p.AnnualPlanYear, x.p.AnnualPlanInvestment,
                x.p.Reports.Where(r => r.Month <= through).Sum(r => r.Amount),
                x.p.SignedOn, x.p.StartedOn, x.p.ProducingOn, x.p.EffectiveOn,
                x.p.Procedures.Count(), x.p.Procedures.Count(pr => pr.Status == ProcedureStatus.Done)));
    }

    public async Task<ProjectDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var project = await db.Projects.AsNoTracking().AsSplitQuery().Include(p => p.Reports).Include(p => p.Procedures)
            .SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return null;
        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == project.EnterpriseId).Select(e => e.Name).FirstOrDefaultAsync(ct);
        var region = await db.OrgUnits.AsNoTracking().Where(o => o.Id == project.RegionId).Select(o => o.Name).SingleAsync(ct);
        var list = await db.Problems.AsNoTracking().Where(p => p.ProjectId == id).OrderByDescending(p => p.CreatedAt)
            .Select(p => new ProjectProblemItem(p.Id, p.Number, p.Title, p.Status, p.CreatedAt)).ToListAsync(ct);
        return new ProjectDetail(project, enterprise, region, list);
    }

    /// <summary>The investors a manager may choose: enterprises in their scope, by name.</summary>
    public Task<List<EnterpriseOption>> EnterprisesAsync(CancellationToken ct = default) =>
        db.Enterprises.AsNoTracking().OrderBy(e => e.Name).ThenBy(e => e.Id).Select(e => new EnterpriseOption(e.Id, e.Name)).ToListAsync(ct);

    /// <summary>A project's id and investor when the user sees it, for registering a problem of the project.</summary>
    public Task<EnterpriseOption?> ProjectOfEnterpriseAsync(long projectId, long enterpriseId, CancellationToken ct = default) =>
        db.Projects.AsNoTracking().Where(p => p.Id == projectId && p.EnterpriseId == enterpriseId)
            .Select(p => new EnterpriseOption(p.Id, p.Name)).SingleOrDefaultAsync(ct);
}
