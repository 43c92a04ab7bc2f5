using System.Globalization;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Domain.Projects;

/// <summary>
/// The 三个一批 figures of a set of projects as of a month (see ADR-020 for each definition and the bulletin
/// sentence it reproduces). Counts are "reached at least": a project at 投产 is counted as signed and started too.
/// </summary>
public sealed record ProjectFigures(
    int Projects,
    decimal TotalInvestment,
    int Signed,
    decimal SignedInvestment,
    int Honoured,
    int Started,
    decimal StartedInvestment,
    int Producing,
    decimal ProducingInvestment,
    decimal ProducingCompleted,
    int Effective,
    decimal CompletedInvestment,
    decimal AnnualPlan,
    decimal CompletedThisYear,
    int Procedures,
    int ProceduresDone,
    YearMonth AsOf)
{
    public static ProjectFigures Empty(YearMonth asOf) => new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, asOf);

    /// <summary>履约率 = signed projects keeping their contract timetable ÷ signed projects.</summary>
    public decimal? HonourRate => Ratio(Honoured, Signed);
    /// <summary>开工率 = started ÷ signed.</summary>
    public decimal? StartRate => Ratio(Started, Signed);
    /// <summary>投产率 = in production ÷ started.</summary>
    public decimal? ProductionRate => Ratio(Producing, Started);
    /// <summary>达效率 = at full effect ÷ in production.</summary>
    public decimal? EffectRate => Ratio(Effective, Producing);
    /// <summary>投产一批's completed investment ÷ its total investment ("已完成投资844亿元、占总投资的71.4%").</summary>
    public decimal? ProducingCompletedShare => ProducingInvestment == 0 ? null : ProducingCompleted / ProducingInvestment;
    /// <summary>完成年度计划 = completed from January to the as-of month ÷ the annual plan of the projects with a plan for that year.</summary>
    public decimal? PlanRate => AnnualPlan == 0 ? null : CompletedThisYear / AnnualPlan;
    /// <summary>手续办结率 = procedures done ÷ all procedures.</summary>
    public decimal? ProcedureRate => Ratio(ProceduresDone, Procedures);
    /// <summary>序时进度 of the as-of month.</summary>
    public decimal ScheduleShare => ProjectRates.ScheduleShare(AsOf);

    private static decimal? Ratio(int part, int whole) => whole == 0 ? null : (decimal)part / whole;
}

/// <summary>Rate arithmetic and wording of the 三个一批 bulletins.</summary>
public static class ProjectRates
{
    /// <summary>
    /// 序时进度: the share of the year elapsed, by whole months as the bulletins count it — at the end of May
    /// (figures for 1-5月) it is 5/12. Months rather than days because investment is reported by month: the figures
    /// of 1-5月 are compared with five twelfths of the plan whichever day of June they are read.
    /// </summary>
    public static decimal ScheduleShare(YearMonth asOf) => asOf.Month / 12m;

    /// <summary>
    /// Stage rates (履约率, 开工率, 投产率, 达效率) count projects, usually a few dozen, and the bulletins print them in
    /// whole percent ("履约率100%，开工率84%", "达效率85%"). Never 100% while one is missing, never 0% while one is there.
    /// </summary>
    public static string WholePercent(decimal? ratio)
    {
        if (ratio is not { } r) return "—";
        var percent = Math.Round(r * 100m, 0, MidpointRounding.AwayFromZero);
        if (percent == 100m && r < 1m) percent = 99m;
        if (percent == 0m && r > 0m) percent = 1m;
        return percent.ToString("0", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>Investment shares and 手续办结率 with one decimal ("办结率85.2%", "占总投资的71.4%"): the problems' rule.</summary>
    public static string Percent(decimal? ratio) => ProblemFigures.Percent(ratio);

    /// <summary>A ratio as a percentage rounded to one decimal, the way it is printed.</summary>
    public static decimal PercentValue(decimal ratio) => Math.Round(ratio * 100m, 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Ahead of or behind 序时进度, in percentage points: the difference of the two printed percentages (53.5% − 41.7% =
    /// 11.8), so a reader checking the bulletin's arithmetic gets the same number.
    /// </summary>
    public static decimal PointsAhead(decimal planRatio, YearMonth asOf) => PercentValue(planRatio) - PercentValue(ScheduleShare(asOf));

    /// <summary>"超序时进度11.8个百分点", "落后序时进度3.2个百分点" or "与序时进度持平"; "—" without a plan.</summary>
    public static string ScheduleSentence(decimal? planRatio, YearMonth asOf)
    {
        if (planRatio is not { } r) return "—";
        var points = PointsAhead(r, asOf);
        var text = Math.Abs(points).ToString("0.#", CultureInfo.InvariantCulture);
        return points switch
        {
            > 0 => $"超序时进度{text}个百分点",
            < 0 => $"落后序时进度{text}个百分点",
            _ => "与序时进度持平",
        };
    }
}
