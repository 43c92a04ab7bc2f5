using System.Globalization;
using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assistance;

/// <summary>How assistance figures read: the kind's name, a record's figures in words, a kind's totals the bulletins' way.</summary>
public static class AssistanceDisplay
{
    public static string Kind(IStringLocalizer l, AssistanceKind kind) => l["Assistance.Kind." + kind];

    public static string Figures(IStringLocalizer l, AssistanceItem r) => r.Kind switch
    {
        AssistanceKind.Loan or AssistanceKind.CreditLine => $"{ChineseAmount.Format(r.AmountYuan ?? 0m)} · {r.Bank}",
        AssistanceKind.FeeReduction or AssistanceKind.EnergyCost => ChineseAmount.Format(r.AmountYuan ?? 0m),
        AssistanceKind.Jobs => l["Assistance.JobsText", r.JobPostings ?? 0, r.JobMatches ?? 0],
        AssistanceKind.Land => l["Assistance.LandText", Number(r.LandMu ?? 0m)],
        AssistanceKind.Materials => $"{r.Item} {r.Quantity}",
        _ => r.Note ?? string.Empty,
    };

    /// <summary>A kind's totals: "34家 · 2.15亿元", "岗位3500个 · 意向1858人", "5000亩".</summary>
    public static string Totals(IStringLocalizer l, AssistanceTotals t) => t.Kind switch
    {
        AssistanceKind.Loan or AssistanceKind.CreditLine or AssistanceKind.FeeReduction or AssistanceKind.EnergyCost =>
            l["Assistance.TotalMoney", t.Enterprises, ChineseAmount.Format(t.AmountYuan)],
        AssistanceKind.Jobs => l["Assistance.TotalJobs", t.Enterprises, t.JobPostings, t.JobMatches],
        AssistanceKind.Land => l["Assistance.TotalLand", t.Enterprises, Number(t.LandMu)],
        _ => l["Assistance.TotalCount", t.Enterprises, t.Records],
    };

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
