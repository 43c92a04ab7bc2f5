using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Calendar;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = ShippedCalendars.Load();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Seven_working_days_from_the_eve_of_mid_autumn_skip_both_holidays_and_count_the_make_up_saturday() =>
        Calendar.AddWorkingDays(D(2026, 9, 24), 7).ShouldBe(D(2026, 10, 12));

    [Fact]
    public void One_working_day_from_the_friday_before_spring_festival_is_the_make_up_saturday() =>
        Calendar.AddWorkingDays(D(2026, 2, 13), 1).ShouldBe(D(2026, 2, 14));

    [Fact]
    public void Two_working_days_from_the_friday_before_spring_festival_land_after_the_whole_holiday() =>
        Calendar.AddWorkingDays(D(2026, 2, 13), 2).ShouldBe(D(2026, 2, 24));

    [Theory]
    [InlineData(1, 2026, 3, 16)]  // Friday → Monday over a plain weekend
    [InlineData(5, 2026, 3, 20)]
    [InlineData(6, 2026, 3, 23)]
    public void Counting_from_a_plain_friday_skips_plain_weekends(int days, int year, int month, int day) =>
        Calendar.AddWorkingDays(D(2026, 3, 13), days).ShouldBe(D(year, month, day));

    [Fact]
    public void Counting_from_a_saturday_starts_on_monday() =>
        Calendar.AddWorkingDays(D(2026, 3, 14), 1).ShouldBe(D(2026, 3, 16));

    [Theory]
    [InlineData(2026, 3, 14)]  // ordinary Saturday
    [InlineData(2026, 10, 1)]  // holiday
    [InlineData(2026, 3, 17)]
    public void Zero_working_days_is_the_same_day(int year, int month, int day) =>
        Calendar.AddWorkingDays(D(year, month, day), 0).ShouldBe(D(year, month, day));

    [Theory]
    [InlineData(-1)]
    [InlineData(3651)]
    public void Working_days_outside_0_to_3650_are_refused(int days) =>
        Should.Throw<DomainException>(() => Calendar.AddWorkingDays(D(2026, 3, 13), days))
            .Message.ShouldBe("工作日数应在0到3650之间");

    [Fact]
    public void Holiday_on_a_weekday_is_not_a_working_day() =>
        Calendar.IsWorkingDay(D(2026, 10, 5)).ShouldBeFalse();

    [Fact]
    public void Make_up_saturday_is_a_working_day() =>
        Calendar.IsWorkingDay(D(2026, 10, 10)).ShouldBeTrue();

    [Fact]
    public void Make_up_sunday_is_a_working_day() =>
        Calendar.IsWorkingDay(D(2026, 1, 4)).ShouldBeTrue();

    [Fact]
    public void Ordinary_sunday_is_not_a_working_day() =>
        Calendar.IsWorkingDay(D(2026, 10, 11)).ShouldBeFalse();

    [Fact]
    public void Ordinary_tuesday_is_a_working_day() =>
        Calendar.IsWorkingDay(D(2026, 10, 13)).ShouldBeTrue();

    [Fact]
    public void Next_working_day_skips_the_national_day_holiday() =>
        Calendar.NextWorkingDay(D(2026, 9, 30)).ShouldBe(D(2026, 10, 8));

    [Fact]
    public void Next_working_day_after_a_plain_tuesday_is_wednesday() =>
        Calendar.NextWorkingDay(D(2026, 3, 17)).ShouldBe(D(2026, 3, 18));

    [Fact]
    public void Working_days_between_a_date_and_itself_is_zero() =>
        Calendar.WorkingDaysBetween(D(2026, 10, 1), D(2026, 10, 1)).ShouldBe(0);

    [Fact]
    public void Working_days_between_counts_after_from_up_to_and_including_to() =>
        Calendar.WorkingDaysBetween(D(2026, 9, 24), D(2026, 10, 12)).ShouldBe(7);

    [Theory]
    [InlineData(2026, 3, 13, 2026, 3, 16, 1)]   // plain weekend
    [InlineData(2026, 9, 30, 2026, 10, 8, 1)]   // National Day
    [InlineData(2026, 2, 13, 2026, 2, 24, 2)]   // Spring Festival with its make-up Saturday
    [InlineData(2026, 1, 1, 2026, 12, 31, 248)] // 01-01 is a holiday, so this is all of 2026
    public void Working_days_between_is_antisymmetric(int y1, int m1, int d1, int y2, int m2, int d2, int expected)
    {
        Calendar.WorkingDaysBetween(D(y1, m1, d1), D(y2, m2, d2)).ShouldBe(expected);
        Calendar.WorkingDaysBetween(D(y2, m2, d2), D(y1, m1, d1)).ShouldBe(-expected);
    }

    [Fact]
    public void Working_days_between_is_negative_when_to_is_before_from() =>
        Calendar.WorkingDaysBetween(D(2026, 10, 12), D(2026, 9, 24)).ShouldBe(-7);

    [Fact]
    public void Working_days_between_agrees_with_add_working_days()
    {
        var start = D(2026, 1, 1);
        for (var days = 0; days <= 240; days += 7)
            Calendar.WorkingDaysBetween(start, Calendar.AddWorkingDays(start, days)).ShouldBe(days);
    }

    [Fact]
    public void A_date_in_an_uncovered_year_is_refused_with_a_chinese_message_naming_the_year()
    {
        var ex = Should.Throw<CalendarNotCoveredException>(() => Calendar.IsWorkingDay(D(2027, 3, 2)));

        ex.Message.ShouldBe("工作日历未包含2027年的节假日安排，请系统管理员先导入该年度安排");
        ex.Year.ShouldBe(2027);
    }

    [Fact]
    public void Counting_into_an_uncovered_year_is_refused_rather_than_guessed() =>
        Should.Throw<CalendarNotCoveredException>(() => Calendar.AddWorkingDays(D(2026, 12, 30), 3)).Year.ShouldBe(2027);

    [Fact]
    public void Working_days_between_across_into_an_uncovered_year_is_refused() =>
        Should.Throw<CalendarNotCoveredException>(() => Calendar.WorkingDaysBetween(D(2026, 12, 1), D(2027, 1, 5)));

    [Fact]
    public void Counting_from_the_last_day_of_an_uncovered_year_only_needs_the_days_counted()
    {
        // 2026-01-01…03 are holidays and Sunday 01-04 is a make-up workday.
        Calendar.AddWorkingDays(D(2025, 12, 31), 1).ShouldBe(D(2026, 1, 4));
    }

    [Fact]
    public void Calendar_without_a_covered_year_knows_nothing() =>
        Should.Throw<CalendarNotCoveredException>(() => new WorkingDayCalendar([], []).IsWorkingDay(D(2026, 3, 17)));

    [Fact]
    public void Covered_year_without_entries_follows_the_weekend_rule()
    {
        var calendar = new WorkingDayCalendar([], [2030]);

        calendar.IsWorkingDay(D(2030, 1, 1)).ShouldBeTrue();   // Tuesday
        calendar.IsWorkingDay(D(2030, 1, 5)).ShouldBeFalse();  // Saturday
        calendar.CoveredYears.ShouldBe([2030]);
    }

    [Fact]
    public void Make_up_workday_on_a_weekday_is_refused_when_building() =>
        Should.Throw<DomainException>(() => new WorkingDayCalendar(
                [new CalendarDay(D(2026, 3, 18), CalendarDayKind.Workday, "调休上班")], [2026]))
            .Message.ShouldBe("2026-03-18是星期三，本来就是工作日，不能标为调休上班");

    [Fact]
    public void Holiday_on_a_weekend_is_accepted_because_official_notices_list_whole_spans()
    {
        var calendar = new WorkingDayCalendar([new CalendarDay(D(2026, 10, 3), CalendarDayKind.Holiday, "国庆节")], [2026]);

        calendar.IsWorkingDay(D(2026, 10, 3)).ShouldBeFalse();
        calendar.Find(D(2026, 10, 3))!.Name.ShouldBe("国庆节");
    }

    [Fact]
    public void Duplicate_dates_are_refused_when_building() =>
        Should.Throw<DomainException>(() => new WorkingDayCalendar(
            [
                new CalendarDay(D(2026, 10, 1), CalendarDayKind.Holiday, "国庆节"),
                new CalendarDay(D(2026, 10, 1), CalendarDayKind.Holiday, "国庆节"),
            ], [2026]))
            .Message.ShouldBe("2026-10-01重复出现，同一天只能有一条安排");

    [Fact]
    public void Entry_outside_the_covered_years_is_refused_when_building() =>
        Should.Throw<DomainException>(() => new WorkingDayCalendar(
                [new CalendarDay(D(2027, 1, 1), CalendarDayKind.Holiday, "元旦")], [2026]))
            .Message.ShouldBe("2027-01-01不在工作日历覆盖的年份内，请把2027年列入覆盖年份");

    [Fact]
    public void Days_are_kept_in_date_order()
    {
        var calendar = new WorkingDayCalendar(
        [
            new CalendarDay(D(2026, 10, 10), CalendarDayKind.Workday, "国庆节调休上班"),
            new CalendarDay(D(2026, 10, 1), CalendarDayKind.Holiday, "国庆节"),
        ], [2026, 2026]);

        calendar.Days.Select(d => d.Date).ShouldBe([D(2026, 10, 1), D(2026, 10, 10)]);
        calendar.CoveredYears.ShouldBe([2026]);
    }
}
