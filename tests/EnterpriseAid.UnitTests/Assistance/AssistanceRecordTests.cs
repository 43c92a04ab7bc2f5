using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Assistance;

public sealed class AssistanceRecordTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private static AssistanceRecord Create(AssistanceKind kind, AssistanceRecord.Figures figures, string? note = null, DateOnly? on = null) =>
        AssistanceRecord.Create(7, kind, on ?? Today, 3, "新河区金融办", figures, note, 1, Now, Today);

    [Fact]
    public void A_loan_keeps_its_amount_and_bank_and_nothing_else()
    {
        var loan = Create(AssistanceKind.Loan, new(AmountYuan: 5_000_000m, Bank: " 江城农商行 ", JobPostings: 30, LandMu: 12m));

        loan.AmountYuan.ShouldBe(5_000_000m);
        loan.Bank.ShouldBe("江城农商行");
        loan.JobPostings.ShouldBeNull();
        loan.LandMu.ShouldBeNull();
    }

    [Theory]
    [InlineData(AssistanceKind.Loan, "请填写贷款金额（元），须大于0")]
    [InlineData(AssistanceKind.CreditLine, "请填写授信金额（元），须大于0")]
    [InlineData(AssistanceKind.FeeReduction, "请填写减免金额（元），须大于0")]
    [InlineData(AssistanceKind.EnergyCost, "请填写降低用能费用（元），须大于0")]
    [InlineData(AssistanceKind.Jobs, "请填写发布岗位数，须为0至100万的整数")]
    [InlineData(AssistanceKind.Land, "请填写供应土地面积（亩），须大于0")]
    [InlineData(AssistanceKind.Materials, "请填写协调的物资")]
    [InlineData(AssistanceKind.Other, "其他保障请在说明中写明内容")]
    public void Each_kind_asks_for_its_own_figures(AssistanceKind kind, string message) =>
        Should.Throw<DomainException>(() => Create(kind, new())).Message.ShouldBe(message);

    [Fact]
    public void Amounts_are_yuan_with_at_most_two_decimals_and_within_reason()
    {
        Should.Throw<DomainException>(() => Create(AssistanceKind.EnergyCost, new(AmountYuan: 10.005m))).Message.ShouldContain("最多两位小数");
        Should.Throw<DomainException>(() => Create(AssistanceKind.EnergyCost, new(AmountYuan: -1m))).Message.ShouldContain("须大于0");
        Should.Throw<DomainException>(() => Create(AssistanceKind.EnergyCost, new(AmountYuan: 2_000_000_000_000m))).Message.ShouldContain("1万亿元");
        Create(AssistanceKind.EnergyCost, new(AmountYuan: 13_430_000.55m)).AmountYuan.ShouldBe(13_430_000.55m);
    }

    [Fact]
    public void Jobs_need_postings_or_matches_and_a_loan_needs_a_bank()
    {
        Should.Throw<DomainException>(() => Create(AssistanceKind.Jobs, new(JobPostings: 0, JobMatches: 0))).Message.ShouldBe("发布岗位数和达成意向人数不能都为0");
        Create(AssistanceKind.Jobs, new(JobPostings: 0, JobMatches: 12)).JobMatches.ShouldBe(12);
        Should.Throw<DomainException>(() => Create(AssistanceKind.Loan, new(AmountYuan: 1m, Bank: "  "))).Message.ShouldBe("请填写银行");
    }

    [Fact]
    public void The_date_is_not_in_the_future_and_the_department_is_named()
    {
        Should.Throw<DomainException>(() => Create(AssistanceKind.Land, new(LandMu: 5m), on: Today.AddDays(1))).Message.ShouldBe("保障日期不能晚于今天");
        Should.Throw<DomainException>(() => AssistanceRecord.Create(7, AssistanceKind.Land, Today, 0, "", new(LandMu: 5m), null, 1, Now, Today))
            .Message.ShouldBe("请选择提供保障的部门");
        Should.Throw<DomainException>(() => Create(AssistanceKind.Other, new(), note: "协调\u0007物流")).Message.ShouldContain("不可见字符");
    }
}
