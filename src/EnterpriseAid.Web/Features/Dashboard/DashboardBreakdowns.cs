using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>What a breakdown (比学赶超) groups by.</summary>
public enum BreakdownKind
{
    /// <summary>The child units of the chosen region (a district's towns); a town without children is its own row.</summary>
    Region,
    /// <summary>The problem's lead department (牵头单位); problems not dispatched are one row.</summary>
    Department,
    /// <summary>The problem's category.</summary>
    Category,
    /// <summary>The official who registered the problem.</summary>
    Official,
}

/// <summary>
/// One row of a breakdown: the same figures as the dashboard's cards for one unit, department, category or
/// official. <see cref="Visits"/> is null where visits have no such key (departments, categories).
/// </summary>
public sealed record BreakdownRow(string Key, string Name, VisitFigures? Visits, ProblemFigures Problems);

/// <summary>The columns a breakdown table can be sorted by (query string <c>sort</c>).</summary>
public static class BreakdownColumns
{
    public static readonly IReadOnlyList<string> All =
        ["name", "visits", "symposia", "covered", "total", "onspot", "dispatched", "resolved", "rate", "overdue", "ontime", "satisfaction"];

    /// <summary>Rows sorted on the server: a rate without a base ("—") always last, ties by name.</summary>
    public static IReadOnlyList<BreakdownRow> Sort(IEnumerable<BreakdownRow> rows, string? column, bool descending)
    {
        Func<BreakdownRow, decimal?> key = column switch
        {
            "visits" => r => r.Visits?.EnterpriseVisits,
            "symposia" => r => r.Visits?.Symposia,
            "covered" => r => r.Visits?.EnterprisesCovered,
            "onspot" => r => r.Problems.SolvedOnSpot,
            "dispatched" => r => r.Problems.Dispatched,
            "resolved" => r => r.Problems.Resolved,
            "rate" => r => r.Problems.ResolutionRate,
            "overdue" => r => r.Problems.Overdue,
            "ontime" => r => r.Problems.OnTimeRate,
            "satisfaction" => r => r.Problems.SatisfactionRate,
            "total" => r => r.Problems.Total,
            _ => _ => null,
        };
        if (column is null or "name" || !All.Contains(column))
        {
            var byName = rows.OrderBy(r => r.Name, StringComparer.Ordinal);
            return (descending ? byName.Reverse() : byName).ToList();
        }
        var withValue = rows.Where(r => key(r) is not null);
        var ordered = descending ? withValue.OrderByDescending(key) : withValue.OrderBy(key);
        return ordered.ThenBy(r => r.Name, StringComparer.Ordinal).Concat(rows.Where(r => key(r) is null).OrderBy(r => r.Name, StringComparer.Ordinal)).ToList();
    }
}

/// <summary>Problems collected (by registration) and resolved (by resolution) in one ISO week (Monday, Beijing date).</summary>
public sealed record WeekPoint(DateOnly Monday, int Collected, int Resolved);

/// <summary>A unit of the org tree as the region breakdown needs it.</summary>
public sealed record RegionUnit(long Id, string Name, string Path);

/// <summary>Breakdowns and the weekly trend, grouped in SQL with the dashboard's definitions.</summary>
public sealed class DashboardBreakdowns(AppDbContext db, DashboardQueries dashboard)
{
    public async Task<IReadOnlyList<BreakdownRow>> BreakdownAsync(BreakdownKind kind, string? regionPath, DashboardPeriod period, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var problems = dashboard.Problems(regionPath, period);
        var today = dashboard.Today;
        switch (kind)
        {
            case BreakdownKind.Department:
            {
                var rows = await problems.GroupBy(p => p.LeadDepartmentId).FiguresByAsync(today, ct);
                var ids = rows.Where(r => r.Key != null).Select(r => r.Key!.Value).ToList();
                var names = await db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
                return rows.Select(r => new BreakdownRow(r.Key?.ToString() ?? "", r.Key is { } id ? names.GetValueOrDefault(id, "") : "", null, r.Figures)).ToList();
            }
            case BreakdownKind.Category:
            {
                var rows = await problems.GroupBy(p => p.Category).FiguresByAsync(today, ct);
                return rows.Select(r => new BreakdownRow(r.Key, ProblemDisplay.Category(r.Key), null, r.Figures)).ToList();
            }
            case BreakdownKind.Official:
            {
                // Problems by the official who registered them; 家次, 座谈会 and enterprises covered by each official who took
                // part in the visits (a visit of two officials counts for both), from the same rows as every visit figure.
                var rows = (await problems.GroupBy(p => p.RegisteredByUserId).FiguresByAsync(today, ct)).ToDictionary(r => r.Key, r => r.Figures);
                var visits = await db.CountedVisits(period.From, period.To, regionPath)
                    .SelectMany(v => v.OfficialIds, (v, official) => new { Official = official, v.VisitId, v.EnterpriseId, v.Kind })
                    .GroupBy(x => x.Official)
                    .Select(g => new
                    {
                        Id = g.Key,
                        Visits = g.Count(),
                        Symposia = g.Where(x => x.Kind == VisitKind.Symposium).Select(x => x.VisitId).Distinct().Count(),
                        Covered = g.Select(x => x.EnterpriseId).Distinct().Count(),
                    })
                    .ToDictionaryAsync(x => x.Id, x => new VisitFigures(x.Visits, x.Symposia, x.Covered), ct);
                var ids = rows.Keys.Union(visits.Keys).ToList();
                var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
                return ids.Select(id => new BreakdownRow(id.ToString(System.Globalization.CultureInfo.InvariantCulture), names.GetValueOrDefault(id, ""),
                    visits.GetValueOrDefault(id, VisitFigures.None), rows.GetValueOrDefault(id, ProblemFigures.None))).ToList();
            }
            default:
                return await ByRegionAsync(regionPath, period, ct);
        }
    }

    /// <summary>
    /// The rows of the region breakdown: the children of the chosen region (or of the scope's region, or of the
    /// tree's single top unit, descending while there is only one), or the region itself when it has none.
    /// </summary>
    public async Task<IReadOnlyList<RegionUnit>> RegionRowsAsync(string? regionPath, CancellationToken ct = default)
    {
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Kind != OrgUnitKind.Department)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name, o.Path, o.ParentId }).ToListAsync(ct);
        var basePath = regionPath ?? db.Scope.RegionPath;
        var baseUnit = basePath is null ? null : units.FirstOrDefault(u => u.Path == basePath);
        var children = baseUnit is null ? units.Where(u => u.ParentId is null).ToList() : units.Where(u => u.ParentId == baseUnit.Id).ToList();
        while (baseUnit is null && children.Count == 1)
        {
            var only = children[0];
            var below = units.Where(u => u.ParentId == only.Id).ToList();
            if (below.Count == 0) break;
            children = below;
        }
        if (children.Count == 0 && baseUnit is not null) children = [baseUnit];
        return children.Select(u => new RegionUnit(u.Id, u.Name, u.Path)).ToList();
    }

    private async Task<IReadOnlyList<BreakdownRow>> ByRegionAsync(string? regionPath, DashboardPeriod period, CancellationToken ct)
    {
        var rowsUnits = await RegionRowsAsync(regionPath, ct);
        var towns = await db.OrgUnits.AsNoTracking().Where(o => o.Kind != OrgUnitKind.Department).Select(o => new { o.Id, o.Path }).ToListAsync(ct);
        // Each town rolls up into the row whose path is a prefix of its own.
        var rowOf = towns.Select(t => (t.Id, Row: rowsUnits.FirstOrDefault(r => t.Path.StartsWith(r.Path, StringComparison.Ordinal))))
            .Where(x => x.Row is not null).ToDictionary(x => x.Id, x => x.Row!);

        var problemGroups = await dashboard.Problems(regionPath, period)
            .GroupBy(RegionFilters.ProblemTown).FiguresByAsync(dashboard.Today, ct);
        var pairs = db.CountedVisits(period.From, period.To, regionPath);
        var visitGroups = await pairs.GroupBy(p => p.TownId)
            .Select(g => new { Town = g.Key, Visits = g.Count(), Covered = g.Select(x => x.EnterpriseId).Distinct().Count() }).ToListAsync(ct);
        // A symposium counts once in a row even when its enterprises lie in several of the row's towns.
        var symposia = await pairs.Where(p => p.Kind == VisitKind.Symposium).Select(p => new { p.VisitId, p.TownId }).Distinct().ToListAsync(ct);

        return rowsUnits.Select(row =>
        {
            bool InRow(long town) => rowOf.TryGetValue(town, out var r) && r.Id == row.Id;
            var figures = problemGroups.Where(g => InRow(g.Key)).Select(g => g.Figures).Aggregate(ProblemFigures.None, Add);
            var visits = new VisitFigures(
                visitGroups.Where(g => InRow(g.Town)).Sum(g => g.Visits),
                symposia.Where(s => InRow(s.TownId)).Select(s => s.VisitId).Distinct().Count(),
                visitGroups.Where(g => InRow(g.Town)).Sum(g => g.Covered));
            return new BreakdownRow(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Name, visits, figures);
        }).ToList();
    }

    private static ProblemFigures Add(ProblemFigures a, ProblemFigures b) => new(a.Total + b.Total, a.SolvedOnSpot + b.SolvedOnSpot,
        a.Dispatched + b.Dispatched, a.Resolved + b.Resolved, a.Overdue + b.Overdue, a.ResolvedWithDeadline + b.ResolvedWithDeadline,
        a.ResolvedByDeadline + b.ResolvedByDeadline, a.Rated + b.Rated, a.Satisfied + b.Satisfied);

    /// <summary>
    /// Per ISO week (Monday to Sunday, Beijing) of the period: problems registered that week, and problems resolved
    /// (now 已办结 or 已销号) whose resolution fell in that week, whatever their registration date. Weeks without any are zero.
    /// </summary>
    public async Task<IReadOnlyList<WeekPoint>> WeeklyTrendAsync(string? regionPath, DashboardPeriod period, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var start = ProblemCriteria.BeijingMidnight(period.From);
        var end = ProblemCriteria.BeijingMidnight(period.To.AddDays(1));
        // Counted per Beijing day in SQL (at most a few hundred rows come back), then summed into weeks.
        var hours = ChinaTime.Offset.TotalHours;
        var collectedDays = await dashboard.Problems(regionPath, period)
            .GroupBy(p => p.CreatedAt.AddHours(hours).Date).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(ct);
        var resolvedDays = await dashboard.Problems(regionPath, DashboardPeriod.AllTime)
            .Where(ProblemFigureRules.Resolved).Where(p => p.ResolvedAt >= start && p.ResolvedAt < end)
            .GroupBy(p => p.ResolvedAt!.Value.AddHours(hours).Date).Select(g => new { Day = g.Key, Count = g.Count() }).ToListAsync(ct);
        static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        var collected = collectedDays.GroupBy(d => MondayOf(DateOnly.FromDateTime(d.Day)))
            .Select(g => new { Monday = g.Key, Count = g.Sum(d => d.Count) }).ToList();
        var resolved = resolvedDays.GroupBy(d => MondayOf(DateOnly.FromDateTime(d.Day)))
            .Select(g => new { Monday = g.Key, Count = g.Sum(d => d.Count) }).ToList();
        var monday = period.From.AddDays(-(((int)period.From.DayOfWeek + 6) % 7));
        var points = new List<WeekPoint>();
        for (var week = monday; week <= period.To; week = week.AddDays(7))
        {
            points.Add(new WeekPoint(week, collected.FirstOrDefault(c => c.Monday == week)?.Count ?? 0, resolved.FirstOrDefault(c => c.Monday == week)?.Count ?? 0));
        }
        return points;
    }
}
