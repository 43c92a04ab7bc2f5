using System.Runtime.CompilerServices;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Persistence.Configurations;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Problems;

public sealed record ProblemListItem(long Id, string Number, string EnterpriseName, string Category, ProblemStatus Status,
    string? LeadDepartmentName, DateOnly? Deadline, DeadlineFlag Flag, DateOnly RegisteredOn);

public sealed record ProblemListPage(IReadOnlyList<ProblemListItem> Items, int Total, string? NextCursor, string? PreviousCursor);

/// <summary>The problem list page's data: one page of rows and the figures of the whole filtered set (its total is the page's).</summary>
public sealed record ProblemListResult(ProblemListPage Page, ProblemFigures Figures);

public sealed record DepartmentOption(long Id, string Name);

public sealed record ProblemDetail(Problem Problem, string EnterpriseName, DeadlineFlag Flag, DateOnly? SuggestedDeadline,
    IReadOnlyList<ProblemEvent> Timeline);

/// <summary>One problem as the Excel export lists it.</summary>
public sealed record ProblemExportRow(
    long Id, string Number, string EnterpriseName, string Uscc, string Category, Urgency Urgency, ProblemSource Source, string Title,
    ProblemStatus Status, string? LeadDepartmentName, IReadOnlyList<string> CoHandlers, DateOnly RegisteredOn, DateOnly? Deadline,
    DateOnly? ResolvedOn, bool ResolvedOnSpot, bool? ResolvedByDeadline, Satisfaction? Satisfaction, DeadlineFlag Flag);

/// <summary>Read side of the problem ledger (问题台账): scope comes from the context's query filters.</summary>
public sealed class ProblemQueries(AppDbContext db, TimeProvider clock, CalendarCache calendars, ProblemFilterOptionsCache? optionsCache = null)
{
    public const int PageSize = 20;

    public DateOnly Today => ProblemActors.ChinaToday(clock);

    /// <summary>
    /// The problems matching every criterion but the deadline flag, in SQL and within the user's scope.
    /// </summary>
    public IQueryable<Problem> Filtered(ProblemCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        // A department's scope starts from its own problems rather than testing every problem of the period (ADR-024).
        var query = db.Problems.AsNoTracking().StartingFromDepartment(db);
        if (criteria.EnterpriseId is { } enterpriseId) query = query.Where(p => p.EnterpriseId == enterpriseId);
        if (criteria.Figure is { } figure) query = query.Where(ProblemFilterModel.FigureRule(figure, Today));
        if (criteria.Status is { } status) query = query.Where(p => p.Status == status);
        if (criteria.Category is { } category) query = query.Where(p => p.Category == category);
        if (criteria.DepartmentId is { } department)
        {
            query = criteria.DepartmentRole switch
            {
                DepartmentRole.Lead => query.Where(p => p.LeadDepartmentId == department),
                DepartmentRole.CoHandler => query.Where(p => p.CoHandlers.Any(c => c.DepartmentId == department)),
                // Lead or co-handler: start from the department's two indexed sets (ADR-031) instead of testing every problem.
                _ => query.Where(p => DepartmentFilters.LedOrCoHandledBy(db, department).Contains(p.Id)),
            };
        }
        query = query.InRegion(criteria.RegionPath);
        // Registration days are Beijing days.
        query = query.RegisteredBetween(criteria.From, criteria.To);
        return query;
    }

    /// <summary>All the criteria, the flag included: the flag's deadline ranges of today (<see cref="FlagWindows"/>) narrow the SQL query.</summary>
    private async Task<IQueryable<Problem>> MatchingAsync(ProblemCriteria criteria, CancellationToken ct)
    {
        var query = Filtered(criteria);
        if (criteria.Flag is not { } flag) return query;
        var windows = FlagWindows.For(Today, await calendars.CalendarAsync(ct));
        return query.Where(windows.Carrying(flag));
    }

    /// <summary>
    /// The figures of the filtered problems (design.md → Figures), counted in SQL: from the daily roll-up (ADR-024) when
    /// the criteria are only a period and a region it answers, otherwise over the problems themselves.
    /// </summary>
    public async Task<ProblemFigures> FiguresAsync(ProblemCriteria criteria, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        return await RolledUpAsync(criteria, ct) ?? await (await MatchingAsync(criteria, ct)).FiguresAsync(Today, ct);
    }

    /// <summary>The figures from the daily roll-up when the criteria are only a period and a region it answers; otherwise null.</summary>
    private async Task<ProblemFigures?> RolledUpAsync(ProblemCriteria criteria, CancellationToken ct) =>
        criteria == ProblemCriteria.All with { RegionPath = criteria.RegionPath, From = criteria.From, To = criteria.To }
            ? await db.RollupFiguresAsync(criteria.RegionPath, criteria.From, criteria.To, Today, ct)
            : null;

    /// <summary>
    /// What the problem list shows: the figures of the filtered set and one page of it. The list's total is the figures'
    /// 问题总数 (both count the same set), so the set is counted once — from the roll-up where it answers.
    /// </summary>
    public async Task<ProblemListResult> PageAsync(ProblemCriteria criteria, string? after, string? before, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        after = ProblemNumber.TryParse(after, out var a) ? a.ToString() : null;
        before = after is null && ProblemNumber.TryParse(before, out var b) ? b.ToString() : null;
        var figures = await RolledUpAsync(criteria, ct);
        List<ListRow> rows;
        if (figures is not null && UsualPage(criteria, before, out var region))
        {
            var (start, end) = PeriodFilters.RegistrationInstants(criteria.From, criteria.To);
            rows = new List<ListRow>(PageSize + 1);
            await foreach (var row in NewestRows(db, region, start, end, after, PageSize + 1).WithCancellation(ct)) rows.Add(row);
        }
        else
        {
            var matching = await MatchingAsync(criteria, ct);
            figures ??= await matching.FiguresAsync(Today, ct);
            rows = await MatchingRowsAsync(matching, after, before, ct);
        }
        return new ProblemListResult(await PageOfAsync(rows, figures.Total, after, before, ct), figures);
    }

    /// <summary>
    /// The list's usual request: no filter but a region and a period, newest first from the start or from a cursor, by a user
    /// who sees everything or a city's or a district's region. <paramref name="region"/> is the narrower of the user's region
    /// and the one asked for (<see cref="ProblemRollupQuery.TryRegion"/>): the scope itself, as a region path range.
    /// </summary>
    private bool UsualPage(ProblemCriteria criteria, string? before, out string? region)
    {
        region = null;
        return before is null
               && criteria == ProblemCriteria.All with { RegionPath = criteria.RegionPath, From = criteria.From, To = criteria.To }
               && (db.Scope.SeesAll || db.Scope is { RegionPath: not null, DepartmentId: null, EnterpriseId: null })
               && ProblemRollupQuery.TryRegion(db.Scope, criteria.RegionPath, out region);
    }

    /// <summary>A list row's columns, with its enterprise's name.</summary>
    private sealed record ListRow(long Id, string Number, string EnterpriseName, string Category, ProblemStatus Status,
        string? LeadDepartmentName, DateOnly? Deadline, int ReopenCount, DateTimeOffset CreatedAt);

    /// <summary>
    /// One page of the usual list with the enterprise's name, compiled: it runs on nearly every visit of the list. The region
    /// holds the scope (<see cref="UsualPage"/>), so the query filters, which would repeat it on the problems and again on
    /// their enterprises, are left out. A null region, bound or cursor is a test of a parameter, which PostgreSQL folds away
    /// when it plans the run for its values (DependencyInjection.CreateDataSource), so the plan is the one of the query without it.
    /// </summary>
    private static readonly Func<AppDbContext, string?, DateTimeOffset?, DateTimeOffset?, string?, int, IAsyncEnumerable<ListRow>> NewestRows =
        EF.CompileAsyncQuery<AppDbContext, string?, DateTimeOffset?, DateTimeOffset?, string?, int, ListRow>((db, region, start, end, after, take) =>
            db.Problems.IgnoreQueryFilters().AsNoTracking()
                .Where(p => (region == null || EF.Property<string>(p, RegionColumns.RegionPath).StartsWith(region))
                            && (start == null || p.CreatedAt >= start) && (end == null || p.CreatedAt < end)
                            && (after == null || string.Compare(p.Number, after) < 0))
                .OrderByDescending(p => p.Number).Take(take)
                .Join(db.Enterprises, p => p.EnterpriseId, e => e.Id, (p, e) => new { Problem = p, EnterpriseName = e.Name })
                .OrderByDescending(r => r.Problem.Number)
                .Select(r => new ListRow(r.Problem.Id, r.Problem.Number, r.EnterpriseName, r.Problem.Category, r.Problem.Status,
                    r.Problem.LeadDepartmentName, r.Problem.Deadline, r.Problem.ReopenCount, r.Problem.CreatedAt)));

    /// <summary>
    /// One page of the filtered problems between keyset cursors (one row more, to know there is a next page): newest first,
    /// or oldest first when paging backwards from <paramref name="before"/>.
    /// </summary>
    private async Task<List<ListRow>> MatchingRowsAsync(IQueryable<Problem> query, string? after, string? before, CancellationToken ct)
    {
        var backwards = before is not null;
        var page = query;
        if (after is not null) page = page.Where(p => string.Compare(p.Number, after) < 0).OrderByDescending(p => p.Number);
        else if (backwards) page = page.Where(p => string.Compare(p.Number, before) > 0).OrderBy(p => p.Number);
        else page = page.OrderByDescending(p => p.Number);
        // Only the columns the list shows, with the enterprise's name, in one statement.
        var joined = page.Take(PageSize + 1)
            .Join(db.Enterprises, p => p.EnterpriseId, e => e.Id, (p, e) => new { Problem = p, EnterpriseName = e.Name });
        // The page's own order again, outside the join.
        return await (backwards ? joined.OrderBy(r => r.Problem.Number) : joined.OrderByDescending(r => r.Problem.Number))
            .Select(r => new ListRow(r.Problem.Id, r.Problem.Number, r.EnterpriseName, r.Problem.Category, r.Problem.Status,
                r.Problem.LeadDepartmentName, r.Problem.Deadline, r.Problem.ReopenCount, r.Problem.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>The page of <paramref name="rows"/> (read one more than shown, backwards when paging back), newest first, with its cursors.</summary>
    private async Task<ProblemListPage> PageOfAsync(List<ListRow> rows, int total, string? after, string? before, CancellationToken ct)
    {
        var windows = FlagWindows.For(Today, await calendars.CalendarAsync(ct));
        var backwards = before is not null;
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        if (backwards) rows.Reverse();

        var items = rows.Select(p => new ProblemListItem(p.Id, p.Number, p.EnterpriseName, p.Category, p.Status, p.LeadDepartmentName,
            p.Deadline, windows.FlagOf(p.Status, p.Deadline, p.ReopenCount), BeijingDate(p.CreatedAt))).ToList();

        var isFirstPage = after is null && before is null;
        string? next = null, previous = null;
        if (items.Count > 0)
        {
            if (backwards || hasMore) next = items[^1].Number;
            if (backwards ? hasMore : !isFirstPage) previous = items[0].Number;
        }
        return new ProblemListPage(items, total, next, previous);
    }

    /// <summary>
    /// Every matching problem for the Excel export, newest first, streamed from the database one row at a
    /// time so that memory does not grow with the number of rows.
    /// </summary>
    public async IAsyncEnumerable<ProblemExportRow> ExportAsync(ProblemCriteria criteria, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var windows = FlagWindows.For(Today, await calendars.CalendarAsync(ct));
        var query = await MatchingAsync(criteria, ct);
        var rows = query.OrderByDescending(p => p.Number)
            .Join(db.Enterprises, p => p.EnterpriseId, e => e.Id, (p, e) => new { Problem = p, e.Name, e.Uscc })
            .AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(ct))
        {
            var p = row.Problem;
            yield return new ProblemExportRow(p.Id, p.Number, row.Name, row.Uscc, p.Category, p.Urgency, p.Source, p.Title, p.Status,
                p.LeadDepartmentName, p.CoHandlers.Select(c => c.DepartmentName).ToList(), BeijingDate(p.CreatedAt), p.Deadline,
                p.ResolvedAt is { } resolved ? BeijingDate(resolved) : null, p.ResolvedOnSpot, p.ResolvedByDeadline, p.Satisfaction,
                Flag(p, windows));
        }
    }

    public static DateOnly BeijingDate(DateTimeOffset at) => ChinaTime.DateOf(at);

    /// <summary>
    /// The departments and regions this user may filter by. Departments: all for a user who sees everything,
    /// the user's own for a department, and for a region user those set up beside the region's ancestors (the
    /// district's and the city's departments). Regions: the user's subtree, or all of them when the scope is
    /// not a region.
    /// </summary>
    public async Task<ProblemFilterOptions> FilterOptionsAsync(CancellationToken ct = default)
    {
        if (optionsCache is not null) return await optionsCache.GetAsync(db.Scope, LoadFilterOptionsAsync, ct);
        return await LoadFilterOptionsAsync(ct);
    }

    private async Task<ProblemFilterOptions> LoadFilterOptionsAsync(CancellationToken ct)
    {
        var scope = db.Scope;
        var units = db.OrgUnits.AsNoTracking();
        var departments = units.Where(o => o.Kind == OrgUnitKind.Department);
        if (scope.DepartmentId is { } own) departments = departments.Where(o => o.Id == own);
        else if (scope.RegionPath is { } path)
        {
            var ancestors = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
            departments = departments.Where(o => o.ParentId != null && ancestors.Contains(o.ParentId.Value));
        }
        else if (!scope.SeesAll) departments = departments.Where(_ => false);

        var regions = units.Where(o => o.Kind != OrgUnitKind.Department);
        if (scope.RegionPath is { } regionPath) regions = regions.Where(o => o.Path.StartsWith(regionPath));
        else if (!scope.SeesAll && scope.DepartmentId is null) regions = regions.Where(_ => false);

        var departmentList = await departments.OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new DepartmentOption(o.Id, o.Name)).ToListAsync(ct);
        var regionRows = await regions.Select(o => new { o.Id, o.Name, o.Path, o.ParentId, o.SortOrder }).ToListAsync(ct);

        // Tree order: each unit followed by its children, siblings by sort order.
        var children = regionRows.ToLookup(r => r.ParentId);
        var ids = regionRows.Select(r => r.Id).ToHashSet();
        var ordered = new List<RegionOption>();
        void Visit(long? parent, int depth)
        {
            foreach (var r in children[parent].OrderBy(r => r.SortOrder).ThenBy(r => r.Id))
            {
                ordered.Add(new RegionOption(r.Id, r.Name, r.Path, depth));
                Visit(r.Id, depth + 1);
            }
        }
        foreach (var root in regionRows.Where(r => r.ParentId is null || !ids.Contains(r.ParentId.Value)).OrderBy(r => r.Path.Length).ThenBy(r => r.SortOrder))
        {
            ordered.Add(new RegionOption(root.Id, root.Name, root.Path, 0));
            Visit(root.Id, 1);
        }
        return new ProblemFilterOptions(departmentList, ordered);
    }

    public async Task<ProblemDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var problem = await db.Problems.AsNoTracking().Include(p => p.Events).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (problem is null) return null;
        var enterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == problem.EnterpriseId).Select(e => e.Name).SingleOrDefaultAsync(ct);
        if (enterpriseName is null) return null;
        var calendar = await calendars.CalendarAsync(ct);
        var today = ProblemActors.ChinaToday(clock);
        DateOnly? suggested = null;
        if (problem.Status == ProblemStatus.Reported || problem.Status == ProblemStatus.Assigned)
        {
            var rules = await calendars.RulesAsync(ct);
            try
            {
                suggested = rules.ResolutionDueDate(today, problem.Category, problem.Urgency, calendar);
            }
            catch (CalendarNotCoveredException)
            {
                // The calendar of next year is not imported yet: the dispatcher types the deadline.
            }
        }
        var timeline = problem.Events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).ToList();
        return new ProblemDetail(problem, enterpriseName, Flag(problem, today, calendar), suggested, timeline);
    }

    /// <summary>The departments a problem can be dispatched to.</summary>
    public Task<List<DepartmentOption>> DepartmentsAsync(CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Department)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new DepartmentOption(o.Id, o.Name))
            .ToListAsync(ct);

    /// <summary>
    /// The flag shown for a problem in a list, from the day's deadline ranges (<see cref="FlagWindows"/>, ADR-031): the same
    /// answer as <see cref="Flag(Problem, DateOnly, WorkingDayCalendar)"/> (FlagWindowsTests hold them together) without
    /// counting working days per row or throwing for a deadline in a year the calendar does not cover.
    /// </summary>
    public static DeadlineFlag Flag(Problem problem, FlagWindows windows)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(windows);
        return windows.FlagOf(problem.Status, problem.Deadline, problem.ReopenCount);
    }

    /// <summary>The flag shown for a problem: <see cref="Problem.Escalation"/>, or only "late" while the calendar of the year is missing.</summary>
    public static DeadlineFlag Flag(Problem problem, DateOnly today, WorkingDayCalendar calendar)
    {
        try
        {
            return problem.Escalation(today, calendar);
        }
        catch (CalendarNotCoveredException)
        {
            return problem.IsOverdue(today) ? DeadlineFlag.Yellow : DeadlineFlag.None;
        }
    }
}
