using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.UnitTests.Problems;
using static EnterpriseAid.UnitTests.Problems.ProblemScenarios;

namespace EnterpriseAid.UnitTests.Supervision;

public sealed class SupervisionNoticeTests
{
    private static readonly SupervisionNoticeNumber Number = SupervisionNoticeNumber.Create(2026, 15);
    private static readonly Actor Leader = new(2, "钱进", 11);
    private static readonly DateOnly ReplyDue = Today.AddDays(3);

    private static SupervisionNotice Issue(Problem? problem = null, DeadlineFlag level = DeadlineFlag.Red, string requirement = "请于三个工作日内书面回复办理进展",
        DateOnly? replyDue = null) =>
        SupervisionNotice.Issue(Number, problem ?? At(Stage.InProgress), "江城恒达机械有限公司", level, requirement, replyDue ?? ReplyDue, Leader, Now);

    [Theory]
    [InlineData(DeadlineFlag.None, DeadlineFlag.Blue)]
    [InlineData(DeadlineFlag.Blue, DeadlineFlag.Blue)]
    [InlineData(DeadlineFlag.Yellow, DeadlineFlag.Yellow)]
    [InlineData(DeadlineFlag.Red, DeadlineFlag.Red)]
    public void A_new_notice_takes_the_problems_flag_as_its_level_and_blue_when_there_is_none(DeadlineFlag flag, DeadlineFlag level) =>
        SupervisionLevels.DefaultFor(flag).ShouldBe(level);

    [Fact]
    public void Only_blue_yellow_and_red_are_levels()
    {
        SupervisionLevels.IsLevel(DeadlineFlag.None).ShouldBeFalse();
        SupervisionLevels.All.Select(l => SupervisionLevels.TryParse(l.Code, out var level) ? level : DeadlineFlag.None)
            .ShouldBe([DeadlineFlag.Blue, DeadlineFlag.Yellow, DeadlineFlag.Red]);
        SupervisionLevels.TryParse("none", out _).ShouldBeFalse();
        SupervisionLevels.TryParse("Red", out _).ShouldBeFalse();
        Should.Throw<DomainException>(() => Issue(level: DeadlineFlag.None)).Message.ShouldBe("请选择督办等级");
    }

    [Fact]
    public void A_notice_is_addressed_to_the_lead_department_and_keeps_the_problem_as_it_was()
    {
        var problem = At(Stage.InProgress);

        var notice = Issue(problem);

        notice.Number.ShouldBe("督办〔2026〕15号");
        notice.DepartmentId.ShouldBe(Commerce.Id);
        notice.DepartmentName.ShouldBe(Commerce.Name);
        notice.ProblemNumber.ShouldBe(problem.Number);
        notice.ProblemTitle.ShouldBe(problem.Title);
        notice.ProblemDeadline.ShouldBe(Due);
        notice.Level.ShouldBe(DeadlineFlag.Red);
        notice.IssuedByName.ShouldBe("钱进");
        notice.Status(Today).ShouldBe(SupervisionNoticeStatus.Pending);
    }

    [Theory]
    [InlineData(Stage.Closed, "问题已销号，不能开具督办单")]
    [InlineData(Stage.Resolved, "问题已办结，正在等待企业评价，不能开具督办单")]
    [InlineData(Stage.Reported, "问题尚未交办牵头单位，没有可督办的责任单位，不能开具督办单")]
    [InlineData(Stage.Returned, "问题尚未交办牵头单位，没有可督办的责任单位，不能开具督办单")]
    public void No_notice_on_a_closed_or_resolved_problem_nor_on_one_without_a_lead_department(Stage stage, string message)
    {
        var problem = At(stage);

        SupervisionNotice.Refusal(problem).ShouldBe(message);
        Should.Throw<DomainException>(() => Issue(problem)).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(Stage.Assigned)]
    [InlineData(Stage.InProgress)]
    [InlineData(Stage.ExtensionPending)]
    public void An_open_dispatched_problem_can_receive_a_notice(Stage stage) => SupervisionNotice.Refusal(At(stage)).ShouldBeNull();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_notice_without_a_requirement_is_refused_in_Chinese(string requirement) =>
        Should.Throw<DomainException>(() => Issue(requirement: requirement)).Message.ShouldBe("请填写督办要求");

    [Fact]
    public void A_requirement_over_the_limit_is_refused() =>
        Should.Throw<DomainException>(() => Issue(requirement: new string('催', SupervisionNotice.RequirementMaxLength + 1)))
            .Message.ShouldBe($"督办要求不能超过{SupervisionNotice.RequirementMaxLength}个字");

    [Fact]
    public void The_reply_date_must_come_after_today()
    {
        Should.Throw<DomainException>(() => Issue(replyDue: Today)).Message.ShouldBe("回复期限须晚于今天");
        Should.Throw<DomainException>(() => Issue(replyDue: Today.AddDays(-1))).Message.ShouldBe("回复期限须晚于今天");
        Issue(replyDue: Today.AddDays(1)).ReplyDue.ShouldBe(Today.AddDays(1));
        Should.Throw<DomainException>(() => Issue(replyDue: Today.AddDays(SupervisionNotice.MaxReplyDays + 1)));
    }

    [Fact]
    public void The_addressed_department_replies_once()
    {
        var notice = Issue();

        notice.Answer("已协调银行于3月12日完成续贷，额度不变。", LeadHandler.Actor, Now.AddHours(5));

        notice.Reply.ShouldBe("已协调银行于3月12日完成续贷，额度不变。");
        notice.RepliedByName.ShouldBe(LeadHandler.Actor.Name);
        notice.Status(Today.AddDays(30)).ShouldBe(SupervisionNoticeStatus.Replied);
        Should.Throw<DomainException>(() => notice.Answer("再次回复", LeadHandler.Actor, Now.AddHours(6)))
            .Message.ShouldBe("督办单已回复，不能重复回复");
    }

    [Fact]
    public void Another_department_cannot_reply()
    {
        var notice = Issue();

        Should.Throw<DomainException>(() => notice.Answer("代为回复", CoHandler.Actor, Now)).Message.ShouldBe("只有被督办单位（区商务局）可以回复督办单");
        Should.Throw<DomainException>(() => notice.Answer("代为回复", Leader, Now)).Message.ShouldBe("只有被督办单位（区商务局）可以回复督办单");
        notice.IsReplied.ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n ")]
    public void An_empty_reply_is_refused_in_Chinese(string reply)
    {
        var notice = Issue();

        Should.Throw<DomainException>(() => notice.Answer(reply, LeadHandler.Actor, Now)).Message.ShouldBe("请填写回复内容");
        notice.IsReplied.ShouldBeFalse();
    }

    [Fact]
    public void An_unanswered_notice_is_overdue_the_day_after_its_reply_date()
    {
        var notice = Issue();

        notice.Status(ReplyDue).ShouldBe(SupervisionNoticeStatus.Pending);
        notice.Status(ReplyDue.AddDays(1)).ShouldBe(SupervisionNoticeStatus.Overdue);
    }

    [Fact]
    public void Issuing_and_replying_each_make_a_timeline_line()
    {
        var notice = Issue();
        var issued = notice.IssuedEvent();
        notice.Answer("已完成续贷", LeadHandler.Actor, Now.AddHours(1));
        var replied = notice.RepliedEvent();

        issued.Kind.ShouldBe(ProblemEventKind.NoticeIssued);
        issued.Summary.ShouldBe("钱进开具督办单督办〔2026〕15号（红色督办），督办区商务局");
        issued.After.ShouldBe($"待回复，回复期限{ReplyDue:yyyy-MM-dd}");
        issued.Detail.ShouldBe("请于三个工作日内书面回复办理进展");
        replied.Kind.ShouldBe(ProblemEventKind.NoticeReplied);
        replied.Summary.ShouldBe($"{LeadHandler.Actor.Name}（区商务局）回复督办单督办〔2026〕15号");
        (replied.Before, replied.After, replied.Detail).ShouldBe(("待回复", "已回复", "已完成续贷"));
        replied.At.ShouldBe(Now.AddHours(1));
    }
}
