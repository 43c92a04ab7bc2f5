using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Assistance;

/// <summary>One record as the lists show it.</summary>
public sealed record AssistanceItem(long Id, long EnterpriseId, string EnterpriseName, AssistanceKind Kind, DateOnly DeliveredOn, string DepartmentName,
    decimal? AmountYuan, string? Bank, int? JobPostings, int? JobMatches, decimal? LandMu, string? Item, string? Quantity, string? Note);

/// <summary>The list's filters: Beijing days, a kind, a region of the scope; all optional.</summary>
public sealed record AssistanceFilter(DateOnly From, DateOnly To, AssistanceKind? Kind, string? RegionPath);

public sealed record AssistancePage(IReadOnlyList<AssistanceTotals> Totals, IReadOnlyList<AssistanceItem> Items, int Total);

/// <summary>Reads of 要素保障 within the user's scope; totals come from <see cref="AssistanceFigureQuery"/>, the one definition.</summary>
public sealed class AssistanceQueries(AppDbContext db)
{
    public const int ListSize = 100;
    public const int LedgerSize = 20;
    public static readonly DateOnly Earliest = AssistanceRecord.EarliestDate;

    private IQueryable<AssistanceRecord> Filtered(AssistanceFilter filter)
    {
        var records = db.DeliveredIn(filter.From, filter.To, filter.RegionPath);
        return filter.Kind is { } kind ? records.Where(r => r.Kind == kind) : records;
    }

    public IQueryable<AssistanceItem> Items(IQueryable<AssistanceRecord> records) =>
        records.Join(db.Enterprises, r => r.EnterpriseId, e => e.Id, (r, e) => new { r, e.Name })
            .OrderByDescending(x => x.r.DeliveredOn).ThenByDescending(x => x.r.Id)
            .Select(x => new AssistanceItem(x.r.Id, x.r.EnterpriseId, x.Name, x.r.Kind, x.r.DeliveredOn, x.r.DepartmentName, x.r.AmountYuan, x.r.Bank,
                x.r.JobPostings, x.r.JobMatches, x.r.LandMu, x.r.Item, x.r.Quantity, x.r.Note));

    public async Task<AssistancePage> ListAsync(AssistanceFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var records = Filtered(filter);
        var totals = await records.TotalsAsync(ct);
        var items = await Items(records).Take(ListSize).ToListAsync(ct);
        return new AssistancePage(totals, items, totals.Sum(t => t.Records));
    }

    /// <summary>Every matching record, newest first, for the export (streamed, not loaded at once).</summary>
    public IAsyncEnumerable<AssistanceItem> ExportAsync(AssistanceFilter filter) => Items(Filtered(filter)).AsAsyncEnumerable();

    /// <summary>Every record of one enterprise in scope (the ledger workbook's sheet).</summary>
    public IQueryable<AssistanceRecord> OfEnterpriseAll(long enterpriseId) => db.AssistanceRecords.AsNoTracking().Where(r => r.EnterpriseId == enterpriseId);

    /// <summary>The ledger's section: all-time totals of one enterprise and its latest records; null when out of scope.</summary>
    public async Task<AssistancePage?> OfEnterpriseAsync(long enterpriseId, CancellationToken ct = default)
    {
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return null;
        var records = db.AssistanceRecords.AsNoTracking().Where(r => r.EnterpriseId == enterpriseId);
        var totals = await records.TotalsAsync(ct);
        var items = await Items(records).Take(LedgerSize).ToListAsync(ct);
        return new AssistancePage(totals, items, totals.Sum(t => t.Records));
    }
}
