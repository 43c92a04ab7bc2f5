using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Domain.Briefings;

/// <summary>
/// Words <see cref="BriefingFigures"/> as the paragraphs of a 工作简报, in the register of the published
/// bulletins: counts as plain digits without separators ("1132家次"), rates with one decimal at most
/// (<see cref="ProblemFigures.Percent"/>), a figure whose base is zero described in words rather than
/// printed as 0% or NaN, and a zero count left out or said in words ("暂无…").
/// </summary>
public static class BriefingComposer
{
    /// <summary>The paragraphs in order: overview, handling, supervision, and money when known.</summary>
    public static IReadOnlyList<string> Compose(BriefingFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var paragraphs = new List<string>
        {
            f.Period.Kind == BriefingPeriodKind.Year ? Cumulative(f) : Overview(f),
            Handling(f),
            Supervision(f),
        };
        if (Assistance(f) is { } assistance) paragraphs.Add(assistance);
        return paragraphs;
    }

    /// <summary>
    /// "本周全区累计走访企业1132家次，召开座谈会18场，梳理问题755个，现场解决578个，其余177个已责任到人督办落实，解决率…".
    /// </summary>
    public static string Overview(BriefingFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var p = f.Problems;
        var parts = new List<string> { Visits(f) };
        if (p.Total == 0)
        {
            parts.Add("暂未梳理出企业问题");
        }
        else
        {
            parts.Add($"梳理问题{p.Total}个");
            if (p.SolvedOnSpot > 0) parts.Add($"现场解决{p.SolvedOnSpot}个");
            if (f.Remaining > 0) parts.Add(Rest(f));
            parts.Add($"解决率{ProblemFigures.Percent(p.ResolutionRate)}");
        }
        return f.Period.Phrase + f.ScopeName + string.Join("，", parts) + "。";
    }

    /// <summary>"累计走访企业24570家(次)，召开座谈会9493场，共收集企业问题11449个，已解决11423个，解决率99.7%", for a year.</summary>
    public static string Cumulative(BriefingFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var p = f.Problems;
        var parts = new List<string>
        {
            f.Visits == 0 ? "暂无走访记录" : $"累计走访企业{f.Visits}家(次)",
        };
        if (f.Symposia > 0) parts.Add($"召开座谈会{f.Symposia}场");
        if (p.Total == 0)
        {
            parts.Add("暂未收集到企业问题");
        }
        else
        {
            parts.Add($"共收集企业问题{p.Total}个");
            parts.Add($"已解决{p.Resolved}个");
            parts.Add($"解决率{ProblemFigures.Percent(p.ResolutionRate)}");
        }
        return f.Period.Phrase + f.ScopeName + string.Join("，", parts) + "。";
    }

    /// <summary>Enterprises reached, what has been resolved since, on time and to the enterprises' satisfaction.</summary>
    public static string Handling(BriefingFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var p = f.Problems;
        var parts = new List<string>
        {
            f.EnterprisesCovered == 0 ? "走访尚未覆盖企业" : $"走访覆盖企业{f.EnterprisesCovered}家",
        };
        if (p.Total > 0)
        {
            parts.Add($"梳理的问题已解决{p.Resolved}个、尚未解决{p.Total - p.Resolved}个");
        }
        parts.Add(p.OnTimeRate is { } onTime
            ? $"按期办结率{ProblemFigures.Percent(onTime)}"
            : "暂无需按期限考核的已办结问题");
        parts.Add(p.SatisfactionRate is { } satisfied
            ? $"企业评价{p.Rated}个，满意率{ProblemFigures.Percent(satisfied)}"
            : "暂无企业评价");
        return f.Period.Phrase + string.Join("，", parts) + "。";
    }

    /// <summary>Late problems among those registered in the period, by flag, and the 督办单 of the period.</summary>
    public static string Supervision(BriefingFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        string late;
        if (f.Overdue == 0)
        {
            late = $"{f.Period.Phrase}登记的问题目前无逾期未办结";
        }
        else
        {
            var flags = new List<string>();
            if (f.RedFlags > 0) flags.Add($"红色预警{f.RedFlags}个");
            if (f.YellowFlags > 0) flags.Add($"黄色预警{f.YellowFlags}个");
            late = flags.Count == 0
                ? $"{f.Period.Phrase}登记的问题中目前逾期未办结{f.Overdue}个"
                : $"{f.Period.Phrase}登记的问题中目前逾期未办结{f.Overdue}个，其中{string.Join("、", flags)}";
        }
        var approaching = f.BlueFlags > 0 ? $"；临近办理期限（蓝色预警）{f.BlueFlags}个" : string.Empty;
        var notices = f.NoticesIssued == 0
            ? $"{f.Period.Phrase}未发出督办单"
            : f.NoticesReplied == f.NoticesIssued
                ? $"{f.Period.Phrase}发出督办单{f.NoticesIssued}份，均已回复"
                : $"{f.Period.Phrase}发出督办单{f.NoticesIssued}份，已回复{f.NoticesReplied}份";
        return late + approaching + "；" + notices + "。";
    }

    /// <summary>
    /// 要素保障 in the bulletins' phrasing — "累计为34家企业提供贷款2.15亿元，发布岗位信息3500个、达成就业意向1858人，…" — from the
    /// records of the period; nothing when none was recorded.
    /// </summary>
    public static string? Assistance(BriefingFigures f)
    {
        ArgumentNullException.ThrowIfNull(f);
        if (f.Assistance is not { } a) return null;
        var parts = new List<string>();
        if (a.LoanEnterprises > 0) parts.Add($"为{a.LoanEnterprises}家企业提供贷款{ChineseAmount.Format(a.LoanYuan)}");
        if (a.CreditEnterprises > 0) parts.Add($"为{a.CreditEnterprises}家企业协调授信{ChineseAmount.Format(a.CreditYuan)}");
        if (a.JobPostings > 0 || a.JobMatches > 0)
        {
            parts.Add(a.JobPostings > 0 && a.JobMatches > 0 ? $"发布岗位信息{a.JobPostings}个、达成就业意向{a.JobMatches}人"
                : a.JobPostings > 0 ? $"发布岗位信息{a.JobPostings}个" : $"达成就业意向{a.JobMatches}人");
        }
        if (a.LandMu > 0) parts.Add($"供应土地{a.LandMu.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}亩");
        if (a.FeeYuan > 0) parts.Add($"减免税费租金{ChineseAmount.Format(a.FeeYuan)}");
        if (a.EnergyYuan > 0) parts.Add($"降低企业用能费用{ChineseAmount.Format(a.EnergyYuan)}");
        if (a.MaterialsEnterprises > 0) parts.Add($"为{a.MaterialsEnterprises}家企业协调生产物资");
        return parts.Count == 0 ? null : $"{f.Period.Phrase}要素保障方面，累计{string.Join("，", parts)}。";
    }

    private static string Visits(BriefingFigures f)
    {
        if (f.Visits == 0) return "暂无走访记录";
        var text = $"累计走访企业{f.Visits}家次";
        return f.Symposia > 0 ? $"{text}，召开座谈会{f.Symposia}场" : text;
    }

    /// <summary>The problems not solved on the spot: all handed to departments, or some still waiting for dispatch.</summary>
    private static string Rest(BriefingFigures f)
    {
        var dispatched = Math.Min(f.Problems.Dispatched, f.Remaining);
        if (dispatched == f.Remaining) return $"其余{f.Remaining}个已责任到人督办落实";
        if (dispatched == 0) return $"其余{f.Remaining}个待交办";
        return $"其余{f.Remaining}个中已交办{dispatched}个、待交办{f.Remaining - dispatched}个";
    }
}
