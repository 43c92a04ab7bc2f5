using EnterpriseAid.Domain.Calendar;

namespace EnterpriseAid.UnitTests.Calendar;

public sealed class HolidayYearFileTests
{
    private static IReadOnlyList<string> Errors(string text) => HolidayYearFile.Read(text).Errors.Select(e => e.Message).ToList();

    [Fact]
    public void A_valid_file_gives_its_year_days_in_date_order_and_counts()
    {
        var file = HolidayYearFile.Read("date,kind,name\n2027-10-09,workday,国庆节调休上班\n2027-01-01,holiday,元旦\n2027-01-02,holiday,元旦\n");

        file.IsValid.ShouldBeTrue();
        file.Year.ShouldBe(2027);
        file.Days.Select(d => d.Date).ShouldBe([new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2), new DateOnly(2027, 10, 9)]);
        file.HolidayCount.ShouldBe(2);
        file.WorkdayCount.ShouldBe(1);
    }

    [Fact]
    public void The_shipped_2026_schedule_is_a_valid_import()
    {
        using var stream = typeof(ShippedCalendars).Assembly.GetManifestResourceStream(ShippedCalendars.ResourceNames.Single(n => n.Contains("2026")))!;
        var file = HolidayYearFile.Read(new StreamReader(stream).ReadToEnd());

        file.IsValid.ShouldBeTrue(string.Join("\n", file.Errors.Select(e => e.Message)));
        (file.Year, file.HolidayCount, file.WorkdayCount).ShouldBe((2026, 33, 6));
    }

    [Fact]
    public void Every_bad_line_is_reported_with_its_number_not_only_the_first()
    {
        var errors = Errors("""
            date,kind,name
            2027-01-01,holiday,元旦
            2027/01/02,holiday,元旦
            2027-01-03,rest,元旦
            2027-01-01,holiday,元旦
            2027-01-05,workday,调休
            2027-01-09,workday,
            2027-01-10,holiday,元旦,多余
            """);

        errors.ShouldBe(
        [
            "第3行：日期“2027/01/02”无效，应写成 yyyy-MM-dd，例如 2026-10-01",
            "第4行：未知的类型“rest”，应为 holiday（放假）或 workday（调休上班）",
            "第5行：日期2027-01-01与第2行重复",
            "第6行：2027-01-05不是周末，不能标为调休上班（workday）",
            "第7行：缺少名称，例如“国庆节”",
            "第8行：应有3列（date,kind,name），实际为4列",
        ]);
    }

    [Fact]
    public void Dates_of_another_year_are_refused_line_by_line()
    {
        var file = HolidayYearFile.Read("date,kind,name\n2027-01-01,holiday,元旦\n2028-01-01,holiday,元旦\n2027-10-01,holiday,国庆节\n2026-12-31,holiday,元旦\n");

        file.Year.ShouldBe(2027);
        file.Days.ShouldBeEmpty();
        file.Errors.Select(e => e.Line).ShouldBe([3, 5]);
        file.Errors[0].Message.ShouldBe("第3行：2028-01-01不是2027年的日期，一个文件只能包含一个年度的安排（以第2行的2027年为准）");
    }

    [Fact]
    public void A_file_of_make_up_days_alone_is_refused() =>
        Errors("date,kind,name\n2027-02-20,workday,春节调休上班\n").ShouldBe(["文件中没有任何放假日期（holiday），请检查是否选错了文件"]);

    [Theory]
    [InlineData("1999-10-01")]
    [InlineData("2100-10-01")]
    public void A_year_outside_the_supported_range_is_refused(string date) =>
        Errors($"{date},holiday,国庆节").ShouldBe([$"第1行：年份{date[..4]}超出可导入的范围（2000—2099年）"]);

    [Theory]
    [InlineData("")]
    [InlineData("date,kind,name")]
    [InlineData("\n \n")]
    public void A_file_without_dates_is_refused(string text) =>
        Errors(text).ShouldBe(["节假日文件没有任何日期行"]);

    [Fact]
    public void A_name_with_control_characters_is_refused() =>
        Errors("2027-01-01,holiday,元\u0007旦").ShouldBe(["第1行：名称含有不可见的控制字符"]);
}
