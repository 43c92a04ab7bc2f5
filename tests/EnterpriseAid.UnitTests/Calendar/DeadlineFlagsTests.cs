using EnterpriseAid.Domain.Calendar;

namespace EnterpriseAid.UnitTests.Calendar;

public sealed class DeadlineFlagsTests
{
    private static readonly WorkingDayCalendar Calendar = ShippedCalendars.Load();

    private static DeadlineFlag Flag(string due, string today, int reopenCount = 0) =>
        DeadlineFlags.Evaluate(Date(due), Date(today), reopenCount, Calendar);

    private static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Due_on_the_next_working_day_is_blue() => Flag("2026-03-18", "2026-03-17").ShouldBe(DeadlineFlag.Blue);

    [Fact]
    public void Due_today_is_blue() => Flag("2026-03-17", "2026-03-17").ShouldBe(DeadlineFlag.Blue);

    [Fact]
    public void Due_in_two_working_days_is_not_flagged() => Flag("2026-03-19", "2026-03-17").ShouldBe(DeadlineFlag.None);

    [Fact]
    public void Due_monday_is_blue_on_the_friday_before() => Flag("2026-03-16", "2026-03-13").ShouldBe(DeadlineFlag.Blue);

    [Fact]
    public void Due_monday_is_not_flagged_on_the_thursday_before() => Flag("2026-03-16", "2026-03-12").ShouldBe(DeadlineFlag.None);

    [Fact]
    public void Due_after_national_day_is_blue_on_the_last_working_day_before_the_holiday() =>
        Flag("2026-10-08", "2026-09-30").ShouldBe(DeadlineFlag.Blue);

    [Fact]
    public void Due_after_national_day_is_not_flagged_two_working_days_before() =>
        Flag("2026-10-08", "2026-09-29").ShouldBe(DeadlineFlag.None);

    [Fact]
    public void Make_up_saturday_counts_as_the_working_day_before_a_monday_deadline()
    {
        Flag("2026-10-12", "2026-10-10").ShouldBe(DeadlineFlag.Blue);
        Flag("2026-10-12", "2026-10-09").ShouldBe(DeadlineFlag.None);
    }

    [Fact]
    public void One_day_late_is_yellow() => Flag("2026-03-17", "2026-03-18").ShouldBe(DeadlineFlag.Yellow);

    [Fact]
    public void Late_by_a_weekend_day_only_is_already_yellow() => Flag("2026-03-20", "2026-03-21").ShouldBe(DeadlineFlag.Yellow);

    [Fact]
    public void Five_working_days_late_is_yellow() => Flag("2026-03-17", "2026-03-24").ShouldBe(DeadlineFlag.Yellow);

    [Fact]
    public void Six_working_days_late_is_red() => Flag("2026-03-17", "2026-03-25").ShouldBe(DeadlineFlag.Red);

    [Fact]
    public void Lateness_over_a_holiday_counts_working_days_not_calendar_days()
    {
        // 2026-09-29 → 10-12 is 13 calendar days but 5 working days (9-30, 10-8, 10-9, Saturday 10-10, 10-12).
        Flag("2026-09-29", "2026-10-12").ShouldBe(DeadlineFlag.Yellow);
        Flag("2026-09-28", "2026-10-12").ShouldBe(DeadlineFlag.Red);
    }

    [Fact]
    public void Reopened_twice_is_red_even_when_not_late() => Flag("2026-06-30", "2026-03-17", reopenCount: 2).ShouldBe(DeadlineFlag.Red);

    [Fact]
    public void Reopened_twice_is_red_even_in_a_year_the_calendar_does_not_cover() =>
        Flag("2027-06-30", "2027-03-17", reopenCount: 3).ShouldBe(DeadlineFlag.Red);

    [Fact]
    public void Reopened_once_does_not_change_the_flag()
    {
        Flag("2026-06-30", "2026-03-17", reopenCount: 1).ShouldBe(DeadlineFlag.None);
        Flag("2026-03-17", "2026-03-18", reopenCount: 1).ShouldBe(DeadlineFlag.Yellow);
    }

    [Fact]
    public void Negative_reopen_count_is_refused() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Flag("2026-03-17", "2026-03-17", reopenCount: -1));

    [Fact]
    public void Evaluating_in_an_uncovered_year_is_refused() =>
        Should.Throw<CalendarNotCoveredException>(() => Flag("2026-12-30", "2027-01-05"));

    [Fact]
    public void Flags_have_chinese_names() =>
        Enum.GetValues<DeadlineFlag>().Select(f => DeadlineFlags.Describe(f).NameZh)
            .ShouldBe(["正常", "蓝色预警（临期）", "黄色预警（逾期）", "红色预警（严重逾期）"]);
}
