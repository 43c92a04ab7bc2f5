using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Web.Features.Problems;
using static EnterpriseAid.UnitTests.Problems.ProblemScenarios;

namespace EnterpriseAid.UnitTests.Calendar;

/// <summary>
/// The deadline ranges of a day (<see cref="FlagWindows"/>) against the flag each problem shows
/// (<see cref="ProblemQueries.Flag"/>: <see cref="Problem.Escalation"/>, yellow-if-late while the calendar does not cover
/// the span), for every deadline in a wide range, reopened 0–3 times, on days around weekends, holidays and year ends,
/// with calendars covering one year, two years and the wrong year.
/// </summary>
public sealed class FlagWindowsTests
{
    private static readonly WorkingDayCalendar Shipped2026 = ShippedCalendars.Load();

    /// <summary>2026 as shipped and 2027 with its New Year and Spring Festival (a make-up Saturday included).</summary>
    private static readonly WorkingDayCalendar TwoYears = new(
        Shipped2026.Days.Concat(
        [
            new CalendarDay(new DateOnly(2027, 1, 1), CalendarDayKind.Holiday, "元旦"),
            .. Enumerable.Range(0, 8).Select(i => new CalendarDay(new DateOnly(2027, 2, 5).AddDays(i), CalendarDayKind.Holiday, "春节")),
            new CalendarDay(new DateOnly(2027, 2, 20), CalendarDayKind.Workday, "春节调休"),
        ]),
        [2026, 2027]);

    /// <summary>Only 2025 (weekends alone), while the days tested are in 2026 and 2027.</summary>
    private static readonly WorkingDayCalendar WrongYear = new([], [2025]);

    /// <summary>2025 and 2026, so that lateness reaching back over New Year 2026 is counted.</summary>
    private static readonly WorkingDayCalendar PreviousAndThis = new(Shipped2026.Days, [2025, 2026]);

    public static TheoryData<string, string> Days() => new()
    {
        // A weekday, a Friday and a Monday around a weekend.
        { "2026-03-18", "shipped" }, { "2026-03-20", "shipped" }, { "2026-03-23", "shipped" },
        // Around 国庆 (1–8 October, make-up Saturday 10 October) and 春节 2026.
        { "2026-09-30", "shipped" }, { "2026-10-04", "shipped" }, { "2026-10-09", "shipped" }, { "2026-10-12", "shipped" },
        { "2026-02-13", "shipped" }, { "2026-02-24", "shipped" },
        // The first days of a covered year with the previous year uncovered, and the last days before an uncovered one.
        { "2026-01-02", "shipped" }, { "2026-01-09", "shipped" }, { "2026-12-30", "shipped" }, { "2026-12-31", "shipped" },
        { "2026-01-05", "previous-and-this" }, { "2026-12-31", "two-years" }, { "2027-01-04", "two-years" },
        { "2027-02-04", "two-years" }, { "2027-02-19", "two-years" }, { "2027-12-31", "two-years" },
        // Today's own year not covered.
        { "2027-01-04", "shipped" }, { "2026-06-15", "wrong-year" }, { "2027-03-01", "wrong-year" },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void The_ranges_give_every_problem_the_flag_it_shows(string todayText, string calendarName)
    {
        var today = DateOnly.Parse(todayText, System.Globalization.CultureInfo.InvariantCulture);
        var calendar = calendarName switch
        {
            "shipped" => Shipped2026,
            "two-years" => TwoYears,
            "wrong-year" => WrongYear,
            _ => PreviousAndThis,
        };
        var windows = FlagWindows.For(today, calendar);
        var carrying = Enum.GetValues<DeadlineFlag>().ToDictionary(f => f, f => windows.Carrying(f).Compile());

        foreach (var problem in Problems(today))
        {
            var shown = ProblemQueries.Flag(problem, today, calendar);
            var context = $"today {today:yyyy-MM-dd}, due {problem.Deadline:yyyy-MM-dd}, reopened {problem.ReopenCount}, {problem.Status}";
            if (problem.IsOpen) windows.FlagOf(problem.Deadline, problem.ReopenCount).ShouldBe(shown, context);
            // What the lists show per row, from the ranges of the day.
            ProblemQueries.Flag(problem, windows).ShouldBe(shown, $"shown: {context}");
            foreach (var (flag, predicate) in carrying)
                predicate(problem).ShouldBe(problem.IsOpen && shown == flag, $"{flag}: {context}");
            windows.Late().Compile()(problem).ShouldBe(shown is DeadlineFlag.Yellow or DeadlineFlag.Red, $"late: {context}");
        }
    }

    [Fact]
    public void Red_and_blue_bounds_on_a_wednesday()
    {
        // Wednesday 18 March 2026: six working days back reach Wednesday the 11th; the second working day ahead is Friday.
        var windows = FlagWindows.For(new DateOnly(2026, 3, 18), Shipped2026);

        windows.RedBefore.ShouldBe(new DateOnly(2026, 3, 11));
        windows.BlueBefore.ShouldBe(new DateOnly(2026, 3, 20));
        windows.CoveredAfter.ShouldBe(new DateOnly(2025, 12, 31));
    }

    [Fact]
    public void Nothing_is_red_by_lateness_when_the_calendar_runs_out_first()
    {
        // 5 January 2026 with 2025 uncovered: only two working days of 2026 lie before it.
        var windows = FlagWindows.For(new DateOnly(2026, 1, 5), Shipped2026);

        windows.RedBefore.ShouldBeNull();
        windows.FlagOf(new DateOnly(2025, 12, 1), 0).ShouldBe(DeadlineFlag.Yellow);
    }

    /// <summary>Problems due on every day from 70 days before to 40 days after <paramref name="today"/>, reopened 0–3 times, plus ones without a deadline or closed.</summary>
    private static IEnumerable<Problem> Problems(DateOnly today)
    {
        var registered = new DateTimeOffset(today.AddDays(-400).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        for (var due = today.AddDays(-70); due <= today.AddDays(40); due = due.AddDays(1))
        {
            for (var reopened = 0; reopened <= 3; reopened++) yield return Dispatched(due, reopened, registered);
        }
        // Without a deadline: registered, solved on the spot and reopened once, and returned by the department.
        yield return NewProblemAt(registered);
        var reopenedOnce = NewProblemAt(registered);
        reopenedOnce.SolveOnSpot("现场解决", Official, registered);
        reopenedOnce.Rate(Satisfaction.Unsatisfied, "没有解决", EnterpriseUser, registered);
        yield return reopenedOnce;
        var returned = NewProblemAt(registered);
        returned.Dispatch(Commerce, [], today, Dispatcher, registered);
        returned.Return("不属于本单位职责范围", LeadHandler, registered);
        yield return returned;
        var closed = Dispatched(today.AddDays(-30), 0, registered);
        closed.Resolve("已办结", LeadHandler, registered);
        closed.Rate(Satisfaction.Satisfied, null, EnterpriseUser, registered);
        closed.Close(Dispatcher, registered);
        yield return closed;
        var resolved = Dispatched(today.AddDays(-30), 2, registered);
        resolved.Resolve("已办结", LeadHandler, registered);
        yield return resolved;
    }

    private static Problem Dispatched(DateOnly due, int reopened, DateTimeOffset at)
    {
        var p = NewProblemAt(at);
        p.Dispatch(Commerce, [], due, Dispatcher, at);
        p.Accept(LeadHandler, at);
        for (var i = 0; i < reopened; i++)
        {
            p.Resolve("已办结", LeadHandler, at);
            p.Rate(Satisfaction.Unsatisfied, "没有解决", EnterpriseUser, at);
        }
        return p;
    }

    private static Problem NewProblemAt(DateTimeOffset at) => Problem.Register(ProblemNumber.Create(at.Year, 1), 501, null, "funding",
        Urgency.Urgent, ProblemSource.Visit, "流动资金贷款到期续贷困难", "企业流动资金贷款到期，银行提出压降额度。", Official.Actor, at);
}
