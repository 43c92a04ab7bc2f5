using System.Security.Claims;
using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Tasks;

/// <summary>One list of 我的待办: what a user of some role has to act on now.</summary>
public enum TaskList
{
    /// <summary>Dispatcher: registered and neither solved on the spot nor dispatched yet (待交办).</summary>
    ToDispatch = 1,
    /// <summary>Dispatcher: returned by the lead department, to reassign (被退回).</summary>
    Returned,
    /// <summary>Dispatcher: an extension request waits for a decision (延期申请待审批).</summary>
    ExtensionRequests,
    /// <summary>Dispatcher: rated satisfied or basically satisfied, to close (待销号).</summary>
    ToClose,
    /// <summary>Department handler: dispatched to the department, to accept or return (待签收).</summary>
    ToAccept,
    /// <summary>Department handler: led by the department and flagged blue (即将到期).</summary>
    DueSoon,
    /// <summary>Department handler: led by the department and flagged yellow or red (已逾期).</summary>
    Overdue,
    /// <summary>Department handler: the department co-handles it and has not finished (协办待完成).</summary>
    CoHandling,
    /// <summary>Official or enterprise: resolved and not rated yet (待评价).</summary>
    ToRate,
    /// <summary>Official: open problems they registered or of their enterprises, flagged yellow or red.</summary>
    MyOverdue,
    /// <summary>Supervisor: every open problem in scope flagged yellow or red.</summary>
    OverdueInScope,
}

public sealed record TaskItem(long ProblemId, string Number, string Title, string EnterpriseName, ProblemStatus Status,
    DateOnly? Deadline, DeadlineFlag Flag);

/// <summary>A list with how many problems are on it and the first <see cref="TaskQueries.MaxItems"/> of them.</summary>
public sealed record TaskSection(TaskList List, int Total, IReadOnlyList<TaskItem> Items);

/// <summary>A user's lists; <see cref="DistinctProblems"/> counts a problem on two lists once.</summary>
public sealed record MyTasks(IReadOnlyList<TaskSection> Sections, int DistinctProblems);

/// <summary>What the lists need to know about the signed-in user.</summary>
public sealed record TaskUser(long UserId, bool IsDispatcher, bool IsSupervisor, bool IsOfficial, long? DepartmentId, long? EnterpriseId)
{
    public static TaskUser From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var unit = long.TryParse(principal.FindFirstValue(PortalClaims.OrgUnitId), out var u) ? u : (long?)null;
        var isDepartment = principal.FindFirstValue(PortalClaims.OrgKind) == nameof(OrgUnitKind.Department);
        return new TaskUser(
            long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0,
            // As on the problem page, an administrator acts as 活动办.
            principal.IsInRole(PortalRoles.Dispatcher) || principal.IsInRole(PortalRoles.Administrator),
            principal.IsInRole(PortalRoles.Supervisor),
            principal.IsInRole(PortalRoles.Official),
            principal.IsInRole(PortalRoles.DepartmentHandler) && isDepartment ? unit : null,
            principal.IsInRole(PortalRoles.Enterprise) && long.TryParse(principal.FindFirstValue(PortalClaims.EnterpriseId), out var e) ? e : null);
    }

    /// <summary>The lists of this user's roles, in the order the page shows them.</summary>
    public IReadOnlyList<TaskList> Lists
    {
        get
        {
            var lists = new List<TaskList>();
            if (DepartmentId is not null) lists.AddRange([TaskList.ToAccept, TaskList.DueSoon, TaskList.Overdue, TaskList.CoHandling]);
            if (IsDispatcher) lists.AddRange([TaskList.ToDispatch, TaskList.Returned, TaskList.ExtensionRequests, TaskList.ToClose]);
            if (IsOfficial || EnterpriseId is not null) lists.Add(TaskList.ToRate);
            if (IsOfficial) lists.Add(TaskList.MyOverdue);
            if (IsSupervisor) lists.Add(TaskList.OverdueInScope);
            return lists;
        }
    }
}

/// <summary>
/// 我的待办. Every list is a query over the scoped <see cref="AppDbContext.Problems"/>, so it holds only what the
/// user may see. The due-soon and overdue lists select the flag in SQL by the deadline ranges of today
/// (<see cref="FlagWindows"/>, ADR-031), which agree with <see cref="Problem.Escalation"/>, the one flag definition;
/// counting, ordering and the first <see cref="MaxItems"/> of each list are all done by the database.
/// </summary>
public sealed class TaskQueries(AppDbContext db, TimeProvider clock, CalendarCache calendars)
{
    public const int MaxItems = 50;

    public async Task<MyTasks> ForAsync(TaskUser user, CancellationToken ct = default)
    {
        var (today, calendar) = await TodayAsync(ct);
        var windows = FlagWindows.For(today, calendar);
        var lists = Lists(user, today, windows);
        var shownIds = new Dictionary<TaskList, List<long>>();
        var totals = new Dictionary<TaskList, int>();
        foreach (var (list, query, order) in lists)
        {
            totals[list] = await query.CountAsync(ct);
            shownIds[list] = totals[list] == 0 ? [] : await order(query).Take(MaxItems).Select(p => p.Id).ToListAsync(ct);
        }
        var shown = shownIds.Values.SelectMany(v => v).Distinct().ToList();
        var problems = await db.Problems.AsNoTracking().Where(p => shown.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var enterpriseIds = problems.Values.Select(p => p.EnterpriseId).Distinct().ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.Name, ct);

        var sections = shownIds.Select(kv => new TaskSection(kv.Key, totals[kv.Key], kv.Value
                .Where(problems.ContainsKey)
                .Select(id => problems[id])
                .Select(p => new TaskItem(p.Id, p.Number, p.Title, names.GetValueOrDefault(p.EnterpriseId, ""), p.Status, p.Deadline,
                    ProblemQueries.Flag(p, windows)))
                .ToList()))
            .ToList();
        return new MyTasks(sections, await DistinctAsync(lists, totals, ct));
    }

    /// <summary>How many problems on each list, and in all, counted by the database without loading them.</summary>
    public async Task<(IReadOnlyDictionary<TaskList, int> PerList, int Distinct)> CountAsync(TaskUser user, CancellationToken ct = default)
    {
        var (today, calendar) = await TodayAsync(ct);
        var lists = Lists(user, today, FlagWindows.For(today, calendar));
        var totals = new Dictionary<TaskList, int>();
        foreach (var (list, query, _) in lists) totals[list] = await query.CountAsync(ct);
        return (totals, await DistinctAsync(lists, totals, ct));
    }

    /// <summary>
    /// A problem on two lists counts once: the union of the non-empty lists' ids, counted in SQL. Lists of resolved problems
    /// (to rate, to close) and lists of open ones cannot share a problem (their status conditions exclude each other), so each
    /// group is counted on its own and a group of one list needs no union.
    /// </summary>
    private static async Task<int> DistinctAsync(IReadOnlyList<TaskQuery> lists, Dictionary<TaskList, int> totals, CancellationToken ct)
    {
        var distinct = 0;
        foreach (var group in lists.Where(l => totals[l.List] > 0).GroupBy(l => OfResolvedProblems(l.List)))
        {
            var members = group.ToList();
            distinct += members.Count == 1
                ? totals[members[0].List]
                : await members.Select(l => l.Query.Select(p => p.Id)).Aggregate((a, b) => a.Union(b)).CountAsync(ct);
        }
        return distinct;
    }

    /// <summary>The lists whose condition requires 已办结; every other list requires an open status.</summary>
    private static bool OfResolvedProblems(TaskList list) => list is TaskList.ToClose or TaskList.ToRate;

    /// <summary>One list's problems and the order it shows them in.</summary>
    private sealed record TaskQuery(TaskList List, IQueryable<Problem> Query, Func<IQueryable<Problem>, IQueryable<Problem>> Order);

    /// <summary>Each of the user's lists as a query, with its display order (most urgent or longest waiting first).</summary>
    private List<TaskQuery> Lists(TaskUser user, DateOnly today, FlagWindows windows)
    {
        var problems = db.Problems.AsNoTracking();
        var open = problems.Where(ProblemFigureRules.Open);
        var dept = user.DepartmentId;
        var me = user.UserId;
        var late = windows.Late();
        var blue = windows.Carrying(DeadlineFlag.Blue);

        Func<IQueryable<Problem>, IQueryable<Problem>> mostUrgentFirst = q => MostUrgentFirst(q, windows);
        return user.Lists.Select(list => list switch
        {
            TaskList.ToDispatch => new TaskQuery(list, problems.Where(p => p.Status == ProblemStatus.Reported && p.DispatchedAt == null), OldestFirst),
            TaskList.Returned => new TaskQuery(list, problems.Where(p => p.Status == ProblemStatus.Reported && p.DispatchedAt != null), OldestFirst),
            TaskList.ExtensionRequests => new TaskQuery(list, open.Where(p => p.PendingExtension != null), OldestFirst),
            TaskList.ToClose => new TaskQuery(list, problems.Where(p => p.Status == ProblemStatus.Resolved
                && (p.Satisfaction == Satisfaction.Satisfied || p.Satisfaction == Satisfaction.BasicallySatisfied)), OldestFirst),
            TaskList.ToAccept => new TaskQuery(list, problems.Where(p => p.Status == ProblemStatus.Assigned && p.LeadDepartmentId == dept), OldestFirst),
            TaskList.CoHandling => new TaskQuery(list, problems.Where(p => p.Status == ProblemStatus.InProgress
                && p.CoHandlers.Any(c => c.DepartmentId == dept && !c.Finished)), OldestFirst),
            TaskList.ToRate => new TaskQuery(list, Mine(problems).Where(p => p.Status == ProblemStatus.Resolved && p.Satisfaction == null), OldestFirst),
            TaskList.DueSoon => new TaskQuery(list, open.Where(p => p.LeadDepartmentId == dept).Where(blue), mostUrgentFirst),
            TaskList.Overdue => new TaskQuery(list, open.Where(p => p.LeadDepartmentId == dept).Where(late), mostUrgentFirst),
            TaskList.MyOverdue => new TaskQuery(list, Mine(open).Where(late), mostUrgentFirst),
            TaskList.OverdueInScope => new TaskQuery(list, open.Where(late), mostUrgentFirst),
            _ => throw new ArgumentOutOfRangeException(nameof(user), list, null),
        }).ToList();

        IQueryable<Problem> Mine(IQueryable<Problem> source)
        {
            if (user.EnterpriseId is { } own) return source.Where(p => p.EnterpriseId == own);
            // An official's problems: those they registered, and those of the enterprises they are 包联 leader or liaison of.
            var assigned = db.Assignments.AsNoTracking().Where(a => a.UserId == me
                && (a.Role == AssignmentRoles.Leader || a.Role == AssignmentRoles.Liaison)
                && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today));
            return source.Where(p => p.RegisteredByUserId == me || assigned.Any(a => a.EnterpriseId == p.EnterpriseId));
        }
    }

    /// <summary>Longest waiting first: the last change is when the problem landed on the list.</summary>
    private static IQueryable<Problem> OldestFirst(IQueryable<Problem> query) => query.OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id);

    /// <summary>Red before yellow (or blue), then the earliest deadline (none last), then the id.</summary>
    private static IQueryable<Problem> MostUrgentFirst(IQueryable<Problem> query, FlagWindows windows) =>
        query.OrderByDescending(windows.Carrying(DeadlineFlag.Red)).ThenBy(p => p.Deadline).ThenBy(p => p.Id);

    private async Task<(DateOnly Today, WorkingDayCalendar Calendar)> TodayAsync(CancellationToken ct) =>
        (ProblemActors.ChinaToday(clock), await calendars.CalendarAsync(ct));
}

public static class TaskFeature
{
    public static IServiceCollection AddTaskFeature(this IServiceCollection services) => services.AddScoped<TaskQueries>();

    /// <summary>The count badge of the menu entry 我的待办, loaded by htmx after the page so no page waits for it.</summary>
    public static void MapTaskEndpoints(this WebApplication app) =>
        app.MapGet("/my/tasks/count", async (HttpContext http, TaskQueries queries, CancellationToken ct) =>
                new RazorComponentResult<TaskCountBadge>(new { Count = (await queries.CountAsync(TaskUser.From(http.User), ct)).Distinct }))
            .RequireAuthorization(new AuthorizeAttribute())
            .ExcludeFromDescription();
}
