using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Supervision;

public sealed record FlaggedFilter(string? Flag, long? DepartmentId, int Page);

/// <summary>A flagged problem on the supervisor's list; <see cref="LateWorkingDays"/> is null when it is not late.</summary>
public sealed record FlaggedProblem(long Id, string Number, string Title, string EnterpriseName, long? LeadDepartmentId,
    string? LeadDepartmentName, DateOnly? Deadline, int? LateWorkingDays, DeadlineFlag Flag, DateTimeOffset FlagSince,
    long? LatestNoticeId, string? LatestNoticeNumber)
{
    public bool CanIssue => LeadDepartmentId is not null;
}

public sealed record FlaggedList(IReadOnlyList<FlaggedProblem> Items, int Total, int Page, int PageCount,
    IReadOnlyDictionary<DeadlineFlag, int> Counts, EscalationRunInfo? LastRun);

public sealed record EscalationRunInfo(DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Node, string? Error);

/// <summary>The notice list's filters; <see cref="From"/>/<see cref="To"/> are Beijing days of issue, <see cref="RegionPath"/> the problem's enterprise's town subtree.</summary>
public sealed record NoticeListFilter(string? Status, string? Level, int Page, DateOnly? From = null, DateOnly? To = null, string? RegionPath = null);

public sealed record NoticeListItem(long Id, string Number, long ProblemId, string ProblemNumber, string ProblemTitle, string EnterpriseName,
    string DepartmentName, DeadlineFlag Level, DateTimeOffset IssuedAt, DateOnly ReplyDue, DateTimeOffset? RepliedAt, SupervisionNoticeStatus Status);

public sealed record NoticeList(IReadOnlyList<NoticeListItem> Items, int Total, int Page, int PageCount,
    IReadOnlyDictionary<SupervisionNoticeStatus, int> Counts);

public sealed record NoticeDetail(SupervisionNotice Notice, SupervisionNoticeStatus Status, bool ProblemVisible);

/// <summary>What the issue form needs: the problem as it is now, its flag, a suggested reply date, and why no notice can be issued, if so.</summary>
public sealed record IssueContext(Problem Problem, string EnterpriseName, DeadlineFlag Flag, DateOnly? SuggestedReplyDue,
    string? Refusal, IReadOnlyList<ProblemNoticeItem> Earlier);

public sealed record ProblemNoticeItem(long Id, string Number, DeadlineFlag Level, DateOnly ReplyDue, SupervisionNoticeStatus Status);

/// <summary>Read side of 督办: flagged problems and notices, within the user's scope (the context's query filters).</summary>
public sealed class SupervisionQueries(AppDbContext db, TimeProvider clock, CalendarCache calendars)
{
    public const int PageSize = 20;

    private static readonly DeadlineFlag[] Raised = [DeadlineFlag.Red, DeadlineFlag.Yellow, DeadlineFlag.Blue];

    public DateOnly Today => ProblemActors.ChinaToday(clock);

    /// <summary>Open problems with a stored flag, red first, then by deadline; the job keeps the flags.</summary>
    public async Task<FlaggedList> FlaggedAsync(FlaggedFilter filter, CancellationToken ct = default)
    {
        // The stored flags with their problem's state, kept by the database (V0072): the list is one index range.
        var query = db.FlaggedProblems.AsNoTracking().Where(f => f.IsOpen);
        if (filter.DepartmentId is { } department) query = query.Where(f => f.LeadDepartmentId == department);

        var grouped = await query.GroupBy(f => f.Flag).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = Raised.ToDictionary(f => f, f => grouped.Where(g => g.Key == f).Sum(g => g.Count));

        var wanted = SupervisionLevels.TryParse(filter.Flag, out var flag) ? flag : (DeadlineFlag?)null;
        if (wanted is { } only) query = query.Where(f => f.Flag == only);
        var total = wanted is { } w ? counts[w] : counts.Values.Sum();
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);

        // Red first, then by deadline (PostgreSQL sorts NULL deadlines, problems red for reopenings alone, last).
        var shown = query.OrderBy(f => f.FlagRank).ThenBy(f => f.Deadline).ThenBy(f => f.ProblemId)
            .Skip((page - 1) * PageSize).Take(PageSize);
        var rows = (await (
                from f in shown
                join p in db.Problems.AsNoTracking() on f.ProblemId equals p.Id
                select new
                {
                    p.Id, p.Number, p.Title, p.LeadDepartmentId, p.LeadDepartmentName, p.Deadline, f.Flag, f.Since, f.FlagRank,
                    EnterpriseName = db.Enterprises.Where(e => e.Id == p.EnterpriseId).Select(e => e.Name).FirstOrDefault(),
                    Notice = db.SupervisionNotices.Where(n => n.ProblemId == p.Id)
                        .OrderByDescending(n => n.IssuedAt).ThenByDescending(n => n.Id)
                        .Select(n => new { n.Id, n.Number }).FirstOrDefault(),
                })
            .ToListAsync(ct))
            .OrderBy(r => r.FlagRank).ThenBy(r => r.Deadline is null).ThenBy(r => r.Deadline).ThenBy(r => r.Id)
            .ToList();

        var calendar = await calendars.CalendarAsync(ct);
        var today = Today;
        var items = rows.Select(r => new FlaggedProblem(r.Id, r.Number, r.Title, r.EnterpriseName ?? string.Empty, r.LeadDepartmentId,
            r.LeadDepartmentName, r.Deadline, LateDays(r.Deadline, today, calendar), r.Flag, r.Since, r.Notice?.Id, r.Notice?.Number)).ToList();

        var last = await db.EscalationRuns.AsNoTracking().OrderByDescending(r => r.StartedAt)
            .Select(r => new EscalationRunInfo(r.StartedAt, r.FinishedAt, r.Node, r.Error)).FirstOrDefaultAsync(ct);
        return new FlaggedList(items, total, page, pageCount, counts, last);
    }

    public async Task<NoticeList> NoticesAsync(NoticeListFilter filter, CancellationToken ct = default)
    {
        var today = Today;
        var query = db.SupervisionNotices.AsNoTracking().NoticesIssued(filter.From, filter.To, filter.RegionPath);
        if (SupervisionLevels.TryParse(filter.Level, out var level)) query = query.Where(n => n.Level == level);

        var replied = await query.CountAsync(n => n.RepliedAt != null, ct);
        var overdue = await query.CountAsync(n => n.RepliedAt == null && n.ReplyDue < today, ct);
        var pending = await query.CountAsync(n => n.RepliedAt == null && n.ReplyDue >= today, ct);
        var counts = new Dictionary<SupervisionNoticeStatus, int>
        {
            [SupervisionNoticeStatus.Pending] = pending,
            [SupervisionNoticeStatus.Overdue] = overdue,
            [SupervisionNoticeStatus.Replied] = replied,
        };

        var total = pending + overdue + replied;
        if (SupervisionNoticeStatuses.TryParse(filter.Status, out var status))
        {
            query = status switch
            {
                SupervisionNoticeStatus.Replied => query.Where(n => n.RepliedAt != null),
                SupervisionNoticeStatus.Overdue => query.Where(n => n.RepliedAt == null && n.ReplyDue < today),
                _ => query.Where(n => n.RepliedAt == null && n.ReplyDue >= today),
            };
            total = counts[status];
        }
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);

        var rows = await query.OrderByDescending(n => n.IssuedAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        var items = rows.Select(n => new NoticeListItem(n.Id, n.Number, n.ProblemId, n.ProblemNumber, n.ProblemTitle, n.EnterpriseName,
            n.DepartmentName, n.Level, n.IssuedAt, n.ReplyDue, n.RepliedAt, n.Status(today))).ToList();
        return new NoticeList(items, total, page, pageCount, counts);
    }

    public async Task<NoticeDetail?> NoticeAsync(long id, CancellationToken ct = default)
    {
        var notice = await db.SupervisionNotices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        var problemVisible = await db.Problems.AnyAsync(p => p.Id == notice.ProblemId, ct);
        return new NoticeDetail(notice, notice.Status(Today), problemVisible);
    }

    /// <summary>The notices of one problem, newest first; none for users who may not see notices.</summary>
    public async Task<IReadOnlyList<ProblemNoticeItem>> OfProblemAsync(long problemId, CancellationToken ct = default)
    {
        var today = Today;
        var rows = await db.SupervisionNotices.AsNoTracking().Where(n => n.ProblemId == problemId)
            .OrderByDescending(n => n.IssuedAt).ThenByDescending(n => n.Id)
            .ToListAsync(ct);
        return rows.Select(n => new ProblemNoticeItem(n.Id, n.Number, n.Level, n.ReplyDue, n.Status(today))).ToList();
    }

    public async Task<IssueContext?> IssueContextAsync(long problemId, CancellationToken ct = default)
    {
        var problem = await db.Problems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == problemId, ct);
        if (problem is null) return null;
        var enterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == problem.EnterpriseId).Select(e => e.Name).SingleOrDefaultAsync(ct);
        if (enterpriseName is null) return null;

        var calendar = await calendars.CalendarAsync(ct);
        var today = Today;
        DeadlineFlag flag;
        DateOnly? suggested;
        try
        {
            flag = problem.Escalation(today, calendar);
        }
        catch (CalendarNotCoveredException)
        {
            flag = problem.IsOverdue(today) ? DeadlineFlag.Yellow : DeadlineFlag.None;
        }
        try
        {
            suggested = calendar.AddWorkingDays(today, SupervisionNotice.DefaultReplyWorkingDays);
        }
        catch (CalendarNotCoveredException)
        {
            // Next year's calendar is not imported yet: the supervisor types the date.
            suggested = null;
        }
        return new IssueContext(problem, enterpriseName, flag, suggested, SupervisionNotice.Refusal(problem), await OfProblemAsync(problemId, ct));
    }

    public Task<List<DepartmentOption>> DepartmentsAsync(CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Department)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new DepartmentOption(o.Id, o.Name))
            .ToListAsync(ct);

    private static int? LateDays(DateOnly? deadline, DateOnly today, WorkingDayCalendar calendar)
    {
        if (deadline is not { } due || today <= due) return null;
        try
        {
            return calendar.WorkingDaysBetween(due, today);
        }
        catch (CalendarNotCoveredException)
        {
            return today.DayNumber - due.DayNumber;
        }
    }
}
