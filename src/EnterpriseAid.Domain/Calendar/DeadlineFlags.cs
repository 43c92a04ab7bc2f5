using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>预警等级 of an open problem against its deadline; a 督办单 is issued at the same level.</summary>
public enum DeadlineFlag
{
    None = 0,

    /// <summary>蓝色: due today or on the next working day.</summary>
    Blue = 1,

    /// <summary>黄色: past the due date.</summary>
    Yellow = 2,

    /// <summary>红色: more than <see cref="DeadlineFlags.RedAfterLateWorkingDays"/> working days late, or reopened repeatedly.</summary>
    Red = 3,
}

public static class DeadlineFlags
{
    public const int BlueWithinWorkingDays = 1;
    public const int RedAfterLateWorkingDays = 5;
    public const int RedAfterReopenings = 2;

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("none", "正常", "On track"),
        new("blue", "蓝色预警（临期）", "Blue (due soon)"),
        new("yellow", "黄色预警（逾期）", "Yellow (overdue)"),
        new("red", "红色预警（严重逾期）", "Red (seriously overdue)"),
    ];

    public static CatalogEntry Describe(DeadlineFlag flag) => flag switch
    {
        DeadlineFlag.None => All[0],
        DeadlineFlag.Blue => All[1],
        DeadlineFlag.Yellow => All[2],
        DeadlineFlag.Red => All[3],
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
    };

    /// <summary>
    /// The flag of an OPEN problem (assigned or in progress). Resolved and closed problems are never flagged:
    /// the caller must not pass them, since nothing here knows the problem's state.
    /// </summary>
    /// <param name="due">The resolution deadline.</param>
    /// <param name="today">The current date in the portal's time zone.</param>
    /// <param name="reopenCount">How often the enterprise rejected the answer and the problem was reopened.</param>
    /// <param name="calendar">The working-day calendar; it must cover the years between due and today.</param>
    public static DeadlineFlag Evaluate(DateOnly due, DateOnly today, int reopenCount, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentOutOfRangeException.ThrowIfNegative(reopenCount);

        // Repeated dissatisfaction escalates on its own, even when the new deadline is far off.
        if (reopenCount >= RedAfterReopenings) return DeadlineFlag.Red;

        if (today > due)
        {
            // Late by calendar days but not yet by working days (due Friday, today Saturday) is still late.
            return calendar.WorkingDaysBetween(due, today) > RedAfterLateWorkingDays ? DeadlineFlag.Red : DeadlineFlag.Yellow;
        }

        return calendar.WorkingDaysBetween(today, due) <= BlueWithinWorkingDays ? DeadlineFlag.Blue : DeadlineFlag.None;
    }
}
