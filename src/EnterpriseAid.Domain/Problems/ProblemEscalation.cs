using System.Globalization;
using EnterpriseAid.Domain.Calendar;

namespace EnterpriseAid.Domain.Problems;

/// <summary>
/// The timeline line the escalation job writes when a problem's 预警 flag rises. The flag itself is
/// <see cref="Problem.Escalation"/>; this only says it on the timeline, without touching the problem.
/// </summary>
public static class ProblemEscalation
{
    /// <summary>Who the timeline names for the job's lines: no user did it.</summary>
    public static readonly Actor System = new(0, "系统预警", null);

    /// <summary>"预警：即将到期 / 已逾期 / 严重逾期" with the flag before → after.</summary>
    public static ProblemEvent Raised(DeadlineFlag from, DeadlineFlag to, string? detail, DateTimeOffset at)
    {
        if (!Enum.IsDefined(from) || !Enum.IsDefined(to) || to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), to, $"A raised flag goes up, not from {from} to {to}.");
        return new ProblemEvent(at, System, ProblemEventKind.Escalated, "预警：" + Headline(to),
            DeadlineFlags.Describe(from).NameZh, DeadlineFlags.Describe(to).NameZh, detail);
    }

    public static string Headline(DeadlineFlag flag) => flag switch
    {
        DeadlineFlag.Blue => "即将到期",
        DeadlineFlag.Yellow => "已逾期",
        DeadlineFlag.Red => "严重逾期",
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
    };

    /// <summary>
    /// Why the problem has its flag today, e.g. "办理期限2026-03-10，已逾期3个工作日；企业评价不满意2次". Counts
    /// calendar days when the calendar does not cover the span.
    /// </summary>
    public static string? Explain(Problem problem, DateOnly today, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(calendar);
        var parts = new List<string>();
        if (problem.Deadline is { } due)
        {
            var date = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (today > due)
            {
                var late = WorkingDays(calendar, due, today);
                parts.Add(late switch
                {
                    null => $"办理期限{date}，已逾期{today.DayNumber - due.DayNumber}天",
                    0 => $"办理期限{date}，已过期限",
                    _ => $"办理期限{date}，已逾期{late}个工作日",
                });
            }
            else if (today == due)
            {
                parts.Add($"办理期限{date}，今日到期");
            }
            else
            {
                var left = WorkingDays(calendar, today, due);
                parts.Add(left is null ? $"办理期限{date}" : $"办理期限{date}，剩余{left}个工作日");
            }
        }
        if (problem.ReopenCount >= DeadlineFlags.RedAfterReopenings) parts.Add($"企业评价不满意{problem.ReopenCount}次");
        return parts.Count == 0 ? null : string.Join("；", parts);
    }

    private static int? WorkingDays(WorkingDayCalendar calendar, DateOnly from, DateOnly to)
    {
        try
        {
            return calendar.WorkingDaysBetween(from, to);
        }
        catch (CalendarNotCoveredException)
        {
            return null;
        }
    }
}
