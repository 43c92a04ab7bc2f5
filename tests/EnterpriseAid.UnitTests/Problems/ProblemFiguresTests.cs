using EnterpriseAid.Domain.Problems;
using static EnterpriseAid.UnitTests.Problems.ProblemScenarios;

namespace EnterpriseAid.UnitTests.Problems;

/// <summary>The figure definitions (design.md → Figures) on problems brought through their real lifecycle.</summary>
public sealed class ProblemFiguresTests
{
    private static Problem SolvedOnSpot()
    {
        var p = NewProblem();
        p.SolveOnSpot("现场联系银行确认续贷", Official, Now);
        return p;
    }

    /// <summary>Dispatched with today as the deadline and resolved two days later.</summary>
    private static Problem ResolvedLate()
    {
        var p = NewProblem();
        p.Dispatch(Commerce, [], Today, Dispatcher, Now);
        p.Accept(LeadHandler, Now);
        p.Resolve("已协调解决", LeadHandler, Now.AddDays(2));
        return p;
    }

    /// <summary>Solved on the spot, then rated unsatisfied: back with the dispatcher, the rating kept.</summary>
    private static Problem ReopenedAfterOnSpot()
    {
        var p = SolvedOnSpot();
        p.Rate(Satisfaction.Unsatisfied, "问题并未解决", EnterpriseUser, Now);
        return p;
    }

    private static Problem BasicallySatisfied()
    {
        var p = At(Stage.Resolved);
        p.Rate(Satisfaction.BasicallySatisfied, null, EnterpriseUser, Now);
        return p;
    }

    private static IReadOnlyList<Problem> KnownSet() =>
    [
        NewProblem(),              // 登记
        SolvedOnSpot(),            // 现场解决
        At(Stage.Closed),          // 交办, 按期办结, 满意, 销号
        ResolvedLate(),            // 交办, 逾期办结
        ReopenedAfterOnSpot(),     // 不满意, 重新办理
        At(Stage.InProgress),      // 交办, 办理中 (期限 Due)
        At(Stage.Returned),        // 交办后退回
        BasicallySatisfied(),      // 交办, 按期办结, 基本满意
    ];

    [Fact]
    public void Each_figure_counts_what_its_definition_says()
    {
        var figures = ProblemFigures.Of(KnownSet(), Due.AddDays(1));

        figures.Total.ShouldBe(8);
        figures.SolvedOnSpot.ShouldBe(1);          // the reopened one no longer counts
        figures.Dispatched.ShouldBe(5);            // closed, late, in progress, returned, basically satisfied
        figures.Resolved.ShouldBe(4);              // on the spot, closed, late, basically satisfied
        figures.Overdue.ShouldBe(1);               // in progress past Due
        figures.ResolvedWithDeadline.ShouldBe(3);  // the on-the-spot one had no deadline
        figures.ResolvedByDeadline.ShouldBe(2);
        figures.Rated.ShouldBe(3);                 // satisfied, unsatisfied, basically satisfied
        figures.Satisfied.ShouldBe(2);
        ProblemFigures.Percent(figures.ResolutionRate).ShouldBe("50%");
        ProblemFigures.Percent(figures.OnTimeRate).ShouldBe("66.7%");
        ProblemFigures.Percent(figures.SatisfactionRate).ShouldBe("66.7%");
    }

    [Fact]
    public void A_problem_is_overdue_only_after_its_deadline_day_and_only_while_open()
    {
        var open = At(Stage.InProgress);
        var closed = At(Stage.Closed);

        ProblemFigures.Of([open, closed], Due).Overdue.ShouldBe(0);
        ProblemFigures.Of([open, closed], Due.AddDays(1)).Overdue.ShouldBe(1);
        ProblemFigures.Of([closed], Due.AddDays(100)).Overdue.ShouldBe(0);
    }

    [Fact]
    public void Rates_with_nothing_to_divide_by_are_empty_and_shown_as_a_dash()
    {
        var none = ProblemFigures.Of([], Today);
        var onlyOnSpot = ProblemFigures.Of([SolvedOnSpot()], Today);

        none.ShouldBe(ProblemFigures.None);
        none.ResolutionRate.ShouldBeNull();
        none.OnTimeRate.ShouldBeNull();
        none.SatisfactionRate.ShouldBeNull();
        ProblemFigures.Percent(none.ResolutionRate).ShouldBe("—");
        onlyOnSpot.ResolutionRate.ShouldBe(1m);
        onlyOnSpot.OnTimeRate.ShouldBeNull();
        ProblemFigures.Percent(onlyOnSpot.OnTimeRate).ShouldBe("—");
        ProblemFigures.Percent(onlyOnSpot.SatisfactionRate).ShouldBe("—");
    }

    [Theory]
    [InlineData(11423, 11449, "99.8%")]
    [InlineData(46, 54, "85.2%")]
    [InlineData(21, 25, "84%")]
    [InlineData(37, 37, "100%")]
    [InlineData(0, 5, "0%")]
    [InlineData(9999, 10000, "99.9%")]
    [InlineData(1, 10000, "0.1%")]
    [InlineData(1, 3, "33.3%")]
    public void Rates_are_printed_with_at_most_one_decimal_and_never_round_to_all_or_nothing(int part, int whole, string expected) =>
        ProblemFigures.Percent(ProblemFigures.Ratio(part, whole)).ShouldBe(expected);
}
