using System.Linq.Expressions;
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
/// user may see. The due-soon and overdue lists narrow the candidates in SQL and then keep those that
/// <see cref="Problem.Escalation"/> (the one flag definition) flags, since the flag counts working days.
/// </summary>
public sealed class TaskQueries(AppDbContext db, TimeProvider clock)
{
    public const int MaxItems = 50;

    public async Task<MyTasks> ForAsync(TaskUser user, CancellationToken ct = default)
    {
        var (today, calendar) = await TodayAsync(ct);
        var ids = await IdsAsync(user, today, calendar, ct);
        var shown = ids.Values.SelectMany(v => v.Take(MaxItems)).Distinct().ToList();
        var problems = await db.Problems.AsNoTracking().Where(p => shown.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var enterpriseIds = problems.Values.Select(p => p.EnterpriseId).Distinct().ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.Name, ct);

        var sections = ids.Select(kv => new TaskSection(kv.Key, kv.Value.Count, kv.Value.Take(MaxItems)
                .Where(problems.ContainsKey)
                .Select(id => problems[id])
                .Select(p => new TaskItem(p.Id, p.Number, p.Title, names.GetValueOrDefault(p.EnterpriseId, ""), p.Status, p.Deadline,
                    ProblemQueries.Flag(p, today, calendar)))
                .ToList()))
            .ToList();
        return new MyTasks(sections, ids.Values.SelectMany(v => v).Distinct().Count());
    }

    /// <summary>How many problems on each list, and in all, without loading them for display.</summary>
    public async Task<(IReadOnlyDictionary<TaskList, int> PerList, int Distinct)> CountAsync(TaskUser user, CancellationToken ct = default)
    {
        var (today, calendar) = await TodayAsync(ct);
        var ids = await IdsAsync(user, today, calendar, ct);
        return (ids.ToDictionary(kv => kv.Key, kv => kv.Value.Count), ids.Values.SelectMany(v => v).Distinct().Count());
    }

    /// <summary>The problem ids of each of the user's lists, most urgent first.</summary>
    private async Task<Dictionary<TaskList, List<long>>> IdsAsync(TaskUser user, DateOnly today, WorkingDayCalendar calendar, CancellationToken ct)
    {
        var result = new Dictionary<TaskList, List<long>>();
        var problems = db.Problems.AsNoTracking();
        var open = problems.Where(IsOpen);
        var dept = user.DepartmentId;
        var me = user.UserId;

        foreach (var list in user.Lists)
        {
            result[list] = list switch
            {
                TaskList.ToDispatch => await OldestFirstAsync(problems.Where(p => p.Status == ProblemStatus.Reported && p.DispatchedAt == null), ct),
                TaskList.Returned => await OldestFirstAsync(problems.Where(p => p.Status == ProblemStatus.Reported && p.DispatchedAt != null), ct),
                TaskList.ExtensionRequests => await OldestFirstAsync(open.Where(p => p.PendingExtension != null), ct),
                TaskList.ToClose => await OldestFirstAsync(problems.Where(p => p.Status == ProblemStatus.Resolved
                    && (p.Satisfaction == Satisfaction.Satisfied || p.Satisfaction == Satisfaction.BasicallySatisfied)), ct),
                TaskList.ToAccept => await OldestFirstAsync(problems.Where(p => p.Status == ProblemStatus.Assigned && p.LeadDepartmentId == dept), ct),
                TaskList.CoHandling => await OldestFirstAsync(problems.Where(p => p.Status == ProblemStatus.InProgress
                    && p.CoHandlers.Any(c => c.DepartmentId == dept && !c.Finished)), ct),
                TaskList.ToRate => await OldestFirstAsync(Mine(problems, user, today).Where(p => p.Status == ProblemStatus.Resolved && p.Satisfaction == null), ct),
                TaskList.DueSoon => await FlaggedAsync(open.Where(p => p.LeadDepartmentId == dept), today, calendar, dueSoon: true, ct),
                TaskList.Overdue => await FlaggedAsync(open.Where(p => p.LeadDepartmentId == dept), today, calendar, dueSoon: false, ct),
                TaskList.MyOverdue => await FlaggedAsync(Mine(open, user, today), today, calendar, dueSoon: false, ct),
                TaskList.OverdueInScope => await FlaggedAsync(open, today, calendar, dueSoon: false, ct),
                _ => throw new ArgumentOutOfRangeException(nameof(user), list, null),
            };
        }
        return result;

        IQueryable<Problem> Mine(IQueryable<Problem> source, TaskUser u, DateOnly day)
        {
            if (u.EnterpriseId is { } own) return source.Where(p => p.EnterpriseId == own);
            // An official's problems: those they registered, and those of the enterprises they are 包联 leader or liaison of.
            var assigned = db.Assignments.AsNoTracking().Where(a => a.UserId == me
                && (a.Role == AssignmentRoles.Leader || a.Role == AssignmentRoles.Liaison)
                && a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day));
            return source.Where(p => p.RegisteredByUserId == me || assigned.Any(a => a.EnterpriseId == p.EnterpriseId));
        }
    }

    private static readonly Expression<Func<Problem, bool>> IsOpen = p =>
        p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress;

    /// <summary>Longest waiting first: the last change is when the problem landed on the list.</summary>
    private static Task<List<long>> OldestFirstAsync(IQueryable<Problem> query, CancellationToken ct) =>
        query.OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);

    /// <summary>
    /// Blue (due soon) or yellow/red (overdue) by <see cref="Problem.Escalation"/>. SQL keeps the candidates: for
    /// blue, deadlines up to two working days ahead; for overdue, past deadlines and repeatedly reopened problems
    /// (the two ways a problem turns yellow or red).
    /// </summary>
    private async Task<List<long>> FlaggedAsync(IQueryable<Problem> open, DateOnly today, WorkingDayCalendar calendar, bool dueSoon,
        CancellationToken ct)
    {
        List<Problem> candidates;
        if (dueSoon)
        {
            var until = Horizon(today, calendar);
            candidates = await open.Where(p => p.Deadline != null && p.Deadline >= today && p.Deadline <= until).ToListAsync(ct);
        }
        else
        {
            candidates = await open.Where(p => (p.Deadline != null && p.Deadline < today) || p.ReopenCount >= DeadlineFlags.RedAfterReopenings)
                .ToListAsync(ct);
        }
        return candidates
            .Select(p => (p, Flag: ProblemQueries.Flag(p, today, calendar)))
            .Where(x => dueSoon ? x.Flag == DeadlineFlag.Blue : x.Flag is DeadlineFlag.Yellow or DeadlineFlag.Red)
            .OrderByDescending(x => x.Flag).ThenBy(x => x.p.Deadline ?? DateOnly.MaxValue).ThenBy(x => x.p.Id)
            .Select(x => x.p.Id)
            .ToList();
    }

    /// <summary>The last date a blue deadline can fall on: just before the working day after the blue window.</summary>
    private static DateOnly Horizon(DateOnly today, WorkingDayCalendar calendar)
    {
        try
        {
            return calendar.AddWorkingDays(today, DeadlineFlags.BlueWithinWorkingDays + 1);
        }
        catch (CalendarNotCoveredException)
        {
            return today.AddDays(14);
        }
    }

    private async Task<(DateOnly Today, WorkingDayCalendar Calendar)> TodayAsync(CancellationToken ct) =>
        (ProblemActors.ChinaToday(clock), await CalendarStore.LoadAsync(db, ct));
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
