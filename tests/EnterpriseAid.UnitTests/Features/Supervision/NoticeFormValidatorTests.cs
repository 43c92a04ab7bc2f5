using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Supervision;
using static EnterpriseAid.UnitTests.Support.TestLocalizer;

namespace EnterpriseAid.UnitTests.Features.Supervision;

public sealed class NoticeFormValidatorTests
{
    // 10:00 in Beijing on Tuesday 10 March 2026.
    private static readonly NoticeIssueFormValidator Issue = new(new FixedTimeProvider(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero)), Create());
    private static readonly NoticeReplyFormValidator Reply = new(Create());

    private static NoticeIssueFormModel Valid() => new() { Level = "red", Requirement = "请于三个工作日内书面回复办理进展", ReplyDue = "2026-03-13" };

    [Fact]
    public void A_complete_form_is_valid() => Issue.Validate(Valid()).IsValid.ShouldBeTrue();

    [Fact]
    public void An_empty_requirement_is_refused_next_to_the_field_in_Chinese()
    {
        var model = Valid();
        model.Requirement = "  ";

        OnlyFailure(Issue, model).ShouldBe(("Requirement", "请填写督办要求"));
        OnlyFailure(Issue, model, "en-US").ShouldBe(("Requirement", "Please enter the Requirement"));
    }

    [Theory]
    [InlineData(null, "请选择督办等级")]
    [InlineData("none", "请选择督办等级")]
    [InlineData("purple", "请选择督办等级")]
    public void The_level_must_be_blue_yellow_or_red(string? level, string message)
    {
        var model = Valid();
        model.Level = level;

        OnlyFailure(Issue, model).ShouldBe(("Level", message));
    }

    [Theory]
    [InlineData("", "请填写回复期限")]
    [InlineData("2026/03/13", "回复期限格式应为 年-月-日，如 2015-06-30")]
    [InlineData("2026-03-10", "回复期限须晚于今天")]
    [InlineData("2026-03-09", "回复期限须晚于今天")]
    [InlineData("2027-03-11", "回复期限不能晚于365天以后")]
    public void The_reply_date_must_be_a_date_after_today(string due, string message)
    {
        var model = Valid();
        model.ReplyDue = due;

        OnlyFailure(Issue, model).ShouldBe(("ReplyDue", message));
    }

    [Fact]
    public void Tomorrow_in_Beijing_is_the_earliest_reply_date()
    {
        var model = Valid();
        model.ReplyDue = "2026-03-11";

        Issue.Validate(model).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void An_empty_reply_is_refused_in_Chinese() =>
        OnlyFailure(Reply, new NoticeReplyFormModel { Version = 1, Reply = "" }).ShouldBe(("Reply", "请填写回复内容"));

    [Fact]
    public void A_reply_over_the_limit_is_refused() =>
        OnlyFailure(Reply, new NoticeReplyFormModel { Reply = new string('复', 2001) }).ShouldBe(("Reply", "回复内容不能超过2000个字"));
}
