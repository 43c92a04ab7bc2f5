using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>Raised 预警 flags as the escalation job stored them, on problems of the period that are still open.</summary>
public sealed record FlagCounts(int Blue, int Yellow, int Red)
{
    public static readonly FlagCounts None = new(0, 0, 0);
}

/// <summary>督办单 issued in the period, and how many of them have been replied to.</summary>
public sealed record NoticeCounts(int Issued, int Replied)
{
    public static readonly NoticeCounts None = new(0, 0);
}

/// <summary>Every figure of the dashboard for one scope, region and period (definitions: ADR-013).</summary>
public sealed record DashboardFigures(VisitFigures Visits, ProblemFigures Problems, FlagCounts Flags, NoticeCounts Notices)
{
    public static readonly DashboardFigures None = new(VisitFigures.None, ProblemFigures.None, FlagCounts.None, NoticeCounts.None);
}

/// <summary>
/// The figures of the 领导驾驶舱 (and of the briefing and benchmarks that reuse them): each counted in SQL
/// within the user's scope (the context's query filters, ADR-007), optionally narrowed to a region subtree
/// (<paramref name="regionPath"/> of an org unit), for a period of Beijing days.
/// </summary>
public sealed class DashboardQueries(AppDbContext db, ProblemQueries problems)
{
    public DateOnly Today => problems.Today;

    /// <summary>The problems registered in the period (Beijing days), in scope and region: the base of every problem figure.</summary>
    public IQueryable<Problem> Problems(string? regionPath, DashboardPeriod period) =>
        problems.Filtered(new ProblemCriteria { RegionPath = regionPath, From = period.From, To = period.To });

    public async Task<DashboardFigures> FiguresAsync(string? regionPath, DashboardPeriod period, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        var visits = await db.CountedVisits(period.From, period.To, regionPath).VisitFiguresAsync(ct);
        var problemQuery = Problems(regionPath, period);
        var figures = await problemQuery.FiguresAsync(Today, ct);

        // Stored flags (escalation job), on open problems of the period, in one GROUP BY.
        // Driven from the period's open problems (a partial index), each looking up its flag.
        var flags = await problemQuery.Where(ProblemFigureRules.Open)
            .Join(db.ProblemFlags.AsNoTracking(), p => p.Id, f => f.ProblemId, (p, f) => f)
            .GroupBy(f => f.Flag).Select(g => new { Flag = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Flag(DeadlineFlag f) => flags.FirstOrDefault(x => x.Flag == f)?.Count ?? 0;

        var notices = await Notices(regionPath, period)
            .GroupBy(_ => 1).Select(g => new { Issued = g.Count(), Replied = g.Count(n => n.RepliedAt != null) })
            .FirstOrDefaultAsync(ct);

        return new DashboardFigures(visits, figures, new FlagCounts(Flag(DeadlineFlag.Blue), Flag(DeadlineFlag.Yellow), Flag(DeadlineFlag.Red)),
            notices is null ? NoticeCounts.None : new NoticeCounts(notices.Issued, notices.Replied));
    }

    /// <summary>督办单 issued on the Beijing days of the period, on problems of the scope and region (the notice list's own filter).</summary>
    public IQueryable<Domain.Supervision.SupervisionNotice> Notices(string? regionPath, DashboardPeriod period) =>
        Supervision.SupervisionQueries.IssuedIn(db, db.SupervisionNotices.AsNoTracking(), period.From, period.To, regionPath);
}
