using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Problems;

namespace EnterpriseAid.UnitTests.Features.Problems;

public sealed class ProblemFilterValidatorTests
{
    private static readonly ProblemFilterOptions Options = new(
        [new DepartmentOption(21, "区商务局"), new DepartmentOption(22, "区财政局")],
        [new RegionOption(2, "新河区", "/1/2/", 0), new RegionOption(5, "城关街道", "/1/2/5/", 1)]);

    private readonly ProblemFilterValidator _validator = new(TestLocalizer.Create());

    private static ProblemFilterModel Valid() => new()
    {
        Status = "InProgress", Category = "energy", Flag = "yellow", Department = "21", Role = "co", Region = "5",
        From = "2026-03-01", To = "2026-03-31", Options = Options,
    };

    private (string Property, string Message) OnlyFailure(Action<ProblemFilterModel> change, string culture = "zh-CN")
    {
        var model = Valid();
        change(model);
        return TestLocalizer.OnlyFailure(_validator, model, culture);
    }

    [Fact]
    public void Valid_filters_pass_and_become_criteria()
    {
        var model = Valid();

        _validator.Validate(model).Errors.ShouldBeEmpty();
        model.ToCriteria().ShouldBe(new ProblemCriteria
        {
            Status = ProblemStatus.InProgress, Category = "energy", Flag = DeadlineFlag.Yellow, DepartmentId = 21,
            DepartmentRole = DepartmentRole.CoHandler, RegionPath = "/1/2/5/", From = new DateOnly(2026, 3, 1), To = new DateOnly(2026, 3, 31),
        });
    }

    [Fact]
    public void No_filter_at_all_is_valid_and_means_everything()
    {
        var model = new ProblemFilterModel { Options = Options };

        _validator.Validate(model).Errors.ShouldBeEmpty();
        model.ToCriteria().ShouldBe(ProblemCriteria.All);
        model.IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-3-1")]
    [InlineData("2026/03/01")]
    [InlineData("2026-02-30")]
    [InlineData("1999-12-31")]
    [InlineData("2100-01-01")]
    [InlineData("today")]
    public void A_date_that_is_not_a_year_month_day_within_range_is_refused(string date) =>
        OnlyFailure(m => m.From = date).ShouldBe(("From", "登记日期（起）应为 年-月-日 格式的日期（2000—2099年），如 2026-03-01"));

    [Fact]
    public void From_after_to_is_refused_but_one_day_is_fine()
    {
        OnlyFailure(m => (m.From, m.To) = ("2026-04-01", "2026-03-31")).ShouldBe(("To", "登记日期的开始日期不能晚于结束日期"));
        _validator.Validate(Change(m => (m.From, m.To) = ("2026-03-31", "2026-03-31"))).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Status", "Lost", "状态的取值无效，请重新选择")]
    [InlineData("Status", "reported", "状态的取值无效，请重新选择")]
    [InlineData("Category", "weather", "类别的取值无效，请重新选择")]
    [InlineData("Flag", "green", "预警的取值无效，请重新选择")]
    [InlineData("Role", "boss", "办理角色的取值无效，请重新选择")]
    [InlineData("Department", "23", "所选责任单位不存在或不在您的负责范围内")]
    [InlineData("Department", "x", "所选责任单位不存在或不在您的负责范围内")]
    [InlineData("Region", "6", "所选所属区域不存在或不在您的负责范围内")]
    public void An_unknown_code_is_refused(string field, string value, string message) =>
        OnlyFailure(m => typeof(ProblemFilterModel).GetProperty(field)!.SetValue(m, value)).ShouldBe((field, message));

    [Fact]
    public void Messages_follow_the_users_language() =>
        OnlyFailure(m => m.Status = "Lost", "en-US").ShouldBe(("Status", "The Status chosen is not valid; please choose again"));

    [Fact]
    public void Quick_periods_cover_whole_months_quarters_and_years()
    {
        var day = new DateOnly(2026, 11, 22);

        ProblemFilterModel.Month(day).ShouldBe((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)));
        ProblemFilterModel.Quarter(day).ShouldBe((new DateOnly(2026, 10, 1), new DateOnly(2026, 12, 31)));
        ProblemFilterModel.Year(day).ShouldBe((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        ProblemFilterModel.Month(new DateOnly(2028, 2, 10)).To.ShouldBe(new DateOnly(2028, 2, 29));
        ProblemFilterModel.Quarter(new DateOnly(2026, 3, 31)).ShouldBe((new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)));
    }

    [Fact]
    public void A_Beijing_day_begins_at_16_00_UTC_the_day_before() =>
        ProblemCriteria.BeijingMidnight(new DateOnly(2026, 3, 1)).ShouldBe(new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_filters_go_into_links_without_the_empty_ones() =>
        new ProblemFilterModel { Status = "Reported", Region = "5", From = "" }.Url("/problems/export.xlsx")
            .ShouldBe("/problems/export.xlsx?status=Reported&region=5");

    private static ProblemFilterModel Change(Action<ProblemFilterModel> change)
    {
        var model = Valid();
        change(model);
        return model;
    }
}
