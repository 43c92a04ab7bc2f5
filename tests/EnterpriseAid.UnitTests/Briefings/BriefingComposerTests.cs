using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.UnitTests.Briefings;

public class BriefingComposerTests
{
    private static readonly DateOnly Thursday = new(2026, 11, 19);

    private static BriefingFigures Figures(
        BriefingPeriodKind kind = BriefingPeriodKind.Week, string scope = "全区", int visits = 0, int symposia = 0, int covered = 0,
        ProblemFigures? problems = null, int overdue = 0, int red = 0, int yellow = 0, int blue = 0, int issued = 0, int replied = 0,
        AssistanceFigures? money = null) =>
        new(BriefingPeriod.Preset(kind, Thursday), scope, visits, symposia, covered, problems ?? ProblemFigures.None,
            overdue, red, yellow, blue, issued, replied, money);

    private static ProblemFigures Problems(int total, int onSpot = 0, int dispatched = 0, int resolved = 0,
        int withDeadline = 0, int byDeadline = 0, int rated = 0, int satisfied = 0) =>
        new(total, onSpot, dispatched, resolved, 0, withDeadline, byDeadline, rated, satisfied);

    [Fact]
    public void The_weekly_bulletin_sentence_is_reproduced_from_its_numbers()
    {
        var f = Figures(visits: 1132, symposia: 18, problems: Problems(755, onSpot: 578, dispatched: 177, resolved: 578));

        BriefingComposer.Overview(f).ShouldBe(
            "本周全区累计走访企业1132家次，召开座谈会18场，梳理问题755个，现场解决578个，其余177个已责任到人督办落实，解决率76.6%。");
    }

    /// <summary>
    /// The bulletin printed 99.7% for 11423 ÷ 11449 = 99.773%, i.e. cut off; the same design.md quotes 46 ÷ 54 =
    /// 85.185% as 85.2%, i.e. rounded. The two cannot both hold: the portal rounds (ProblemFigures.Percent, the one
    /// definition), so the sentence is the bulletin's word for word with 99.8%.
    /// </summary>
    [Fact]
    public void The_cumulative_bulletin_sentence_is_reproduced_from_its_numbers()
    {
        var f = Figures(BriefingPeriodKind.Year, scope: string.Empty, visits: 24570, symposia: 9493, problems: Problems(11449, resolved: 11423));

        BriefingComposer.Cumulative(f).ShouldBe("本年度累计走访企业24570家(次)，召开座谈会9493场，共收集企业问题11449个，已解决11423个，解决率99.8%。");
        ProblemFigures.Percent(ProblemFigures.Ratio(46, 54)).ShouldBe("85.2%");
        BriefingComposer.Compose(f)[0].ShouldBe(BriefingComposer.Cumulative(f));
    }

    [Fact]
    public void The_loan_sentence_is_reproduced_in_yi_yuan()
    {
        var f = Figures(BriefingPeriodKind.Year, money: AssistanceFigures.None with { LoanEnterprises = 34, LoanYuan = 215_000_000m });

        BriefingComposer.Assistance(f).ShouldBe("本年度要素保障方面，累计为34家企业提供贷款2.15亿元。");
        BriefingComposer.Compose(f).ShouldContain("本年度要素保障方面，累计为34家企业提供贷款2.15亿元。");
    }

    [Fact]
    public void Every_kind_of_assistance_is_worded_as_the_bulletins_do()
    {
        var f = Figures(BriefingPeriodKind.Year, money: new AssistanceFigures(34, 215_000_000m, 3, 50_000_000m, 3500, 1858, 5000m, 800_000m,
            13_430_000m, 6));

        BriefingComposer.Assistance(f).ShouldBe("本年度要素保障方面，累计为34家企业提供贷款2.15亿元，为3家企业协调授信5000万元，"
            + "发布岗位信息3500个、达成就业意向1858人，供应土地5000亩，减免税费租金80万元，降低企业用能费用1343万元，为6家企业协调生产物资。");
        BriefingComposer.Assistance(Figures(money: AssistanceFigures.None with { JobMatches = 12 }))
            .ShouldBe("本周要素保障方面，累计达成就业意向12人。");
    }

    [Fact]
    public void Without_money_figures_no_money_paragraph_is_written()
    {
        BriefingComposer.Assistance(Figures()).ShouldBeNull();
        BriefingComposer.Assistance(Figures(money: AssistanceFigures.None)).ShouldBeNull();
        BriefingComposer.Compose(Figures()).Count.ShouldBe(3);
    }

    [Theory]
    [InlineData(BriefingPeriodKind.Week, "本周")]
    [InlineData(BriefingPeriodKind.Month, "本月")]
    [InlineData(BriefingPeriodKind.Quarter, "本季度")]
    [InlineData(BriefingPeriodKind.Year, "本年度")]
    public void Preset_periods_are_named_as_the_bulletins_name_them(BriefingPeriodKind kind, string phrase) =>
        BriefingComposer.Overview(Figures(kind, visits: 3)).ShouldStartWith(phrase + "全区累计走访企业3家次");

    [Fact]
    public void A_custom_period_is_named_by_its_days()
    {
        var period = new BriefingPeriod(BriefingPeriodKind.Custom, new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 7));
        var f = Figures(visits: 5) with { Period = period };

        BriefingComposer.Overview(f).ShouldStartWith("5月1日至5月7日全区累计走访企业5家次");
        period.Span.ShouldBe("2026年5月1日至5月7日");
    }

    [Fact]
    public void Preset_periods_cover_whole_weeks_months_quarters_and_years()
    {
        BriefingPeriod.Preset(BriefingPeriodKind.Week, Thursday).ShouldBe(new(BriefingPeriodKind.Week, new(2026, 11, 16), new(2026, 11, 22)));
        BriefingPeriod.Preset(BriefingPeriodKind.Week, new(2026, 11, 22)).From.ShouldBe(new DateOnly(2026, 11, 16));
        BriefingPeriod.Preset(BriefingPeriodKind.Month, Thursday).ShouldBe(new(BriefingPeriodKind.Month, new(2026, 11, 1), new(2026, 11, 30)));
        BriefingPeriod.Preset(BriefingPeriodKind.Quarter, Thursday).ShouldBe(new(BriefingPeriodKind.Quarter, new(2026, 10, 1), new(2026, 12, 31)));
        BriefingPeriod.Preset(BriefingPeriodKind.Year, Thursday).ShouldBe(new(BriefingPeriodKind.Year, new(2026, 1, 1), new(2026, 12, 31)));
    }

    [Fact]
    public void Nothing_recorded_is_said_in_words_never_as_zero_rates()
    {
        var paragraphs = BriefingComposer.Compose(Figures());

        paragraphs[0].ShouldBe("本周全区暂无走访记录，暂未梳理出企业问题。");
        paragraphs[1].ShouldBe("本周走访尚未覆盖企业，暂无需按期限考核的已办结问题，暂无企业评价。");
        paragraphs[2].ShouldBe("本周登记的问题目前无逾期未办结；本周未发出督办单。");
        string.Concat(paragraphs).ShouldNotContain("NaN");
        string.Concat(paragraphs).ShouldNotContain("0/0");
        string.Concat(paragraphs).ShouldNotContain("%");
    }

    [Fact]
    public void Visits_without_symposia_leave_the_symposium_count_out()
    {
        BriefingComposer.Overview(Figures(visits: 12, problems: Problems(4, onSpot: 4, resolved: 4)))
            .ShouldBe("本周全区累计走访企业12家次，梳理问题4个，现场解决4个，解决率100%。");
    }

    [Fact]
    public void Problems_not_yet_dispatched_are_told_apart_from_those_handed_over()
    {
        BriefingComposer.Overview(Figures(visits: 9, problems: Problems(10, onSpot: 4, dispatched: 5, resolved: 4)))
            .ShouldBe("本周全区累计走访企业9家次，梳理问题10个，现场解决4个，其余6个中已交办5个、待交办1个，解决率40%。");
        BriefingComposer.Overview(Figures(visits: 9, problems: Problems(3)))
            .ShouldBe("本周全区累计走访企业9家次，梳理问题3个，其余3个待交办，解决率0%。");
    }

    [Fact]
    public void Handling_states_resolution_on_time_rate_and_satisfaction()
    {
        var f = Figures(covered: 640, problems: Problems(755, onSpot: 578, dispatched: 177, resolved: 700, withDeadline: 122, byDeadline: 120, rated: 300, satisfied: 299));

        BriefingComposer.Handling(f).ShouldBe(
            "本周走访覆盖企业640家，梳理的问题已解决700个、尚未解决55个，按期办结率98.4%，企业评价300个，满意率99.7%。");
    }

    [Fact]
    public void Supervision_names_late_problems_by_flag_and_the_notices()
    {
        BriefingComposer.Supervision(Figures(overdue: 7, red: 2, yellow: 5, blue: 3, issued: 4, replied: 1))
            .ShouldBe("本周登记的问题中目前逾期未办结7个，其中红色预警2个、黄色预警5个；临近办理期限（蓝色预警）3个；本周发出督办单4份，已回复1份。");
        BriefingComposer.Supervision(Figures(overdue: 2, issued: 2, replied: 2))
            .ShouldBe("本周登记的问题中目前逾期未办结2个；本周发出督办单2份，均已回复。");
    }

    [Fact]
    public void A_town_briefing_names_the_town()
    {
        BriefingComposer.Overview(Figures(scope: "城关街道", visits: 2)).ShouldBe("本周城关街道累计走访企业2家次，暂未梳理出企业问题。");
    }
}
