using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;
using static EnterpriseAid.UnitTests.Problems.ProblemScenarios;

namespace EnterpriseAid.UnitTests.Problems;

public sealed class ProblemTests
{
    private static string Refused(Action change) => Should.Throw<DomainException>(change).Message;

    private static Problem Register(string category = "funding", string title = "续贷困难", string description = "贷款即将到期",
        ProblemSource source = ProblemSource.Visit, Urgency urgency = Urgency.Ordinary, long enterpriseId = 501, long? visitId = 77) =>
        Problem.Register(ProblemNumber.Create(2026, 123), enterpriseId, visitId, category, urgency, source, title, description, Official.Actor, Now);

    [Fact]
    public void Register_sets_every_field_and_opens_the_timeline()
    {
        var p = NewProblem();

        p.Number.ShouldBe("2026-000123");
        p.EnterpriseId.ShouldBe(501);
        p.VisitId.ShouldBe(77);
        p.Category.ShouldBe("funding");
        p.Urgency.ShouldBe(Urgency.Urgent);
        p.Source.ShouldBe(ProblemSource.Visit);
        p.Title.ShouldBe("流动资金贷款到期续贷困难");
        p.Status.ShouldBe(ProblemStatus.Reported);
        p.IsOpen.ShouldBeTrue();
        p.LeadDepartmentId.ShouldBeNull();
        p.Deadline.ShouldBeNull();
        p.RegisteredByUserId.ShouldBe(Official.Actor.UserId);
        p.CreatedAt.ShouldBe(Now);
        p.UpdatedAt.ShouldBe(Now);
        var registered = p.Events.ShouldHaveSingleItem();
        registered.Kind.ShouldBe(ProblemEventKind.Registered);
        registered.ActorName.ShouldBe("孙立");
        registered.After.ShouldBe("登记");
        registered.Summary.ShouldBe("孙立登记问题（来源：走访）");
    }

    [Fact]
    public void Register_trims_title_and_description() =>
        Register(title: "  续贷困难 ", description: "\t贷款即将到期 ").Title.ShouldBe("续贷困难");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_title_is_refused(string title) =>
        Refused(() => Register(title: title)).ShouldBe("请填写问题标题");

    [Fact]
    public void Title_of_61_characters_is_refused_and_60_accepted()
    {
        Refused(() => Register(title: new string('题', 61))).ShouldBe("问题标题不能超过60个字");
        Register(title: new string('题', 60)).Title.Length.ShouldBe(60);
    }

    [Fact]
    public void Description_is_required_and_at_most_2000_characters()
    {
        Refused(() => Register(description: " ")).ShouldBe("请填写问题描述");
        Refused(() => Register(description: new string('述', 2001))).ShouldBe("问题描述不能超过2000个字");
    }

    [Theory]
    [InlineData("")]
    [InlineData("money")]
    [InlineData("Funding")]
    public void Category_outside_the_catalogue_is_refused(string category) =>
        Refused(() => Register(category: category)).ShouldBe("请选择问题类别");

    [Fact]
    public void Every_catalogue_category_is_accepted()
    {
        foreach (var entry in ProblemCategories.All) Register(category: entry.Code).Category.ShouldBe(entry.Code);
    }

    [Fact]
    public void Undefined_source_urgency_or_enterprise_is_refused()
    {
        Refused(() => Register(source: (ProblemSource)99)).ShouldBe("请选择问题来源");
        Refused(() => Register(urgency: (Urgency)99)).ShouldBe("请选择紧急程度");
        Refused(() => Register(enterpriseId: 0)).ShouldBe("请选择企业");
    }

    [Fact]
    public void Problem_from_the_enterprise_portal_needs_no_visit() =>
        Register(source: ProblemSource.EnterprisePortal, visitId: null).VisitId.ShouldBeNull();

    [Fact]
    public void Solve_on_the_spot_resolves_at_registration()
    {
        var p = NewProblem();
        var later = Now.AddMinutes(20);

        p.SolveOnSpot("  现场联系银行确认续贷 ", Official, later);

        p.Status.ShouldBe(ProblemStatus.Resolved);
        p.ResolvedOnSpot.ShouldBeTrue();
        p.ResolvedAt.ShouldBe(later);
        p.Resolution.ShouldBe("现场联系银行确认续贷");
        p.ResolvedByDeadline.ShouldBeNull();
        p.DispatchedAt.ShouldBeNull();
        p.UpdatedAt.ShouldBe(later);
        p.Events[^1].Kind.ShouldBe(ProblemEventKind.SolvedOnSpot);
    }

    [Fact]
    public void Solve_on_the_spot_without_a_resolution_is_refused() =>
        Refused(() => NewProblem().SolveOnSpot(" ", Official, Now)).ShouldBe("请填写解决情况");

    [Fact]
    public void Dispatch_sets_lead_co_handlers_and_deadline()
    {
        var p = NewProblem();

        p.Dispatch(Commerce, [Labour, Housing], Due, Dispatcher, Now);

        p.Status.ShouldBe(ProblemStatus.Assigned);
        p.LeadDepartmentId.ShouldBe(Commerce.Id);
        p.LeadDepartmentName.ShouldBe("区商务局");
        p.CoHandlers.Select(c => c.DepartmentId).ShouldBe([Labour.Id, Housing.Id]);
        p.CoHandlers.ShouldAllBe(c => !c.Finished);
        p.Deadline.ShouldBe(Due);
        p.DispatchedAt.ShouldBe(Now);
        var e = p.Events[^1];
        e.Kind.ShouldBe(ProblemEventKind.Dispatched);
        e.Before.ShouldBe("登记");
        e.After.ShouldBe("已交办；牵头：区商务局；协办：区人社局、区住建局；期限：2026-03-24");
    }

    [Fact]
    public void Dispatch_without_deadline_is_refused()
    {
        var p = NewProblem();

        Refused(() => p.Dispatch(Commerce, [], null, Dispatcher, Now)).ShouldBe("请填写办理期限");
        p.Status.ShouldBe(ProblemStatus.Reported);
    }

    [Fact]
    public void Dispatch_with_a_deadline_before_today_is_refused_and_today_is_accepted()
    {
        Refused(() => NewProblem().Dispatch(Commerce, [], Today.AddDays(-1), Dispatcher, Now)).ShouldBe("办理期限不能早于今天");
        var p = NewProblem();
        p.Dispatch(Commerce, [], Today, Dispatcher, Now);
        p.Deadline.ShouldBe(Today);
    }

    [Fact]
    public void Today_is_the_date_in_Beijing_not_on_the_server()
    {
        // 23:30 UTC on 9 March is already 10 March in Beijing.
        var lateEvening = new DateTimeOffset(2026, 3, 9, 23, 30, 0, TimeSpan.Zero);

        Refused(() => NewProblem().Dispatch(Commerce, [], new DateOnly(2026, 3, 9), Dispatcher, lateEvening))
            .ShouldBe("办理期限不能早于今天");
    }

    [Fact]
    public void Dispatch_without_a_lead_is_refused() =>
        Refused(() => NewProblem().Dispatch(null, [Labour], Due, Dispatcher, Now)).ShouldBe("请选择牵头单位");

    [Fact]
    public void Lead_among_the_co_handlers_is_refused() =>
        Refused(() => NewProblem().Dispatch(Commerce, [Labour, Commerce], Due, Dispatcher, Now)).ShouldBe("牵头单位不能同时作为协办单位");

    [Fact]
    public void Duplicate_co_handlers_are_refused() =>
        Refused(() => NewProblem().Dispatch(Commerce, [Labour, Labour with { Name = "人社局" }], Due, Dispatcher, Now))
            .ShouldBe("协办单位不能重复");

    [Fact]
    public void More_than_five_co_handlers_are_refused()
    {
        var six = Enumerable.Range(31, 6).Select(id => new DepartmentRef(id, $"单位{id}")).ToList();

        Refused(() => NewProblem().Dispatch(Commerce, six, Due, Dispatcher, Now)).ShouldBe("协办单位最多5个");
        var p = NewProblem();
        p.Dispatch(Commerce, six.Take(5).ToList(), Due, Dispatcher, Now);
        p.CoHandlers.Count.ShouldBe(5);
    }

    [Fact]
    public void Accept_by_the_lead_starts_the_work()
    {
        var p = At(Stage.Assigned);
        var later = Now.AddHours(3);

        p.Accept(LeadHandler, later);

        p.Status.ShouldBe(ProblemStatus.InProgress);
        p.AcceptedAt.ShouldBe(later);
        p.Events[^1].Summary.ShouldBe("周强（区商务局）签收");
        p.Events[^1].Before.ShouldBe("已交办");
        p.Events[^1].After.ShouldBe("办理中");
    }

    [Fact]
    public void A_co_handler_cannot_accept_for_the_lead() =>
        Refused(() => At(Stage.Assigned).Accept(CoHandler, Now)).ShouldBe("只有牵头单位（区商务局）可以签收");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("    ")]
    [InlineData("不归我")]
    [InlineData(" 不归我管 ")]
    public void Return_requires_a_reason_of_at_least_five_characters(string? reason)
    {
        var p = At(Stage.Assigned);

        Refused(() => p.Return(reason!, LeadHandler, Now)).ShouldBe("请填写退回理由（至少5个字）");
        p.Status.ShouldBe(ProblemStatus.Assigned);
    }

    [Fact]
    public void Return_sends_the_problem_back_to_the_dispatcher_without_a_lead()
    {
        var p = At(Stage.Assigned);

        p.Return("属于自然资源局职责", LeadHandler, Now);

        p.Status.ShouldBe(ProblemStatus.Reported);
        p.IsAwaitingReassignment.ShouldBeTrue();
        p.LeadDepartmentId.ShouldBeNull();
        p.LeadDepartmentName.ShouldBeNull();
        p.CoHandlers.ShouldBeEmpty();
        p.Deadline.ShouldBeNull();
        p.DispatchedAt.ShouldBe(Now);
        var e = p.Events[^1];
        e.Kind.ShouldBe(ProblemEventKind.Returned);
        e.Before.ShouldBe("已交办；牵头：区商务局；协办：区人社局；期限：2026-03-24");
        e.After.ShouldBe("登记（退回待改派）");
        e.Detail.ShouldBe("属于自然资源局职责");
        p.AvailableActions(Dispatcher).ShouldBe([ProblemAction.Reassign]);
    }

    [Fact]
    public void Reassign_records_the_department_before_and_after()
    {
        var p = At(Stage.Assigned);

        p.Reassign(Industry, [], Due.AddDays(3), Dispatcher, Now);

        p.Status.ShouldBe(ProblemStatus.Assigned);
        p.LeadDepartmentId.ShouldBe(Industry.Id);
        p.CoHandlers.ShouldBeEmpty();
        p.Deadline.ShouldBe(Due.AddDays(3));
        var e = p.Events[^1];
        e.Kind.ShouldBe(ProblemEventKind.Reassigned);
        e.Summary.ShouldBe("赵敏改派区科工信局牵头办理");
        e.Before.ShouldBe("牵头：区商务局；协办：区人社局；期限：2026-03-24");
        e.After.ShouldBe("牵头：区科工信局；期限：2026-03-27");
    }

    [Fact]
    public void A_returned_problem_is_reassigned_and_the_new_lead_can_accept_it()
    {
        var p = At(Stage.Returned);

        p.Reassign(Industry, [Labour], Due, Dispatcher, Now);

        p.Events[^1].Before.ShouldBe("退回待改派");
        p.AvailableActions(LeadHandler).ShouldBeEmpty();
        p.Accept(IndustryHandler, Now);
        p.Status.ShouldBe(ProblemStatus.InProgress);
    }

    [Fact]
    public void Reassign_without_deadline_is_refused() =>
        Refused(() => At(Stage.Returned).Reassign(Industry, [], null, Dispatcher, Now)).ShouldBe("请填写办理期限");

    [Fact]
    public void Lead_and_co_handlers_note_progress_on_the_timeline()
    {
        var p = At(Stage.InProgress);

        p.NoteProgress("已与银行对接", LeadHandler, Now);
        p.NoteProgress("已核实用工情况", CoHandler, Now);

        p.Events[^2].Summary.ShouldBe("周强（区商务局）填写办理进展");
        p.Events[^1].Summary.ShouldBe("吴芳（区人社局）填写办理进展");
        p.Events[^1].Detail.ShouldBe("已核实用工情况");
        Refused(() => p.NoteProgress("路过看看", Stranger, Now)).ShouldBe("只有牵头单位或协办单位可以填写办理进展");
        Refused(() => p.NoteProgress("  ", LeadHandler, Now)).ShouldBe("请填写办理进展");
    }

    [Fact]
    public void Resolve_is_refused_while_co_handlers_have_not_finished()
    {
        var p = NewProblem();
        p.Dispatch(Commerce, [Labour, Housing], Due, Dispatcher, Now);
        p.Accept(LeadHandler, Now);

        Refused(() => p.Resolve("已办结", LeadHandler, Now)).ShouldBe("还有2个协办单位未完成协办，不能办结");
        p.FinishCoHandling("稳岗补贴已拨付", CoHandler, Now);
        Refused(() => p.Resolve("已办结", LeadHandler, Now)).ShouldBe("还有1个协办单位未完成协办，不能办结");
        p.Status.ShouldBe(ProblemStatus.InProgress);
    }

    [Fact]
    public void A_co_handled_problem_closes_after_every_co_handler_finished()
    {
        var p = NewProblem();
        p.Dispatch(Commerce, [Labour, Housing], Due, Dispatcher, Now);
        p.Accept(LeadHandler, Now);
        p.FinishCoHandling("稳岗补贴已拨付", CoHandler, Now);
        p.FinishCoHandling("厂房手续已补办", Stranger, Now.AddHours(1));

        p.Resolve("协调银行完成续贷", LeadHandler, Now.AddHours(2));
        p.Rate(Satisfaction.BasicallySatisfied, null, EnterpriseUser, Now.AddHours(3));
        p.Close(Dispatcher, Now.AddHours(4));

        p.Status.ShouldBe(ProblemStatus.Closed);
        p.ClosedAt.ShouldBe(Now.AddHours(4));
        p.IsOpen.ShouldBeFalse();
        p.CoHandlers.ShouldAllBe(c => c.Finished);
        p.CoHandlers[1].FinishedAt.ShouldBe(Now.AddHours(1));
        p.CoHandlers[1].Note.ShouldBe("厂房手续已补办");
    }

    [Fact]
    public void Co_handler_finishing_shows_the_count_before_and_after_and_cannot_finish_twice()
    {
        var p = NewProblem();
        p.Dispatch(Commerce, [Labour, Housing], Due, Dispatcher, Now);
        p.Accept(LeadHandler, Now);

        p.FinishCoHandling("稳岗补贴已拨付", CoHandler, Now);

        p.Events[^1].Summary.ShouldBe("吴芳（区人社局）完成协办");
        p.Events[^1].Before.ShouldBe("协办完成0/2");
        p.Events[^1].After.ShouldBe("协办完成1/2");
        p.PendingCoHandlerCount.ShouldBe(1);
        Refused(() => p.FinishCoHandling("再次提交", CoHandler, Now)).ShouldBe("本单位已完成协办");
        Refused(() => p.FinishCoHandling("牵头也想协办", LeadHandler, Now)).ShouldBe("只有协办单位可以提交协办意见");
    }

    [Fact]
    public void Resolve_requires_a_resolution() =>
        Refused(() => At(Stage.CoHandlingDone).Resolve("", LeadHandler, Now)).ShouldBe("请填写办结情况");

    [Fact]
    public void Resolved_on_the_deadline_day_counts_as_on_time_and_a_day_later_does_not()
    {
        var onTime = At(Stage.CoHandlingDone);
        var late = At(Stage.CoHandlingDone);

        // 23:00 Beijing on the deadline day, then 00:30 Beijing the day after.
        onTime.Resolve("已办结", LeadHandler, new DateTimeOffset(2026, 3, 24, 15, 0, 0, TimeSpan.Zero));
        late.Resolve("已办结", LeadHandler, new DateTimeOffset(2026, 3, 24, 16, 30, 0, TimeSpan.Zero));

        onTime.ResolvedByDeadline.ShouldBe(true);
        late.ResolvedByDeadline.ShouldBe(false);
    }

    [Fact]
    public void Satisfied_rating_keeps_the_problem_resolved_until_closed()
    {
        var p = At(Stage.Resolved);

        p.Rate(Satisfaction.Satisfied, " 感谢 ", EnterpriseUser, Now);

        p.Status.ShouldBe(ProblemStatus.Resolved);
        p.Satisfaction.ShouldBe(Satisfaction.Satisfied);
        p.RatingComment.ShouldBe("感谢");
        p.RatedAt.ShouldBe(Now);
        p.Events[^1].After.ShouldBe("满意");
        Refused(() => p.Rate(Satisfaction.Unsatisfied, "改主意了", EnterpriseUser, Now)).ShouldBe("本次办结已评价");
        p.AvailableActions(Dispatcher).ShouldBe([ProblemAction.Close]);
    }

    [Fact]
    public void The_official_may_rate_for_the_enterprise()
    {
        var p = At(Stage.Resolved);

        p.Rate(Satisfaction.BasicallySatisfied, null, Official, Now);

        p.Satisfaction.ShouldBe(Satisfaction.BasicallySatisfied);
        p.Events[^1].ActorName.ShouldBe("孙立");
    }

    [Fact]
    public void Close_without_a_rating_is_refused()
    {
        var p = At(Stage.Resolved);

        Refused(() => p.Close(Dispatcher, Now)).ShouldBe("企业评价满意或基本满意后才能销号");
        p.Status.ShouldBe(ProblemStatus.Resolved);
    }

    [Fact]
    public void Unsatisfied_rating_needs_a_reason() =>
        Refused(() => At(Stage.Resolved).Rate(Satisfaction.Unsatisfied, " ", EnterpriseUser, Now)).ShouldBe("评价不满意时请说明原因");

    [Fact]
    public void Rating_must_be_chosen() =>
        Refused(() => At(Stage.Resolved).Rate(null, null, EnterpriseUser, Now)).ShouldBe("请选择评价结果");

    [Fact]
    public void Unsatisfied_rating_reopens_the_problem_and_counts()
    {
        var p = At(Stage.Resolved);
        var events = p.Events.Count;

        p.Rate(Satisfaction.Unsatisfied, "续贷额度被压降", EnterpriseUser, Now.AddDays(1));

        p.Status.ShouldBe(ProblemStatus.InProgress);
        p.ReopenCount.ShouldBe(1);
        p.ResolvedAt.ShouldBeNull();
        p.Resolution.ShouldBeNull();
        p.ResolvedByDeadline.ShouldBeNull();
        p.Satisfaction.ShouldBe(Satisfaction.Unsatisfied);
        p.LeadDepartmentId.ShouldBe(Commerce.Id);
        p.CoHandlers.ShouldAllBe(c => !c.Finished && c.FinishedAt == null && c.Note == null);
        p.Events.Count.ShouldBe(events + 2);
        p.Events[^2].Kind.ShouldBe(ProblemEventKind.Rated);
        p.Events[^2].After.ShouldBe("不满意");
        p.Events[^1].Kind.ShouldBe(ProblemEventKind.Reopened);
        p.Events[^1].Summary.ShouldBe("评价不满意，问题重新办理（第1次）");
        p.Events[^1].Before.ShouldBe("已办结");
        p.Events[^1].After.ShouldBe("办理中");
        Refused(() => p.Resolve("再次办结", LeadHandler, Now)).ShouldBe("还有1个协办单位未完成协办，不能办结");
    }

    [Fact]
    public void Reopened_problem_is_resolved_and_rated_again()
    {
        var p = At(Stage.Resolved);
        p.Rate(Satisfaction.Unsatisfied, "续贷额度被压降", EnterpriseUser, Now);
        p.FinishCoHandling("再次核实", CoHandler, Now);

        p.Resolve("额度恢复至500万元", LeadHandler, Now);

        p.Satisfaction.ShouldBeNull();
        p.AvailableActions(EnterpriseUser).ShouldBe([ProblemAction.Rate]);
        p.Rate(Satisfaction.Satisfied, null, EnterpriseUser, Now);
        p.Close(Dispatcher, Now);
        p.Status.ShouldBe(ProblemStatus.Closed);
        p.ReopenCount.ShouldBe(1);
    }

    [Fact]
    public void Two_reopenings_raise_a_red_flag_even_before_the_deadline()
    {
        var p = At(Stage.Resolved);
        p.Rate(Satisfaction.Unsatisfied, "续贷额度被压降", EnterpriseUser, Now);
        p.Escalation(Today, Calendar).ShouldBe(DeadlineFlag.None);
        p.FinishCoHandling("再次核实", CoHandler, Now);
        p.Resolve("额度恢复", LeadHandler, Now);

        p.Rate(Satisfaction.Unsatisfied, "利率上浮", EnterpriseUser, Now);

        p.ReopenCount.ShouldBe(2);
        p.Events[^1].Summary.ShouldBe("评价不满意，问题重新办理（第2次）");
        p.Escalation(Today, Calendar).ShouldBe(DeadlineFlag.Red);
    }

    [Fact]
    public void Problem_solved_on_the_spot_and_rated_unsatisfied_goes_to_the_dispatcher()
    {
        var p = NewProblem();
        p.SolveOnSpot("现场联系银行确认续贷", Official, Now);

        p.Rate(Satisfaction.Unsatisfied, "银行并未续贷", EnterpriseUser, Now);

        p.Status.ShouldBe(ProblemStatus.Reported);
        p.ResolvedOnSpot.ShouldBeFalse();
        p.ReopenCount.ShouldBe(1);
        p.Events[^1].After.ShouldBe("登记");
        p.AvailableActions(Dispatcher).ShouldBe([ProblemAction.Dispatch]);
        Refused(() => p.SolveOnSpot("再去一次", Official, Now)).ShouldBe("问题评价不满意后须交办责任单位办理，不能再现场解决");
    }

    [Fact]
    public void Approved_extension_moves_the_deadline()
    {
        var p = At(Stage.InProgress);
        var wanted = Due.AddDays(14);

        p.RequestExtension(wanted, "需等待市级部门审批", LeadHandler, Now);

        p.PendingExtension.ShouldNotBeNull();
        p.PendingExtension.NewDeadline.ShouldBe(wanted);
        p.PendingExtension.Reason.ShouldBe("需等待市级部门审批");
        p.PendingExtension.RequestedByUserId.ShouldBe(LeadHandler.Actor.UserId);
        p.PendingExtension.RequestedByName.ShouldBe("周强");
        p.Deadline.ShouldBe(Due);
        p.Events[^1].Kind.ShouldBe(ProblemEventKind.ExtensionRequested);
        p.Events[^1].Before.ShouldBe("期限2026-03-24");
        p.Events[^1].After.ShouldBe("申请延至2026-04-07");

        p.ApproveExtension(Supervisor, Now.AddHours(1));

        p.Deadline.ShouldBe(wanted);
        p.PendingExtension.ShouldBeNull();
        p.ExtensionCount.ShouldBe(1);
        var e = p.Events[^1];
        e.Kind.ShouldBe(ProblemEventKind.ExtensionApproved);
        e.ActorName.ShouldBe("钱进");
        e.Summary.ShouldBe("钱进同意周强的延期申请");
        e.Before.ShouldBe("期限2026-03-24");
        e.After.ShouldBe("期限2026-04-07");
    }

    [Fact]
    public void Rejected_extension_keeps_the_deadline()
    {
        var p = At(Stage.ExtensionPending);

        Refused(() => p.RejectExtension("不行", Dispatcher, Now)).ShouldBe("请填写驳回理由（至少5个字）");
        p.RejectExtension("理由不充分，请按期办结", Dispatcher, Now);

        p.Deadline.ShouldBe(Due);
        p.PendingExtension.ShouldBeNull();
        p.ExtensionCount.ShouldBe(0);
        var e = p.Events[^1];
        e.Kind.ShouldBe(ProblemEventKind.ExtensionRejected);
        e.Before.ShouldBe("申请延至2026-04-07");
        e.After.ShouldBe("期限仍为2026-03-24");
        e.Detail.ShouldBe("理由不充分，请按期办结");
        p.AvailableActions(LeadHandler).ShouldContain(ProblemAction.RequestExtension);
    }

    [Fact]
    public void Only_one_extension_request_is_pending_at_a_time() =>
        Refused(() => At(Stage.ExtensionPending).RequestExtension(Due.AddDays(30), "还需要更多时间", LeadHandler, Now))
            .ShouldBe("已有一条延期申请待审批，请等待审批结果");

    [Fact]
    public void Extension_must_move_the_deadline_later()
    {
        var p = At(Stage.InProgress);

        Refused(() => p.RequestExtension(Due, "需等待市级部门审批", LeadHandler, Now)).ShouldBe("延期后的期限须晚于当前期限2026-03-24");
        Refused(() => p.RequestExtension(Due.AddDays(7), "晚点", LeadHandler, Now)).ShouldBe("请填写延期理由（至少5个字）");
        p.PendingExtension.ShouldBeNull();
    }

    [Fact]
    public void Extension_is_approved_by_a_dispatcher_or_supervisor_but_not_by_its_requester()
    {
        Refused(() => At(Stage.ExtensionPending).ApproveExtension(LeadHandler, Now)).ShouldBe("只有活动办或领导可以审批延期申请");
        var leadWhoIsAlsoDispatcher = LeadHandler with { IsDispatcher = true };
        Refused(() => At(Stage.ExtensionPending).ApproveExtension(leadWhoIsAlsoDispatcher, Now)).ShouldBe("不能审批本人提交的延期申请");
        var p = At(Stage.ExtensionPending);
        p.ApproveExtension(Dispatcher, Now);
        p.Deadline.ShouldBe(Due.AddDays(14));
    }

    [Fact]
    public void Approving_without_a_pending_request_is_refused() =>
        Refused(() => At(Stage.InProgress).ApproveExtension(Supervisor, Now)).ShouldBe("当前没有待审批的延期申请");

    [Fact]
    public void A_pending_extension_lapses_when_the_problem_is_resolved()
    {
        var p = At(Stage.ExtensionPending);
        p.FinishCoHandling("稳岗补贴已拨付", CoHandler, Now);

        p.Resolve("提前办结", LeadHandler, Now);

        p.PendingExtension.ShouldBeNull();
        p.Deadline.ShouldBe(Due);
        p.Events[^1].Summary.ShouldBe("周强（区商务局）办结，待审批的延期申请随之撤销");
    }

    [Fact]
    public void Timeline_has_one_event_per_change_with_actor_and_before_after()
    {
        var p = NewProblem();
        var steps = new (Action Change, ProblemEventKind Kind, ActorContext By)[]
        {
            (() => p.Dispatch(Commerce, [Labour], Due, Dispatcher, Now.AddMinutes(1)), ProblemEventKind.Dispatched, Dispatcher),
            (() => p.Return("属于自然资源局职责", LeadHandler, Now.AddMinutes(2)), ProblemEventKind.Returned, LeadHandler),
            (() => p.Reassign(Commerce, [Labour], Due, Dispatcher, Now.AddMinutes(3)), ProblemEventKind.Reassigned, Dispatcher),
            (() => p.Accept(LeadHandler, Now.AddMinutes(4)), ProblemEventKind.Accepted, LeadHandler),
            (() => p.RequestExtension(Due.AddDays(7), "需等待市级部门审批", LeadHandler, Now.AddMinutes(5)), ProblemEventKind.ExtensionRequested, LeadHandler),
            (() => p.ApproveExtension(Supervisor, Now.AddMinutes(6)), ProblemEventKind.ExtensionApproved, Supervisor),
            (() => p.NoteProgress("已与银行对接", LeadHandler, Now.AddMinutes(7)), ProblemEventKind.ProgressNoted, LeadHandler),
            (() => p.FinishCoHandling("稳岗补贴已拨付", CoHandler, Now.AddMinutes(8)), ProblemEventKind.CoHandlerFinished, CoHandler),
            (() => p.Resolve("协调银行完成续贷", LeadHandler, Now.AddMinutes(9)), ProblemEventKind.Resolved, LeadHandler),
            (() => p.Rate(Satisfaction.Satisfied, null, EnterpriseUser, Now.AddMinutes(10)), ProblemEventKind.Rated, EnterpriseUser),
            (() => p.Close(Dispatcher, Now.AddMinutes(11)), ProblemEventKind.Closed, Dispatcher),
        };

        for (var i = 0; i < steps.Length; i++)
        {
            var (change, kind, by) = steps[i];
            var count = p.Events.Count;
            change();
            p.Events.Count.ShouldBe(count + 1, kind.ToString());
            var e = p.Events[^1];
            e.Kind.ShouldBe(kind);
            e.ActorUserId.ShouldBe(by.Actor.UserId);
            e.ActorName.ShouldBe(by.Actor.Name);
            e.At.ShouldBe(Now.AddMinutes(i + 1));
            e.Summary.ShouldStartWith(by.Actor.Name);
            p.UpdatedAt.ShouldBe(e.At);
            if (kind != ProblemEventKind.ProgressNoted)
            {
                e.Before.ShouldNotBeNullOrEmpty(kind.ToString());
                e.After.ShouldNotBeNullOrEmpty(kind.ToString());
                e.After.ShouldNotBe(e.Before);
            }
        }
        p.Events.Select(e => e.Kind).ShouldBe(new[] { ProblemEventKind.Registered }.Concat(steps.Select(s => s.Kind)));
        p.Events.ShouldAllBe(e => e.Summary.Length <= ProblemEvent.SummaryMaxLength);
    }

    [Fact]
    public void Longest_names_still_fit_the_event_columns()
    {
        var fiveLongDepartments = Enumerable.Range(31, 5).Select(id => new DepartmentRef(id, new string('局', 60))).ToList();
        var lead = new DepartmentRef(30, new string('部', 60));
        var actor = new ActorContext(new Actor(1, new string('名', Actor.NameMaxLength), 10)) { IsDispatcher = true };
        var p = NewProblem();

        p.Dispatch(lead, fiveLongDepartments, Due, actor, Now);

        p.Events[^1].After!.Length.ShouldBeLessThanOrEqualTo(ProblemEvent.StateMaxLength);
        p.Events[^1].Summary.Length.ShouldBeLessThanOrEqualTo(ProblemEvent.SummaryMaxLength);
    }

    [Fact]
    public void Overdue_means_open_and_past_the_deadline()
    {
        var p = At(Stage.InProgress);

        p.IsOverdue(Due).ShouldBeFalse();
        p.IsOverdue(Due.AddDays(1)).ShouldBeTrue();
        NewProblem().IsOverdue(Due.AddDays(100)).ShouldBeFalse();
        At(Stage.Resolved).IsOverdue(Due.AddDays(1)).ShouldBeFalse();
    }

    private static readonly WorkingDayCalendar Calendar = ShippedCalendars.Load();

    [Theory]
    [InlineData(-3, DeadlineFlag.None)]
    [InlineData(-2, DeadlineFlag.None)]
    [InlineData(-1, DeadlineFlag.Blue)]
    [InlineData(0, DeadlineFlag.Blue)]
    [InlineData(1, DeadlineFlag.Yellow)]
    [InlineData(5, DeadlineFlag.Yellow)]
    [InlineData(6, DeadlineFlag.Red)]
    public void Escalation_follows_the_working_days_to_or_past_the_deadline(int workingDays, DeadlineFlag expected)
    {
        var p = At(Stage.InProgress);
        var today = workingDays >= 0 ? Calendar.AddWorkingDays(Due, workingDays) : WorkingDaysBefore(Due, -workingDays);

        p.Escalation(today, Calendar).ShouldBe(expected);
    }

    [Fact]
    public void Closed_and_undispatched_problems_carry_no_flag()
    {
        At(Stage.Closed).Escalation(Due.AddDays(30), Calendar).ShouldBe(DeadlineFlag.None);
        NewProblem().Escalation(Due.AddDays(30), Calendar).ShouldBe(DeadlineFlag.None);
    }

    private static DateOnly WorkingDaysBefore(DateOnly day, int count)
    {
        while (count > 0)
        {
            day = day.AddDays(-1);
            if (Calendar.IsWorkingDay(day)) count--;
        }
        return day;
    }

    [Fact]
    public void Status_source_and_satisfaction_have_chinese_names()
    {
        ProblemStatuses.All.Select(e => e.NameZh).ShouldBe(["登记", "已交办", "办理中", "已办结", "已销号"]);
        ProblemStatuses.Describe(ProblemStatus.InProgress).NameEn.ShouldBe("In progress");
        ProblemSources.All.Count.ShouldBe(Enum.GetValues<ProblemSource>().Length);
        Satisfactions.All.Select(e => e.NameZh).ShouldBe(["满意", "基本满意", "不满意"]);
        DeadlineFlags.Describe(DeadlineFlag.Red).NameZh.ShouldBe("红色预警（严重逾期）");
    }
}
