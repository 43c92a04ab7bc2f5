using System.Globalization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Subsidies;

/// <summary>One line of 兑现 figures: approved and disbursed in 元 (shown in 万元), and the enterprises approved.</summary>
public sealed record SubsidyFigureRow(string Key, decimal Approved, decimal Disbursed, int Enterprises);

/// <summary>The figures of every programme in scope together: by the policy's category, and the total.</summary>
public sealed record SubsidyFigureSet(IReadOnlyList<SubsidyFigureRow> ByCategory, SubsidyFigureRow Total);

/// <summary>
/// 兑现 figures, one definition (ADR-019): 批准金额 = the approved amounts of applications approved and not withdrawn
/// (已批准, 公示中, 公示结束, 已拨付); 已拨付 = the disbursed amounts; 企业数 = distinct enterprises with such an
/// application. By programme (key: programme id; only the programmes of the page shown) and by the policy's category
/// and in total (over the applications in scope), each summed in SQL (ADR-033).
/// </summary>
public sealed class SubsidyFigures(AppDbContext db)
{
    /// <summary>The approved applications in scope under the programmes and policies in scope, with their category.</summary>
    private IQueryable<ApprovedRow> Approved()
    {
        var approved = SubsidyQueries.Approved;
        return db.SubsidyApplications.AsNoTracking()
            .Where(a => approved.Contains(a.Status))
            .Join(db.SubsidyPrograms, a => a.ProgramId, s => s.Id, (a, s) => new { a, s.PolicyId })
            .Join(db.Policies, x => x.PolicyId, p => p.Id, (x, p) => new ApprovedRow
            {
                ProgramId = x.a.ProgramId, Category = p.Category, EnterpriseId = x.a.EnterpriseId,
                Approved = x.a.ApprovedAmount ?? 0m, Disbursed = x.a.DisbursedAmount ?? 0m,
            });
    }

    // A member-initialised class, not a positional record: EF Core composes GROUP BY over its members.
    private sealed class ApprovedRow
    {
        public long ProgramId { get; init; }
        public PolicyCategory Category { get; init; }
        public long EnterpriseId { get; init; }
        public decimal Approved { get; init; }
        public decimal Disbursed { get; init; }
    }

    /// <summary>By category (in category order) and in total: two grouped statements, whatever the number of applications.</summary>
    public async Task<SubsidyFigureSet> ComputeAsync(CancellationToken ct = default)
    {
        // Whoever sees everything sees every application: the trigger-kept sums (V0086) are exactly the live count.
        if (db.Scope.SeesAll) return await KeptAsync(ct);
        return await CountedAsync(ct);
    }

    private async Task<SubsidyFigureSet> KeptAsync(CancellationToken ct)
    {
        var rows = await db.SubsidyCategoryFigures.AsNoTracking().ToListAsync(ct);
        var byCategory = rows.Where(r => r.Category != SubsidyCategoryFigures.AllCategories && r.Enterprises > 0)
            .Select(r => (Category: Category(r.Category), Row: r)).Where(r => r.Category is not null).OrderBy(r => r.Category)
            .Select(r => new SubsidyFigureRow(r.Row.Category, r.Row.Approved, r.Row.Disbursed, r.Row.Enterprises)).ToList();
        var all = rows.FirstOrDefault(r => r.Category == SubsidyCategoryFigures.AllCategories);
        return new SubsidyFigureSet(byCategory, new SubsidyFigureRow("", all?.Approved ?? 0m, all?.Disbursed ?? 0m, all?.Enterprises ?? 0));
    }

    /// <summary>The same figures counted from the applications in scope (any scope; the test of the kept sums compares the two).</summary>
    public async Task<SubsidyFigureSet> CountedAsync(CancellationToken ct = default)
    {
        var byCategory = (await Approved().GroupBy(r => r.Category)
                .Select(g => new { g.Key, Approved = g.Sum(r => r.Approved), Disbursed = g.Sum(r => r.Disbursed), Enterprises = g.Select(r => r.EnterpriseId).Distinct().Count() })
                .ToListAsync(ct))
            .OrderBy(g => g.Key)
            .Select(g => new SubsidyFigureRow(g.Key.ToString(), g.Approved, g.Disbursed, g.Enterprises)).ToList();
        // Distinct enterprises do not add up over categories (an enterprise may hold applications of several).
        var enterprises = byCategory.Count == 0 ? 0 : await Approved().Select(r => r.EnterpriseId).Distinct().CountAsync(ct);
        var total = new SubsidyFigureRow("", byCategory.Sum(c => c.Approved), byCategory.Sum(c => c.Disbursed), enterprises);
        return new SubsidyFigureSet(byCategory, total);
    }

    /// <summary>The figures of the given programmes (the page shown), keyed by programme id; programmes without approvals absent.</summary>
    public async Task<IReadOnlyDictionary<long, SubsidyFigureRow>> ForProgramsAsync(IReadOnlyCollection<long> programIds, CancellationToken ct = default)
    {
        if (programIds.Count == 0) return new Dictionary<long, SubsidyFigureRow>();
        var ids = programIds.ToArray();
        var rows = await Approved().Where(r => ids.Contains(r.ProgramId)).GroupBy(r => r.ProgramId)
            .Select(g => new { g.Key, Approved = g.Sum(r => r.Approved), Disbursed = g.Sum(r => r.Disbursed), Enterprises = g.Select(r => r.EnterpriseId).Distinct().Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Key, r => new SubsidyFigureRow(r.Key.ToString(CultureInfo.InvariantCulture), r.Approved, r.Disbursed, r.Enterprises));
    }

    public static PolicyCategory? Category(string key) => Enum.TryParse<PolicyCategory>(key, out var c) ? c : null;
}
