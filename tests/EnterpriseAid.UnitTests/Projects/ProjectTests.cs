using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Projects;

namespace EnterpriseAid.UnitTests.Projects;

public sealed class ProjectTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 6, 1);
    private const decimal Yi = 100_000_000m;

    internal static ProjectProfile Profile(decimal total = 10 * Yi, Dictionary<ProjectStage, DateOnly?>? planned = null) => new(
        "新河智能装备产业园", 1, 2, "C", ProjectLevels.City, "第四期", total, 2026, 3 * Yi, planned ?? []);

    private static Project Signed(DateOnly on)
    {
        var p = Project.Create(Profile(), Now);
        p.Advance(ProjectStage.Signed, on, Today, Now);
        return p;
    }

    [Fact]
    public void A_new_project_is_in_negotiation_with_the_standard_procedures()
    {
        var p = Project.Create(Profile(), Now);

        p.Stage.ShouldBe(ProjectStage.Negotiating);
        p.Procedures.Select(x => x.Name).ShouldBe(["立项", "用地预审", "规划许可", "施工许可", "环评", "能评"]);
        p.Procedures.ShouldAllBe(x => x.Status == ProcedureStatus.NotStarted);
    }

    [Fact]
    public void Stages_are_entered_one_after_another_with_their_dates()
    {
        var p = Project.Create(Profile(), Now);

        p.Advance(ProjectStage.Signed, new(2026, 1, 10), Today, Now);
        p.Advance(ProjectStage.Started, new(2026, 3, 1), Today, Now);
        p.Advance(ProjectStage.Producing, new(2026, 3, 1), Today, Now);
        p.Advance(ProjectStage.Effective, new(2026, 5, 20), Today, Now);

        p.Stage.ShouldBe(ProjectStage.Effective);
        (p.SignedOn, p.StartedOn, p.ProducingOn, p.EffectiveOn).ShouldBe((new DateOnly(2026, 1, 10), new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 20)));
    }

    [Fact]
    public void A_stage_cannot_be_entered_before_the_previous_one()
    {
        var p = Project.Create(Profile(), Now);

        Should.Throw<DomainException>(() => p.Advance(ProjectStage.Started, new(2026, 3, 1), Today, Now))
            .Message.ShouldBe("项目尚未签约，不能直接进入“开工”阶段");
        p.Stage.ShouldBe(ProjectStage.Negotiating);
        p.StartedOn.ShouldBeNull();
    }

    [Fact]
    public void A_stage_already_reached_cannot_be_entered_again()
    {
        var p = Signed(new(2026, 1, 10));

        Should.Throw<DomainException>(() => p.Advance(ProjectStage.Signed, new(2026, 2, 1), Today, Now))
            .Message.ShouldBe("项目已处于“签约”阶段，不能再进入“签约”");
        p.SignedOn.ShouldBe(new DateOnly(2026, 1, 10));
    }

    [Fact]
    public void An_actual_date_cannot_go_back_before_the_previous_milestone()
    {
        var p = Signed(new(2026, 3, 10));

        Should.Throw<DomainException>(() => p.Advance(ProjectStage.Started, new(2026, 3, 9), Today, Now))
            .Message.ShouldBe("开工日期不能早于签约日期（2026-03-10）");
        p.Stage.ShouldBe(ProjectStage.Signed);
    }

    [Fact]
    public void An_actual_date_cannot_lie_in_the_future()
    {
        var p = Project.Create(Profile(), Now);

        Should.Throw<DomainException>(() => p.Advance(ProjectStage.Signed, Today.AddDays(1), Today, Now)).Message.ShouldBe("签约日期不能晚于今天");
    }

    [Fact]
    public void Planned_dates_cannot_go_backwards_either()
    {
        var planned = new Dictionary<ProjectStage, DateOnly?>
        {
            [ProjectStage.Signed] = new DateOnly(2026, 2, 1),
            [ProjectStage.Started] = null,
            [ProjectStage.Producing] = new DateOnly(2026, 1, 31),
        };

        Should.Throw<DomainException>(() => Project.Create(Profile(planned: planned), Now))
            .Message.ShouldBe("计划投产日期不能早于计划签约日期（2026-02-01）");
    }

    [Fact]
    public void A_month_is_reported_once_and_the_cumulative_is_the_sum()
    {
        var p = Signed(new(2026, 1, 10));
        p.ReportInvestment(new YearMonth(2026, 4), 2 * Yi, 7, Today, Now);
        p.ReportInvestment(new YearMonth(2026, 5), 1.5m * Yi, 7, Today, Now);

        Should.Throw<DomainException>(() => p.ReportInvestment(new YearMonth(2026, 5), 1m, 7, Today, Now))
            .Message.ShouldBe("2026年5月的完成投资已填报，不能重复填报");
        p.CompletedInvestment.ShouldBe(3.5m * Yi);
        p.CompletedIn(2026, 4).ShouldBe(2 * Yi);
    }

    [Fact]
    public void The_cumulative_never_exceeds_the_total_investment()
    {
        var p = Signed(new(2026, 1, 10));
        p.ReportInvestment(new YearMonth(2026, 4), 9 * Yi, 7, Today, Now);

        Should.Throw<DomainException>(() => p.ReportInvestment(new YearMonth(2026, 5), 1.5m * Yi, 7, Today, Now))
            .Message.ShouldBe("累计完成投资（10.5亿元）将超过总投资（10亿元），请先核对总投资");
        Should.Throw<DomainException>(() => p.Update(Profile(total: 8 * Yi), Now))
            .Message.ShouldBe("总投资不能少于已累计完成投资（9亿元）");
    }

    [Fact]
    public void A_month_not_begun_or_a_project_not_signed_cannot_report()
    {
        Should.Throw<DomainException>(() => Project.Create(Profile(), Now).ReportInvestment(new YearMonth(2026, 5), 1m, 7, Today, Now))
            .Message.ShouldBe("项目尚未签约，不能填报完成投资");
        Should.Throw<DomainException>(() => Signed(new(2026, 1, 10)).ReportInvestment(new YearMonth(2026, 7), 1m, 7, Today, Now))
            .Message.ShouldBe("2026年7月尚未开始，不能填报");
        Should.Throw<DomainException>(() => Signed(new(2026, 1, 10)).ReportInvestment(new YearMonth(2026, 5), -1m, 7, Today, Now))
            .Message.ShouldBe("本月完成投资不能为负数");
    }

    [Fact]
    public void A_procedure_needs_the_dates_of_its_status()
    {
        var p = Project.Create(Profile(), Now);
        var permit = p.Procedures.Single(x => x.Name == "施工许可");

        Should.Throw<DomainException>(() => permit.Update(ProcedureStatus.Done, null, null, Today)).Message.ShouldBe("“施工许可”已办结，请填写办结日期");
        Should.Throw<DomainException>(() => permit.Update(ProcedureStatus.Done, new(2026, 5, 2), new(2026, 5, 1), Today))
            .Message.ShouldBe("“施工许可”的办结日期不能早于开始办理日期");
        permit.Update(ProcedureStatus.Done, new(2026, 4, 2), new(2026, 5, 1), Today);
        permit.Status.ShouldBe(ProcedureStatus.Done);
        Should.Throw<DomainException>(() => p.AddProcedure(" 施工许可 ")).Message.ShouldBe("手续“施工许可”已在清单中");
    }
}
