using System.Linq.Expressions;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>
/// The 预警 flags of one day as ranges of deadlines, so that a database can select the problems of a colour with plain
/// comparisons instead of counting working days per problem. Working days between a deadline and today only grow as the
/// deadline moves away from today, so on a given day each colour is a range of deadlines (ADR-031):
/// red by lateness ⇔ <see cref="CoveredAfter"/> ≤ due &lt; <see cref="RedBefore"/>; blue ⇔ today ≤ due &lt;
/// <see cref="BlueBefore"/>; yellow ⇔ due &lt; today and not red by lateness. The ranges reproduce
/// <see cref="Problem.Escalation"/> including its fallback while a year of the span is not covered by the calendar
/// (late is then yellow, never red; not yet due is then not flagged): <see cref="FlagOf"/> is that rule for one
/// deadline, and the unit tests hold it to <see cref="Problem.Escalation"/> day by day.
/// </summary>
public sealed record FlagWindows
{
    /// <summary>The day the flags are for.</summary>
    public required DateOnly Today { get; init; }

    /// <summary>
    /// L: the day before 1 January of the earliest year from which every year up to today's is covered (today itself when
    /// today's year is not): a deadline after it has a span the calendar can count; an earlier one is late by a span it cannot.
    /// </summary>
    public required DateOnly CoveredAfter { get; init; }

    /// <summary>
    /// R: deadlines before it are more than <see cref="DeadlineFlags.RedAfterLateWorkingDays"/> working days late; null when
    /// the calendar runs out before that many working days are counted back from today (then nothing is red by lateness).
    /// </summary>
    public required DateOnly? RedBefore { get; init; }

    /// <summary>B: deadlines from today up to the day before this are blue (within one working day, with the span covered).</summary>
    public required DateOnly BlueBefore { get; init; }

    /// <summary>Works out the three bounds for <paramref name="today"/> by walking the calendar from today, a few days each way.</summary>
    public static FlagWindows For(DateOnly today, WorkingDayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);

        var year = today.Year;
        DateOnly coveredAfter;
        if (!calendar.Covers(year)) coveredAfter = today;
        else
        {
            while (year > DateOnly.MinValue.Year && calendar.Covers(year - 1)) year--;
            coveredAfter = new DateOnly(year, 1, 1).AddDays(-1);
        }

        // Counting back from today, the day on which the late working days reach RedAfterLateWorkingDays + 1: a deadline
        // before it has that many working days in (due, today].
        DateOnly? redBefore = null;
        var count = 0;
        for (var d = today; calendar.Covers(d.Year); d = d.AddDays(-1))
        {
            if (calendar.IsWorkingDay(d) && ++count == DeadlineFlags.RedAfterLateWorkingDays + 1)
            {
                redBefore = d;
                break;
            }
        }

        // Counting on from tomorrow, the first day that is uncovered or ends a second working day: (today, due] must be
        // counted whole and hold at most BlueWithinWorkingDays working days.
        var blueBefore = today.AddDays(1);
        count = 0;
        while (calendar.Covers(blueBefore.Year)
               && !(calendar.IsWorkingDay(blueBefore) && ++count == DeadlineFlags.BlueWithinWorkingDays + 1))
        {
            blueBefore = blueBefore.AddDays(1);
        }

        return new FlagWindows { Today = today, CoveredAfter = coveredAfter, RedBefore = redBefore, BlueBefore = blueBefore };
    }

    /// <summary>
    /// The flag of an OPEN problem with this deadline (none: never dispatched) and reopen count, by the ranges: the same answer
    /// as <see cref="Problem.Escalation"/> with the yellow-if-late fallback while the calendar does not cover the span.
    /// </summary>
    public DeadlineFlag FlagOf(DateOnly? deadline, int reopenCount)
    {
        if (reopenCount >= DeadlineFlags.RedAfterReopenings) return DeadlineFlag.Red;
        if (deadline is not { } due) return DeadlineFlag.None;
        if (due < Today) return IsRedByLateness(due) ? DeadlineFlag.Red : DeadlineFlag.Yellow;
        return due < BlueBefore ? DeadlineFlag.Blue : DeadlineFlag.None;
    }

    /// <summary>The flag of a problem in <paramref name="status"/>: <see cref="FlagOf(DateOnly?, int)"/> while it is open, none once it is not.</summary>
    public DeadlineFlag FlagOf(ProblemStatus status, DateOnly? deadline, int reopenCount) =>
        Problem.IsOpenStatus(status) ? FlagOf(deadline, reopenCount) : DeadlineFlag.None;

    private bool IsRedByLateness(DateOnly due) => RedBefore is { } red && due >= CoveredAfter && due < red;

    /// <summary>
    /// The problems carrying <paramref name="flag"/> today, as a predicate a database can run (an open status, the reopen
    /// count and deadline ranges). <see cref="DeadlineFlag.None"/> means open and not flagged, as the problem list's filter has it.
    /// </summary>
    public Expression<Func<Problem, bool>> Carrying(DeadlineFlag flag)
    {
        var today = Today;
        var reopenings = DeadlineFlags.RedAfterReopenings;
        var blueBefore = BlueBefore;
        var coveredAfter = CoveredAfter;
        // Without a red bound the range [coveredAfter, redBefore) is made empty: nothing is red by lateness, every late one yellow.
        var redBefore = RedBefore ?? coveredAfter;
        // Open is spelt out in each predicate (not composed) so that the expression stays a plain lambda EF Core translates.
        return flag switch
        {
            DeadlineFlag.Red => p => (p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
                                     && (p.ReopenCount >= reopenings || (p.Deadline >= coveredAfter && p.Deadline < redBefore)),
            DeadlineFlag.Yellow => p => (p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
                                        && p.ReopenCount < reopenings && p.Deadline < today
                                        && (p.Deadline < coveredAfter || p.Deadline >= redBefore),
            DeadlineFlag.Blue => p => (p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
                                      && p.ReopenCount < reopenings && p.Deadline >= today && p.Deadline < blueBefore,
            DeadlineFlag.None => p => (p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
                                      && p.ReopenCount < reopenings && (p.Deadline == null || p.Deadline >= blueBefore),
            _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, null),
        };
    }

    /// <summary>Yellow or red: what 我的待办 lists as overdue.</summary>
    public Expression<Func<Problem, bool>> Late()
    {
        var today = Today;
        var reopenings = DeadlineFlags.RedAfterReopenings;
        return p => (p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
                    && (p.ReopenCount >= reopenings || p.Deadline < today);
    }
}
