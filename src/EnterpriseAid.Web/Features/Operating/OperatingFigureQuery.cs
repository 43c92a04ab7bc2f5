using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Operating;

/// <summary>One scale class's 复工复产 figures.</summary>
public sealed record OperatingFigureRow(string ScaleClass, OperatingFigures Figures);

/// <summary>The 复工复产 table for a day: a row per scale class (catalogue order, every class shown) and the total.</summary>
public sealed record OperatingTable(DateOnly Day, IReadOnlyList<OperatingFigureRow> Rows, OperatingFigures Total);

/// <summary>
/// The one definition of the 复工复产 figures (ADR-022), counted in SQL: the enterprises of the user's scope (the context's
/// query filters) in a region subtree, each with its latest report on or before the day (index probes of
/// ix_operating_reports_enterprise_id_reported_on per enterprise), grouped by scale class. No report row is loaded to be counted.
/// </summary>
public sealed class OperatingFigureQuery(AppDbContext db)
{
    public async Task<OperatingTable> TableAsync(DateOnly day, string? regionPath, CancellationToken ct = default)
    {
        // Each enterprise's latest report is read by correlated "… ORDER BY reported_on DESC LIMIT 1" subqueries: probes of the
        // (enterprise_id, reported_on DESC) index per enterprise, never a scan or sort of the report history.
        var latest = db.Enterprises.AsNoTracking().InRegion(regionPath).Select(e => new
        {
            e.ScaleClass,
            Latest = db.OperatingReports.Where(r => r.EnterpriseId == e.Id && r.ReportedOn <= day)
                .OrderByDescending(r => r.ReportedOn).Select(r => new { r.Operating, r.StaffOnDuty, r.UsualStaff }).FirstOrDefault(),
        }).Select(x => new
        {
            x.ScaleClass,
            Reported = x.Latest != null ? 1 : 0,
            Operating = x.Latest != null && x.Latest.Operating ? 1 : 0,
            OnDuty = x.Latest != null ? (long)x.Latest.StaffOnDuty : 0L,
            Usual = x.Latest != null ? (long)x.Latest.UsualStaff : 0L,
        });
        var groups = await latest.GroupBy(x => x.ScaleClass).Select(g => new
        {
            ScaleClass = g.Key,
            Enterprises = g.Count(),
            Reported = g.Sum(x => x.Reported),
            Operating = g.Sum(x => x.Operating),
            OnDuty = g.Sum(x => x.OnDuty),
            Usual = g.Sum(x => x.Usual),
        }).ToListAsync(ct);
        var byClass = groups.ToDictionary(g => g.ScaleClass, g => new OperatingFigures(g.Enterprises, g.Reported, g.Operating, g.OnDuty, g.Usual));
        var rows = ScaleClasses.All.Select(c => new OperatingFigureRow(c.Code, byClass.GetValueOrDefault(c.Code, OperatingFigures.None))).ToList();
        return new OperatingTable(day, rows, OperatingFigures.Sum(byClass.Values));
    }
}
