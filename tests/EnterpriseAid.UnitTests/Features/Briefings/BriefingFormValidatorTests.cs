using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Web.Features.Briefings;
using static EnterpriseAid.UnitTests.Support.TestLocalizer;

namespace EnterpriseAid.UnitTests.Features.Briefings;

public sealed class BriefingFormValidatorTests
{
    private static readonly BriefingFormValidator Validator = new(Create());
    private static readonly DateOnly Today = new(2026, 11, 19);

    private static BriefingFormModel Valid() => new()
    {
        Period = "week", Region = 2, IssuingUnit = "新河区万人助万企活动办公室", IssueNumber = "47", Paragraphs = ["本周全区累计走访企业12家次。", "第二段"],
    };

    [Fact]
    public void A_complete_form_is_valid() => Validator.Validate(Valid()).IsValid.ShouldBeTrue();

    [Fact]
    public void A_missing_issuing_unit_is_refused_in_Chinese()
    {
        var model = Valid();
        model.IssuingUnit = " ";
        OnlyFailure(Validator, model).ShouldBe(("IssuingUnit", "请填写编发单位"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("10000")]
    [InlineData("-3")]
    [InlineData("1.5")]
    public void The_issue_must_be_a_whole_number_in_range(string issue)
    {
        var model = Valid();
        model.IssueNumber = issue;
        OnlyFailure(Validator, model).ShouldBe(("IssueNumber", "期数应为1至9999之间的整数"));
    }

    [Fact]
    public void Blank_text_is_refused()
    {
        var model = Valid();
        model.Paragraphs = ["  ", ""];
        OnlyFailure(Validator, model).ShouldBe(("Paragraphs", "简报正文不能为空"));
    }

    [Fact]
    public void Printed_paragraphs_split_lines_and_drop_blank_ones()
    {
        var model = Valid();
        model.Paragraphs = ["第一段\r\n\r\n 第二段 ", null, "第三段"];
        model.PrintedParagraphs().ShouldBe(["第一段", "第二段", "第三段"]);
    }

    [Theory]
    [InlineData("week", null, null, BriefingPeriodKind.Week, "2026-11-16", "2026-11-22")]
    [InlineData(null, null, null, BriefingPeriodKind.Week, "2026-11-16", "2026-11-22")]
    [InlineData("month", null, null, BriefingPeriodKind.Month, "2026-11-01", "2026-11-30")]
    [InlineData("custom", "2026-03-02", "2026-03-08", BriefingPeriodKind.Custom, "2026-03-02", "2026-03-08")]
    public void The_choice_resolves_to_Beijing_days(string? period, string? from, string? to, BriefingPeriodKind kind, string first, string last)
    {
        var (resolved, error) = new BriefingChoice { Period = period, From = from, To = to }.Resolve(Today);
        error.ShouldBeNull();
        resolved.ShouldBe(new BriefingPeriod(kind, DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("fortnight", null, null, "Briefings.Validation.Period")]
    [InlineData("custom", "2026-03-02", null, "Briefings.Validation.Days")]
    [InlineData("custom", "2026/03/02", "2026-03-08", "Briefings.Validation.Days")]
    [InlineData("custom", "2026-03-09", "2026-03-08", "Briefings.Validation.Order")]
    [InlineData("custom", "2025-01-01", "2026-03-08", "Briefings.Validation.TooLong")]
    public void A_bad_choice_is_named(string period, string? from, string? to, string message) =>
        new BriefingChoice { Period = period, From = from, To = to }.Resolve(Today).Error.ShouldBe(message);
}
