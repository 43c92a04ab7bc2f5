using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Subsidies;

/// <summary>One line of 兑现 figures: approved and disbursed in 元 (shown in 万元), and the enterprises approved.</summary>
public sealed record SubsidyFigureRow(string Key, decimal Approved, decimal Disbursed, int Enterprises);

public sealed record SubsidyFigureSet(IReadOnlyList<SubsidyFigureRow> ByProgram, IReadOnlyList<SubsidyFigureRow> ByCategory, SubsidyFigureRow Total);

/// <summary>
/// 兑现 figures, one definition (ADR-019): 批准金额 = the approved amounts of applications approved and not withdrawn
/// (已批准, 公示中, 公示结束, 已拨付); 已拨付 = the disbursed amounts; 企业数 = distinct enterprises with such an
/// application. By programme (key: programme id) and by the policy's category, over the applications in scope.
/// </summary>
public sealed class SubsidyFigures(AppDbContext db)
{
    public async Task<SubsidyFigureSet> ComputeAsync(CancellationToken ct = default)
    {
        var approved = SubsidyQueries.Approved;
        var rows = await db.SubsidyApplications.AsNoTracking()
            .Where(a => approved.Contains(a.Status))
            .Join(db.SubsidyPrograms, a => a.ProgramId, s => s.Id, (a, s) => new { a, s.PolicyId })
            .Join(db.Policies, x => x.PolicyId, p => p.Id, (x, p) => new
            {
                x.a.ProgramId, p.Category, x.a.EnterpriseId, Approved = x.a.ApprovedAmount ?? 0m, Disbursed = x.a.DisbursedAmount ?? 0m,
            })
            .ToListAsync(ct);
        // Grouped in memory: a district's approved applications number in the thousands, and the money is summed in decimal.
        var byProgram = rows.GroupBy(r => r.ProgramId)
            .Select(g => new SubsidyFigureRow(g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Sum(r => r.Approved), g.Sum(r => r.Disbursed),
                g.Select(r => r.EnterpriseId).Distinct().Count())).ToList();
        var byCategory = rows.GroupBy(r => r.Category).OrderBy(g => g.Key)
            .Select(g => new SubsidyFigureRow(g.Key.ToString(), g.Sum(r => r.Approved), g.Sum(r => r.Disbursed),
                g.Select(r => r.EnterpriseId).Distinct().Count())).ToList();
        var total = new SubsidyFigureRow("", rows.Sum(r => r.Approved), rows.Sum(r => r.Disbursed), rows.Select(r => r.EnterpriseId).Distinct().Count());
        return new SubsidyFigureSet(byProgram, byCategory, total);
    }

    public static PolicyCategory? Category(string key) => Enum.TryParse<PolicyCategory>(key, out var c) ? c : null;
}
