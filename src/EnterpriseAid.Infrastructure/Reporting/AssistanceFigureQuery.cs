using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>The sums of one kind of 要素保障: records, distinct enterprises, and the figures that kind carries.</summary>
public sealed record AssistanceTotals(AssistanceKind Kind, int Records, int Enterprises, decimal AmountYuan, int JobPostings, int JobMatches, decimal LandMu);

/// <summary>
/// 要素保障 figures, the one definition the ledger, the assistance list, the dashboard and the briefing share: records
/// delivered on the Beijing days of the period, within the user's scope (their enterprise's query filter) and a region,
/// summed per kind in one GROUP BY.
/// </summary>
public static class AssistanceFigureQuery
{
    public static IQueryable<AssistanceRecord> DeliveredIn(this AppDbContext db, DateOnly from, DateOnly to, string? regionPath = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var records = db.AssistanceRecords.AsNoTracking().Where(r => r.DeliveredOn >= from && r.DeliveredOn <= to);
        if (regionPath is null) return records;
        var enterprises = db.Enterprises.InRegion(regionPath);
        return records.Where(r => enterprises.Any(e => e.Id == r.EnterpriseId));
    }

    /// <summary>Totals per kind (kinds without records absent).</summary>
    public static async Task<IReadOnlyList<AssistanceTotals>> TotalsAsync(this IQueryable<AssistanceRecord> records, CancellationToken ct = default)
    {
        var rows = await records.GroupBy(r => r.Kind).Select(g => new AssistanceTotals(
            g.Key, g.Count(), g.Select(r => r.EnterpriseId).Distinct().Count(), g.Sum(r => r.AmountYuan) ?? 0m,
            g.Sum(r => r.JobPostings) ?? 0, g.Sum(r => r.JobMatches) ?? 0, g.Sum(r => r.LandMu) ?? 0m)).ToListAsync(ct);
        return rows.OrderBy(r => r.Kind).ToList();
    }

    /// <summary>The headline 要素保障 figures (dashboard cards, the briefing's paragraph), from the same totals.</summary>
    public static AssistanceFigures Headline(IReadOnlyList<AssistanceTotals> totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        AssistanceTotals? Of(AssistanceKind kind) => totals.FirstOrDefault(t => t.Kind == kind);
        return new AssistanceFigures(
            Of(AssistanceKind.Loan)?.Enterprises ?? 0, Of(AssistanceKind.Loan)?.AmountYuan ?? 0m,
            Of(AssistanceKind.CreditLine)?.Enterprises ?? 0, Of(AssistanceKind.CreditLine)?.AmountYuan ?? 0m,
            Of(AssistanceKind.Jobs)?.JobPostings ?? 0, Of(AssistanceKind.Jobs)?.JobMatches ?? 0,
            Of(AssistanceKind.Land)?.LandMu ?? 0m,
            Of(AssistanceKind.FeeReduction)?.AmountYuan ?? 0m, Of(AssistanceKind.EnergyCost)?.AmountYuan ?? 0m,
            Of(AssistanceKind.Materials)?.Enterprises ?? 0);
    }
}
