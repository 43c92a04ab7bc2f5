using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Calendar;

public sealed class HolidayCsvTests
{
    private static HolidaySchedule Parse(string text) => HolidayCsv.Parse(new StringReader(text));

    private static string Refused(string text) => Should.Throw<DomainException>(() => Parse(text)).Message;

    [Fact]
    public void Rows_are_read_with_their_kind_and_name()
    {
        var schedule = Parse("date,kind,name\n2026-10-01,holiday,国庆节\n2026-10-10,workday,国庆节调休上班\n");

        schedule.Days.ShouldBe(
        [
            new CalendarDay(new DateOnly(2026, 10, 1), CalendarDayKind.Holiday, "国庆节"),
            new CalendarDay(new DateOnly(2026, 10, 10), CalendarDayKind.Workday, "国庆节调休上班"),
        ]);
        schedule.CoveredYears.ShouldBe([2026]);
    }

    [Fact]
    public void A_file_covers_every_year_its_dates_fall_in() =>
        Parse("date,kind,name\n2027-01-01,holiday,元旦\n2026-12-31,holiday,元旦\n").CoveredYears.ShouldBe([2026, 2027]);

    [Fact]
    public void Byte_order_mark_crlf_blank_lines_spaces_and_upper_case_kinds_are_tolerated()
    {
        var schedule = Parse("\uFEFFdate,kind,name\r\n\r\n 2026-10-01 , HOLIDAY , 国庆节 \r\n");

        schedule.Days.ShouldBe([new CalendarDay(new DateOnly(2026, 10, 1), CalendarDayKind.Holiday, "国庆节")]);
    }

    [Fact]
    public void Header_is_optional() =>
        Parse("2026-10-01,holiday,国庆节").Days.Count.ShouldBe(1);

    [Theory]
    [InlineData("2026/10/01")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("20261001")]
    public void Bad_date_is_refused_with_its_line_number(string date) =>
        Refused($"date,kind,name\n2026-10-01,holiday,国庆节\n{date},holiday,国庆节\n")
            .ShouldBe($"第3行：日期“{date}”无效，应写成 yyyy-MM-dd，例如 2026-10-01");

    [Fact]
    public void Unknown_kind_is_refused_with_its_line_number() =>
        Refused("date,kind,name\n2026-10-01,休息,国庆节\n")
            .ShouldBe("第2行：未知的类型“休息”，应为 holiday（放假）或 workday（调休上班）");

    [Fact]
    public void Duplicate_date_is_refused_naming_both_lines() =>
        Refused("date,kind,name\n2026-10-01,holiday,国庆节\n\n2026-10-02,holiday,国庆节\n2026-10-01,holiday,国庆节\n")
            .ShouldBe("第5行：日期2026-10-01与第2行重复");

    [Theory]
    [InlineData("2026-10-01,holiday")]
    [InlineData("2026-10-01,holiday,国庆节,多余")]
    public void Wrong_number_of_columns_is_refused(string row) =>
        Refused($"date,kind,name\n{row}\n").ShouldStartWith("第2行：应有3列（date,kind,name），实际为");

    [Fact]
    public void Missing_name_is_refused() =>
        Refused("date,kind,name\n2026-10-01,holiday, \n").ShouldBe("第2行：缺少名称，例如“国庆节”");

    [Fact]
    public void Make_up_workday_on_a_weekday_is_refused_with_its_line_number() =>
        Refused("date,kind,name\n2026-10-09,workday,国庆节调休上班\n")
            .ShouldBe("第2行：2026-10-09不是周末，不能标为调休上班（workday）");

    [Theory]
    [InlineData("")]
    [InlineData("date,kind,name\n")]
    [InlineData("date,kind,name\n\n  \n")]
    public void File_without_dates_is_refused(string text) =>
        Refused(text).ShouldBe("节假日文件没有任何日期行");

    [Fact]
    public void Parsed_schedule_builds_a_calendar() =>
        Parse("date,kind,name\n2026-10-10,workday,国庆节调休上班\n").ToCalendar().IsWorkingDay(new DateOnly(2026, 10, 10)).ShouldBeTrue();
}
