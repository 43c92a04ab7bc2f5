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
/// The one definition of the 复工复产 figures (ADR-022), counted in SQL over the enterprises of the user's scope (the
/// context's query filters) in a region subtree, each with its latest report on or before the day. No report row is
/// loaded to be counted.
/// For everything or a region (ADR-032) the figures start from the roll-up the database keeps per town and scale class
/// over each enterprise's latest report (V0085), and only the enterprises whose latest report is after the day are
/// counted again: their latest report taken away, their latest on or before the day added. A department's or an
/// enterprise's scope is not a region, so it is counted live.
/// </summary>
public sealed class OperatingFigureQuery(AppDbContext db)
{
    public async Task<OperatingTable> TableAsync(DateOnly day, string? regionPath, CancellationToken ct = default)
    {
        var scope = db.Scope;
        var byClass = scope.SeesAll || scope.RegionPath is not null
            ? await FromRollupAsync(day, regionPath, ct)
            : await LiveAsync(db.Enterprises.AsNoTracking().InRegion(regionPath), day, ct);
        var rows = ScaleClasses.All.Select(c => new OperatingFigureRow(c.Code, byClass.GetValueOrDefault(c.Code, OperatingFigures.None))).ToList();
        return new OperatingTable(day, rows, OperatingFigures.Sum(byClass.Values));
    }

    private async Task<Dictionary<string, OperatingFigures>> FromRollupAsync(DateOnly day, string? regionPath, CancellationToken ct)
    {
        var rollup = db.OperatingRegionFigures.AsNoTracking();
        if (regionPath is not null) rollup = rollup.Where(f => f.RegionPath.StartsWith(regionPath));
        var sums = await rollup.GroupBy(f => f.ScaleClass).Select(g => new
        {
            ScaleClass = g.Key,
            Figures = new OperatingFigures(g.Sum(f => f.Enterprises), g.Sum(f => f.Reported), g.Sum(f => f.Operating),
                g.Sum(f => f.StaffOnDuty), g.Sum(f => f.UsualStaff)),
        }).ToDictionaryAsync(x => x.ScaleClass, x => x.Figures, ct);

        // The enterprises whose latest report is after the day (none when the day is today): kept as of that report.
        var later = db.Enterprises.AsNoTracking().InRegion(regionPath)
            .Where(e => db.OperatingLatestReports.Any(l => l.EnterpriseId == e.Id && l.ReportedOn > day));
        if (!await later.AnyAsync(ct)) return sums;
        var kept = await later
            .Join(db.OperatingLatestReports, e => e.Id, l => l.EnterpriseId, (e, l) => new { e.ScaleClass, l })
            .GroupBy(x => x.ScaleClass).Select(g => new
            {
                ScaleClass = g.Key,
                Figures = new OperatingFigures(g.Count(), g.Count(), g.Count(x => x.l.Operating),
                    g.Sum(x => (long)x.l.StaffOnDuty), g.Sum(x => (long)x.l.UsualStaff)),
            }).ToDictionaryAsync(x => x.ScaleClass, x => x.Figures, ct);
        var asOfDay = await LiveAsync(later, day, ct);
        return sums.Keys.Union(asOfDay.Keys).ToDictionary(c => c, c =>
        {
            var (all, take, add) = (sums.GetValueOrDefault(c, OperatingFigures.None), kept.GetValueOrDefault(c, OperatingFigures.None),
                asOfDay.GetValueOrDefault(c, OperatingFigures.None));
            return new OperatingFigures(all.Enterprises, all.Reported - take.Reported + add.Reported, all.Operating - take.Operating + add.Operating,
                all.StaffOnDuty - take.StaffOnDuty + add.StaffOnDuty, all.UsualStaff - take.UsualStaff + add.UsualStaff);
        });
    }

    /// <summary>
    /// The figures of <paramref name="enterprises"/> counted from their reports: each enterprise's latest on or before the day
    /// by correlated "… ORDER BY reported_on DESC LIMIT 1" subqueries, probes of the (enterprise_id, reported_on DESC) index.
    /// </summary>
    private async Task<Dictionary<string, OperatingFigures>> LiveAsync(IQueryable<Enterprise> enterprises, DateOnly day, CancellationToken ct)
    {
        var latest = enterprises.Select(e => new
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
        return groups.ToDictionary(g => g.ScaleClass, g => new OperatingFigures(g.Enterprises, g.Reported, g.Operating, g.OnDuty, g.Usual));
    }
}
