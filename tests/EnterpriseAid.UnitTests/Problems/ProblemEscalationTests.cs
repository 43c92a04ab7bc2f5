using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using static EnterpriseAid.UnitTests.Problems.ProblemScenarios;

namespace EnterpriseAid.UnitTests.Problems;

public sealed class ProblemEscalationTests
{
    private static readonly WorkingDayCalendar Calendar = ShippedCalendars.Load();

    [Theory]
    [InlineData(DeadlineFlag.None, DeadlineFlag.Blue, "预警：即将到期", "正常", "蓝色预警（临期）")]
    [InlineData(DeadlineFlag.Blue, DeadlineFlag.Yellow, "预警：已逾期", "蓝色预警（临期）", "黄色预警（逾期）")]
    [InlineData(DeadlineFlag.None, DeadlineFlag.Red, "预警：严重逾期", "正常", "红色预警（严重逾期）")]
    public void A_rise_is_said_with_the_flag_before_and_after(DeadlineFlag from, DeadlineFlag to, string summary, string before, string after)
    {
        var line = ProblemEscalation.Raised(from, to, "办理期限2026-03-24，已逾期3个工作日", Now);

        line.Kind.ShouldBe(ProblemEventKind.Escalated);
        (line.Summary, line.Before, line.After).ShouldBe((summary, before, after));
        line.ActorName.ShouldBe("系统预警");
        line.Detail.ShouldBe("办理期限2026-03-24，已逾期3个工作日");
    }

    [Theory]
    [InlineData(DeadlineFlag.Yellow, DeadlineFlag.Blue)]
    [InlineData(DeadlineFlag.Red, DeadlineFlag.Red)]
    [InlineData(DeadlineFlag.Blue, DeadlineFlag.None)]
    public void Only_a_rise_makes_a_line(DeadlineFlag from, DeadlineFlag to) =>
        Should.Throw<ArgumentOutOfRangeException>(() => ProblemEscalation.Raised(from, to, null, Now));

    [Fact]
    public void The_explanation_counts_working_days_across_the_holiday()
    {
        var problem = At(Stage.InProgress); // due Tuesday 24 March 2026

        ProblemEscalation.Explain(problem, new DateOnly(2026, 3, 23), Calendar).ShouldBe("办理期限2026-03-24，剩余1个工作日");
        ProblemEscalation.Explain(problem, new DateOnly(2026, 3, 24), Calendar).ShouldBe("办理期限2026-03-24，今日到期");
        ProblemEscalation.Explain(problem, new DateOnly(2026, 3, 27), Calendar).ShouldBe("办理期限2026-03-24，已逾期3个工作日");
        // 清明节 (4–6 April) is not counted.
        ProblemEscalation.Explain(problem, new DateOnly(2026, 4, 7), Calendar).ShouldBe("办理期限2026-03-24，已逾期9个工作日");
        ProblemEscalation.Explain(problem, new DateOnly(2027, 1, 5), Calendar).ShouldBe("办理期限2026-03-24，已逾期287天");
    }

    [Fact]
    public void The_explanation_names_repeated_dissatisfaction()
    {
        var problem = At(Stage.InProgress);
        for (var i = 0; i < 2; i++)
        {
            problem.FinishCoHandling("已协办", CoHandler, Now);
            problem.Resolve("已办结", LeadHandler, Now);
            problem.Rate(Satisfaction.Unsatisfied, "没有解决", EnterpriseUser, Now);
        }

        problem.Escalation(Today, Calendar).ShouldBe(DeadlineFlag.Red);
        ProblemEscalation.Explain(problem, Today, Calendar).ShouldBe("办理期限2026-03-24，剩余10个工作日；企业评价不满意2次");
    }
}
