using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>One town's line in the briefing's ranking (比学赶超).</summary>
public sealed record BriefingTownRow(string Town, int Problems, int Resolved)
{
    public decimal? ResolutionRate => ProblemFigures.Ratio(Resolved, Problems);
}

/// <summary>A red-flagged problem as the briefing lists it.</summary>
public sealed record BriefingRedFlag(string Number, string Enterprise, string Title, string? Department, DateOnly? Deadline, int DaysLate);

/// <summary>
/// Where a briefing's numbers come from: the whole mapping from the database to <see cref="BriefingFigures"/>,
/// kept in this one class so that it can be pointed at a shared dashboard figure service later. Every query
/// runs through the context's query filters (the user's scope) and is narrowed to one org subtree; problems
/// count through <see cref="ProblemFigureQuery"/>, the one definition of the problem figures.
/// </summary>
/// <remarks>
/// Periods are Beijing days: a problem belongs to the period when it was registered between 00:00 Beijing
/// time on the first day and 00:00 after the last; visits count through <see cref="VisitFigureQuery"/>, the
/// dashboard's definition (a symposium counts one 家次 for each of its enterprises within the subtree and one
/// 场; an inspection joining another one that day is not counted again).
/// </remarks>
public sealed class BriefingFigureSource(AppDbContext db)
{
    public static DateTimeOffset BeijingMidnight(DateOnly date) =>
        ChinaTime.StartOfDay(date);

    public async Task<BriefingFigures> FiguresAsync(string regionPath, string scopeName, BriefingPeriod period, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        // The one definition of the visit figures (VisitFigureQuery, shared with the dashboard).
        var visits = await db.VisitFiguresAsync(period.From, period.To, regionPath, ct);

        var registered = Registered(regionPath, period);
        var problems = await registered.FiguresAsync(today, ct);
        // The dashboard's definitions (SupervisionFigureQuery): flags of the period's still-open problems, notices issued in the period.
        var flags = await registered.FlagCountsAsync(db, ct);
        var notices = await db.SupervisionNotices.AsNoTracking().NoticesIssued(period.From, period.To, regionPath).NoticeCountsAsync(ct);

        var assistance = AssistanceFigureQuery.Headline(await db.DeliveredIn(period.From, period.To, regionPath).TotalsAsync(ct));

        return new BriefingFigures(period, scopeName, visits.EnterpriseVisits, visits.Symposia, visits.EnterprisesCovered, problems, problems.Overdue,
            flags.Red, flags.Yellow, flags.Blue, notices.Issued, notices.Replied, assistance);
    }

    /// <summary>
    /// Problems registered in the period, per town or street office of the subtree (towns without any included),
    /// best 解决率 first, counted in one grouped statement by the one definition of the figures.
    /// </summary>
    public async Task<IReadOnlyList<BriefingTownRow>> TownRankingAsync(string regionPath, BriefingPeriod period, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        // Org units carry no query filter: the towns are those of the subtree the user's scope reaches.
        var units = db.OrgUnits.AsNoTracking().Where(o => o.Path.StartsWith(regionPath));
        var scope = db.Scope;
        if (!scope.SeesAll) units = scope.RegionPath is { } own ? units.Where(o => o.Path.StartsWith(own)) : units.Where(_ => false);
        var towns = await units
            .Where(o => o.Kind == OrgUnitKind.Town || o.Kind == OrgUnitKind.Street)
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        var byTown = await Registered(regionPath, period).FiguresByAsync(RegionFilters.ProblemTown, today, ct);
        return towns
            .Select(t => byTown.TryGetValue(t.Id, out var f) ? new BriefingTownRow(t.Name, f.Total, f.Resolved) : new BriefingTownRow(t.Name, 0, 0))
            .OrderByDescending(r => r.ResolutionRate ?? -1m).ThenByDescending(r => r.Problems).ToList();
    }

    /// <summary>The problems registered in the period that are still open and carry a red flag, latest deadline last: the ones the red count counts.</summary>
    public async Task<IReadOnlyList<BriefingRedFlag>> RedFlagsAsync(string regionPath, BriefingPeriod period, DateOnly today, CancellationToken ct = default)
    {
        var rows = await Registered(regionPath, period).Where(ProblemFigureRules.Open)
            .Where(p => db.ProblemFlags.Any(f => f.ProblemId == p.Id && f.Flag == DeadlineFlag.Red))
            .Join(db.Enterprises, p => p.EnterpriseId, e => e.Id, (p, e) => new { p.Number, Enterprise = e.Name, p.Title, p.LeadDepartmentName, p.Deadline })
            .OrderBy(x => x.Deadline).ThenBy(x => x.Number)
            .Take(200)
            .ToListAsync(ct);
        return rows.Select(r => new BriefingRedFlag(r.Number, r.Enterprise, r.Title, r.LeadDepartmentName, r.Deadline,
            r.Deadline is { } d && d < today ? today.DayNumber - d.DayNumber : 0)).ToList();
    }

    private IQueryable<Problem> Problems(string regionPath) => db.Problems.AsNoTracking().InRegion(regionPath);

    private IQueryable<Problem> Registered(string regionPath, BriefingPeriod period)
    {
        var start = BeijingMidnight(period.From);
        var end = BeijingMidnight(period.To.AddDays(1));
        return Problems(regionPath).Where(p => p.CreatedAt >= start && p.CreatedAt < end);
    }
}
