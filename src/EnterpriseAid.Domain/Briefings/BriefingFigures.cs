using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Domain.Briefings;

/// <summary>What a briefing covers in time: a preset the bulletins name (本周…) or any range of Beijing days.</summary>
public enum BriefingPeriodKind
{
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>A range of Beijing calendar days, both ends included.</summary>
public sealed record BriefingPeriod(BriefingPeriodKind Kind, DateOnly From, DateOnly To)
{
    /// <summary>The preset period that contains <paramref name="today"/> (weeks start on Monday).</summary>
    public static BriefingPeriod Preset(BriefingPeriodKind kind, DateOnly today) => kind switch
    {
        BriefingPeriodKind.Week => Week(today),
        BriefingPeriodKind.Month => new(kind, new DateOnly(today.Year, today.Month, 1),
            new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1)),
        BriefingPeriodKind.Quarter => Quarter(today),
        BriefingPeriodKind.Year => new(kind, new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A custom period needs its days."),
    };

    private static BriefingPeriod Week(DateOnly today)
    {
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return new(BriefingPeriodKind.Week, monday, monday.AddDays(6));
    }

    private static BriefingPeriod Quarter(DateOnly today)
    {
        var first = new DateOnly(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        return new(BriefingPeriodKind.Quarter, first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>How the text names the period: 本周, 本月, 本季度, 本年度, or 5月1日至5月7日 for a custom range.</summary>
    public string Phrase => Kind switch
    {
        BriefingPeriodKind.Week => "本周",
        BriefingPeriodKind.Month => "本月",
        BriefingPeriodKind.Quarter => "本季度",
        BriefingPeriodKind.Year => "本年度",
        _ => From == To ? $"{Day(From)}" : $"{Day(From)}至{Day(To)}",
    };

    /// <summary>For the date line and tables: 2026年11月16日至11月22日.</summary>
    public string Span => From.Year == To.Year
        ? $"{From.Year}年{Day(From)}至{Day(To)}"
        : $"{From.Year}年{Day(From)}至{To.Year}年{Day(To)}";

    private static string Day(DateOnly d) => $"{d.Month}月{d.Day}日";
}


/// <summary>
/// Every figure a briefing prints, for one scope and period. Problem figures come from
/// <see cref="ProblemFigures"/> (one definition); the composer only words them. <see cref="Problems"/>
/// counts the problems registered in the period, and <see cref="Overdue"/> and the flags are those of the same problems
/// as they stand now — the dashboard's definitions, so a briefing and the dashboard of the same period print the same
/// numbers (ADR-013).
/// </summary>
public sealed record BriefingFigures(
    BriefingPeriod Period,
    string ScopeName,
    int Visits,
    int Symposia,
    int EnterprisesCovered,
    ProblemFigures Problems,
    int Overdue,
    int RedFlags,
    int YellowFlags,
    int BlueFlags,
    int NoticesIssued,
    int NoticesReplied,
    Assistance.AssistanceFigures? Assistance = null)
{
    /// <summary>交办 in the bulletins' sense: the problems not solved on the spot, "其余…已责任到人督办落实".</summary>
    public int Remaining => Problems.Total - Problems.SolvedOnSpot;
}
