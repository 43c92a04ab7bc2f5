using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>Every figure of the dashboard for one scope, region and period (definitions: ADR-013).</summary>
public sealed record DashboardFigures(VisitFigures Visits, ProblemFigures Problems, FlagCounts Flags, NoticeCounts Notices,
    AssistanceFigures? Assistance = null)
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
        // The daily visit roll-up (ADR-034) answers the province, a city or a district for periods ending today or later.
        var visits = await db.VisitFiguresAsync(period.From, period.To, regionPath, ct);
        var problemQuery = Problems(regionPath, period);
        // The daily roll-up (ADR-024) answers the province, a city or a district; a town or a department is counted live.
        var figures = await db.RollupFiguresAsync(regionPath, period.From, period.To, Today, ct) ?? await problemQuery.FiguresAsync(Today, ct);

        // Everything and a region read the 督办 list's own rows (V0072); a department's flags go through its problems.
        var flags = db.Scope is { DepartmentId: null, EnterpriseId: null }
            ? await db.FlagCountsAsync(regionPath, period.From, period.To, ct)
            : await problemQuery.FlagCountsAsync(db, ct);
        var notices = await Notices(regionPath, period).NoticeCountsAsync(ct);
        var assistance = AssistanceFigureQuery.Headline(await db.DeliveredIn(period.From, period.To, regionPath).TotalsAsync(ct));
        return new DashboardFigures(visits, figures, flags, notices, assistance);
    }

    /// <summary>督办单 issued on the Beijing days of the period, on problems of the scope and region (the notice list's own filter).</summary>
    public IQueryable<Domain.Supervision.SupervisionNotice> Notices(string? regionPath, DashboardPeriod period) =>
        db.SupervisionNotices.AsNoTracking().NoticesIssued(period.From, period.To, regionPath);
}
