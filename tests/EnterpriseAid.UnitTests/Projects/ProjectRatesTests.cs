using EnterpriseAid.Domain.Projects;

namespace EnterpriseAid.UnitTests.Projects;

public sealed class ProjectRatesTests
{
    private const decimal Yi = 100_000_000m;

    [Fact]
    public void The_plan_rate_at_the_end_of_May_is_ahead_of_five_twelfths_by_eleven_point_eight_points()
    {
        // 1-5月完成投资406亿元，占年度计划759亿元的53.5%，超序时进度11.8个百分点.
        var figures = ProjectFigures.Empty(YearMonth.Of(new DateOnly(2026, 5, 31))) with { AnnualPlan = 759 * Yi, CompletedThisYear = 406 * Yi };

        ProjectRates.Percent(figures.PlanRate).ShouldBe("53.5%");
        ProjectRates.Percent(figures.ScheduleShare).ShouldBe("41.7%");
        ProjectRates.PointsAhead(figures.PlanRate!.Value, figures.AsOf).ShouldBe(11.8m);
        ProjectRates.ScheduleSentence(figures.PlanRate, figures.AsOf).ShouldBe("超序时进度11.8个百分点");
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(5, "5")]
    [InlineData(12, "12")]
    public void Schedule_share_counts_whole_months(int month, string twelfths)
    {
        ProjectRates.ScheduleShare(new YearMonth(2026, month)).ShouldBe(int.Parse(twelfths) / 12m);
    }

    [Fact]
    public void Behind_schedule_and_on_schedule_are_said_too()
    {
        var june = new YearMonth(2026, 6);

        ProjectRates.ScheduleSentence(0.468m, june).ShouldBe("落后序时进度3.2个百分点");
        ProjectRates.ScheduleSentence(0.5m, june).ShouldBe("与序时进度持平");
        ProjectRates.ScheduleSentence(null, june).ShouldBe("—");
    }

    [Fact]
    public void Stage_rates_print_in_whole_percent_as_the_bulletin_does()
    {
        // "'签约一批'项目37个，总投资434亿元，履约率100%，开工率84%"; "已达效136个、达效率85%".
        var f = ProjectFigures.Empty(new YearMonth(2026, 5)) with { Signed = 37, Honoured = 37, Started = 31, Producing = 160, Effective = 136 };

        ProjectRates.WholePercent(f.HonourRate).ShouldBe("100%");
        ProjectRates.WholePercent(f.StartRate).ShouldBe("84%");
        ProjectRates.WholePercent(f.EffectRate).ShouldBe("85%");
    }

    [Fact]
    public void A_rate_never_rounds_to_100_while_one_is_missing_nor_to_0_while_one_is_there()
    {
        ProjectRates.WholePercent(199m / 200m).ShouldBe("99%");
        ProjectRates.WholePercent(1m / 300m).ShouldBe("1%");
        ProjectRates.WholePercent(null).ShouldBe("—");
    }

    [Fact]
    public void Procedure_and_investment_shares_have_one_decimal()
    {
        // "54项手续已办结46项，办结率85.2%"; "已完成投资844亿元、占总投资的71.4%".
        var f = ProjectFigures.Empty(new YearMonth(2026, 5)) with { Procedures = 54, ProceduresDone = 46, ProducingInvestment = 1182 * Yi, ProducingCompleted = 844 * Yi };

        ProjectRates.Percent(f.ProcedureRate).ShouldBe("85.2%");
        ProjectRates.Percent(f.ProducingCompletedShare).ShouldBe("71.4%");
    }
}
