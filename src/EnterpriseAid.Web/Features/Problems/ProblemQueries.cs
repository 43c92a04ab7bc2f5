using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Problems;

public sealed record ProblemListFilter(string? Status, string? Category, string? Flag, string? After, string? Before);

public sealed record ProblemListItem(long Id, string Number, string EnterpriseName, string Category, ProblemStatus Status,
    string? LeadDepartmentName, DateOnly? Deadline, DeadlineFlag Flag);

public sealed record ProblemListPage(IReadOnlyList<ProblemListItem> Items, int Total, string? NextCursor, string? PreviousCursor);

public sealed record DepartmentOption(long Id, string Name);

public sealed record ProblemDetail(Problem Problem, string EnterpriseName, DeadlineFlag Flag, DateOnly? SuggestedDeadline,
    IReadOnlyList<ProblemEvent> Timeline);

/// <summary>Read side of the problem ledger (问题台账): scope comes from the context's query filters.</summary>
public sealed class ProblemQueries(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 20;

    public async Task<ProblemListPage> ListAsync(ProblemListFilter filter, CancellationToken ct = default)
    {
        var query = db.Problems.AsNoTracking();
        if (Enum.TryParse<ProblemStatus>(filter.Status, out var status) && Enum.IsDefined(status))
            query = query.Where(p => p.Status == status);
        if (ProblemCategories.IsValid(filter.Category)) query = query.Where(p => p.Category == filter.Category);
        var flag = Catalog(filter.Flag);
        var after = ProblemNumber.TryParse(filter.After, out var a) ? a.ToString() : null;
        var before = after is null && ProblemNumber.TryParse(filter.Before, out var b) ? b.ToString() : null;
        var calendar = await CalendarStore.LoadAsync(db, ct);
        var today = ProblemActors.ChinaToday(clock);

        List<Problem> rows;
        int total;
        var backwards = before is not null;
        if (flag is { } wanted)
        {
            // The flag depends on the working-day calendar, so it is worked out here for the open problems.
            var open = await query.Where(p => p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
                .OrderByDescending(p => p.Number).ToListAsync(ct);
            var matching = open.Where(p => Flag(p, today, calendar) == wanted).ToList();
            total = matching.Count;
            IEnumerable<Problem> page = matching;
            if (after is not null) page = page.Where(p => string.CompareOrdinal(p.Number, after) < 0);
            if (backwards) page = page.Where(p => string.CompareOrdinal(p.Number, before) > 0).Reverse();
            rows = page.Take(PageSize + 1).ToList();
        }
        else
        {
            total = await query.CountAsync(ct);
            var page = query;
            if (after is not null) page = page.Where(p => string.Compare(p.Number, after) < 0).OrderByDescending(p => p.Number);
            else if (backwards) page = page.Where(p => string.Compare(p.Number, before) > 0).OrderBy(p => p.Number);
            else page = page.OrderByDescending(p => p.Number);
            rows = await page.Take(PageSize + 1).ToListAsync(ct);
        }

        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        if (backwards) rows.Reverse();

        var enterpriseIds = rows.Select(p => p.EnterpriseId).Distinct().ToList();
        var names = await db.Enterprises.AsNoTracking().Where(e => enterpriseIds.Contains(e.Id))
            .ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var items = rows.Select(p => new ProblemListItem(p.Id, p.Number, names.GetValueOrDefault(p.EnterpriseId, ""), p.Category,
            p.Status, p.LeadDepartmentName, p.Deadline, Flag(p, today, calendar))).ToList();

        var isFirstPage = after is null && before is null;
        string? next = null, previous = null;
        if (items.Count > 0)
        {
            if (backwards || hasMore) next = items[^1].Number;
            if (backwards ? hasMore : !isFirstPage) previous = items[0].Number;
        }
        return new ProblemListPage(items, total, next, previous);
    }

    public async Task<ProblemDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var problem = await db.Problems.AsNoTracking().Include(p => p.Events).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (problem is null) return null;
        var enterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == problem.EnterpriseId).Select(e => e.Name).SingleOrDefaultAsync(ct);
        if (enterpriseName is null) return null;
        var calendar = await CalendarStore.LoadAsync(db, ct);
        var today = ProblemActors.ChinaToday(clock);
        DateOnly? suggested = null;
        if (problem.Status == ProblemStatus.Reported || problem.Status == ProblemStatus.Assigned)
        {
            var rules = await DeadlineRulesStore.LoadAsync(db, ct);
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

    private static DeadlineFlag? Catalog(string? code) => code switch
    {
        "none" => DeadlineFlag.None,
        "blue" => DeadlineFlag.Blue,
        "yellow" => DeadlineFlag.Yellow,
        "red" => DeadlineFlag.Red,
        _ => null,
    };
}
