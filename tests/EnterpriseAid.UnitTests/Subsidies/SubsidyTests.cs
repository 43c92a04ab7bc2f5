using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Domain.Subsidies;

namespace EnterpriseAid.UnitTests.Subsidies;

public sealed class SubsidyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly OrgUnit City = OrgUnit.Create("JC", "江城市", OrgUnitKind.City, null);
    private static readonly OrgUnit District = OrgUnit.Create("XH", "新河区", OrgUnitKind.District, City);
    private static readonly OrgUnit Finance = OrgUnit.Create("XH-D01", "新河区财政局", OrgUnitKind.Department, District);

    private static readonly Policy Policy = Domain.Policies.Policy.Create(
        new PolicyContent("关于支持中小企业稳岗的若干措施", "新财发〔2026〕2号", PolicyCategory.FiscalReward, new DateOnly(2026, 1, 1), null,
            null, [], [], false, PolicyEligibility.Everyone), Finance, Now);

    private static SubsidyProgram Program(decimal budget = 100_000m, bool msjx = false, decimal? standard = null, int noticeDays = 7) =>
        SubsidyProgram.Create(Policy, "稳岗补贴", "2026年第一批", budget, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30),
            msjx, standard, noticeDays, 1, Now);

    private static SubsidyApplication Applied(SubsidyProgram p, decimal requested = 50_000m) =>
        SubsidyApplication.Apply(p, 7, requested, Today, 1, "张三", Now);

    private static string Error(Action action) => Should.Throw<DomainException>(action).Message;

    [Fact]
    public void An_application_goes_through_approval_notice_and_disbursement_with_a_timeline()
    {
        var p = Program();
        var a = Applied(p);
        a.Status.ShouldBe(SubsidyApplicationStatus.Submitted);

        p.Reserve(40_000.50m);
        a.Approve(40_000.50m, 2, "调度员", Now);
        a.Status.ShouldBe(SubsidyApplicationStatus.Approved);
        a.ApprovedAmount.ShouldBe(40_000.50m);

        p.StartNotice(Today, 1);
        p.NoticeFrom.ShouldBe(Today);
        p.NoticeTo.ShouldBe(Today.AddDays(6));
        a.EnterNotice(2, "调度员", Now);
        a.RecordObjection("有群众反映该企业已停产", 2, "调度员", Now);
        a.Status.ShouldBe(SubsidyApplicationStatus.InNotice);

        Error(() => p.EndNotice(Today.AddDays(6))).ShouldBe("公示期至2026-11-26，期满后才能结束公示");
        p.EndNotice(Today.AddDays(7));
        a.LeaveNotice(2, "调度员", Now);
        a.Disburse(Today.AddDays(8), 40_000.50m, Today.AddDays(8), 2, "调度员", Now);

        a.Status.ShouldBe(SubsidyApplicationStatus.Disbursed);
        a.DisbursedAmount.ShouldBe(40_000.50m);
        a.Events.Select(e => e.Kind).ShouldBe([SubsidyEventKind.Submitted, SubsidyEventKind.Approved, SubsidyEventKind.NoticeStarted,
            SubsidyEventKind.Objection, SubsidyEventKind.NoticeEnded, SubsidyEventKind.Disbursed]);
        a.Events.Single(e => e.Kind == SubsidyEventKind.Objection).Text.ShouldBe("有群众反映该企业已停产");
    }

    [Fact]
    public void Illegal_transitions_are_refused_in_chinese()
    {
        var p = Program();
        var a = Applied(p);
        Error(() => a.EnterNotice(2, "x", Now)).ShouldBe("只有已批准的申请可以公示（当前状态：待审核）");
        Error(() => a.RecordObjection("异议", 2, "x", Now)).ShouldBe("只能在公示期间登记异议（当前状态：待审核）");
        Error(() => a.Disburse(Today, 1m, Today, 2, "x", Now)).ShouldBe("公示结束后才能拨付（当前状态：待审核）");
        Error(() => a.Approve(50_000.01m, 2, "x", Now)).ShouldBe("批准金额不能超过申请金额50000.00元");
        Error(() => a.Reject("  ", 2, "x", Now)).ShouldBe("请填写驳回理由");

        a.Reject("材料不全", 2, "x", Now).ShouldBe(0m);
        a.Status.ShouldBe(SubsidyApplicationStatus.Rejected);
        a.RejectReason.ShouldBe("材料不全");
        Error(() => a.Approve(1m, 2, "x", Now)).ShouldBe("只有待审核的申请可以批准（当前状态：已驳回）");
        Error(() => a.Reject("再驳回", 2, "x", Now)).ShouldBe("已驳回的申请不能驳回");
    }

    [Fact]
    public void Withdrawing_an_approval_during_the_notice_gives_the_amount_back()
    {
        var p = Program();
        var a = Applied(p);
        p.Reserve(30_000m);
        a.Approve(30_000m, 2, "x", Now);
        a.EnterNotice(2, "x", Now);

        var released = a.Reject("异议属实，撤销批准", 2, "x", Now);
        p.Release(released);

        released.ShouldBe(30_000m);
        p.ApprovedTotal.ShouldBe(0m);
        a.ApprovedAmount.ShouldBeNull();
    }

    [Fact]
    public void Disbursement_needs_an_amount_within_the_approval_and_a_date_not_in_the_future()
    {
        var p = Program();
        var a = Applied(p);
        p.Reserve(10_000m);
        a.Approve(10_000m, 2, "x", Now);
        p.StartNotice(Today, 1);
        a.EnterNotice(2, "x", Now);
        a.LeaveNotice(2, "x", Now);
        Error(() => a.Disburse(Today, 10_000.01m, Today, 2, "x", Now)).ShouldBe("拨付金额不能超过批准金额10000.00元");
        Error(() => a.Disburse(Today.AddDays(1), 10_000m, Today, 2, "x", Now)).ShouldBe("拨付日期不能晚于今天");
    }

    [Fact]
    public void The_approved_total_never_exceeds_the_budget()
    {
        var p = Program(budget: 100_000m);
        p.Reserve(60_000m);
        p.Reserve(39_999.99m);
        p.Remaining.ShouldBe(0.01m);
        Error(() => p.Reserve(0.02m)).ShouldBe("预算余额不足：本项目预算100000.00元，已批准99999.99元，余额0.01元");
        p.Reserve(0.01m);
        p.ApprovedTotal.ShouldBe(100_000m);
        p.Remaining.ShouldBe(0m);
    }

    [Fact]
    public void Amounts_are_whole_fen_and_exact_where_floating_point_is_not()
    {
        // 0.1 + 0.2 is 0.30000000000000004 in floating point; in decimal it is exactly 0.3.
        SubsidyMoney.Fits(0.3m, 0.1m, 0.2m).ShouldBeTrue();
        SubsidyMoney.Fits(0.3m, 0.1m, 0.21m).ShouldBeFalse();
        Error(() => SubsidyMoney.Require(0.001m, "申请金额")).ShouldBe("申请金额最多保留两位小数（精确到分）");
        Error(() => SubsidyMoney.Require(0m, "申请金额")).ShouldBe("申请金额须大于0元");
        Error(() => SubsidyMoney.Require(-5m, "批准金额")).ShouldBe("批准金额须大于0元");
        Error(() => SubsidyMoney.Require(10_000_000_000m, "预算")).ShouldBe("预算不能超过9999999999.99元");
        SubsidyMoney.Require(12.30m, "x").ShouldBe(12.3m);
    }

    [Fact]
    public void No_approval_once_the_notice_has_started()
    {
        var p = Program();
        p.Reserve(1m);
        p.StartNotice(Today, 1);
        Error(() => p.Reserve(1m)).ShouldBe("公示已开始，本批次不能再审批");
        Error(() => p.StartNotice(Today, 1)).ShouldBe("本批次已经公示过");
        Error(() => Program().StartNotice(Today, 0)).ShouldBe("没有已批准的申请，无法公示");
    }

    [Fact]
    public void Applications_are_taken_in_the_window_and_not_for_mian_shen_ji_xiang_programmes()
    {
        var p = Program();
        Error(() => SubsidyApplication.Apply(p, 7, 1m, new DateOnly(2026, 12, 1), 1, "x", Now)).ShouldBe("不在申报期内（2026-11-01至2026-11-30）");
        Error(() => SubsidyApplication.Apply(p, 7, 100_000.01m, Today, 1, "x", Now)).ShouldBe("申请金额不能超过项目预算");
        var auto = Program(msjx: true, standard: 5_000m);
        Error(() => SubsidyApplication.Apply(auto, 7, 1m, Today, 1, "x", Now)).ShouldBe("免申即享项目无需申报，符合条件的企业由系统自动生成");
        var created = SubsidyApplication.CreateAutomatically(auto, 7, 1, "x", Now);
        created.Automatic.ShouldBeTrue();
        created.RequestedAmount.ShouldBe(5_000m);
        created.Events.Single().Kind.ShouldBe(SubsidyEventKind.AutoCreated);
        Error(() => SubsidyApplication.CreateAutomatically(p, 7, 1, "x", Now)).ShouldBe("本项目不是免申即享项目");
    }

    [Fact]
    public void A_programme_is_checked_when_created()
    {
        Error(() => Program(msjx: true)).ShouldBe("免申即享项目须填写每户兑现标准");
        Error(() => Program(budget: 1_000m, msjx: true, standard: 1_000.01m)).ShouldBe("每户兑现标准不能超过预算");
        Error(() => Program(noticeDays: 0)).ShouldBe("公示期为1至60天");
        Program().NoticeDays.ShouldBe(7);
        Program().Stage.ShouldBe(SubsidyProgramStage.Open);
    }
}
