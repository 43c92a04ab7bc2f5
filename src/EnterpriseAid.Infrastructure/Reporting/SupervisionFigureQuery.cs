using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>Raised 预警 flags as the escalation job stored them, on the open problems counted.</summary>
public sealed record FlagCounts(int Blue, int Yellow, int Red)
{
    public static readonly FlagCounts None = new(0, 0, 0);
}

/// <summary>督办单 issued in the period, and how many of them have been replied to.</summary>
public sealed record NoticeCounts(int Issued, int Replied)
{
    public static readonly NoticeCounts None = new(0, 0);
}

/// <summary>
/// The 预警 and 督办单 figures, one definition shared by the dashboard, the briefing and the notice list (ADR-013): flags
/// are those the escalation job stored on the still-open problems of a problem query (the problems registered in the
/// period); notices are those issued on the Beijing days of the period on problems of the region.
/// </summary>
public static class SupervisionFigureQuery
{
    /// <summary>Flags of the open problems among <paramref name="problems"/> (already scoped and filtered), in one GROUP BY.</summary>
    public static async Task<FlagCounts> FlagCountsAsync(this IQueryable<Problem> problems, AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        // Driven from the open problems (a partial index), each looking up its flag.
        var flags = await problems.Where(ProblemFigureRules.Open)
            .Join(db.ProblemFlags.AsNoTracking(), p => p.Id, f => f.ProblemId, (p, f) => f)
            .GroupBy(f => f.Flag).Select(g => new { Flag = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(DeadlineFlag flag) => flags.Where(f => f.Flag == flag).Sum(f => f.Count);
        return new FlagCounts(Count(DeadlineFlag.Blue), Count(DeadlineFlag.Yellow), Count(DeadlineFlag.Red));
    }

    /// <summary>
    /// The same flags for the problems registered on the Beijing days <paramref name="from"/> to <paramref name="to"/> in the
    /// user's scope and <paramref name="regionPath"/>, read from the 督办 list's rows (V0072) rather than from the problems.
    /// </summary>
    public static async Task<FlagCounts> FlagCountsAsync(this AppDbContext db, string? regionPath, DateOnly from, DateOnly to,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var start = ChinaTime.StartOfDay(from);
        var end = ChinaTime.StartOfDay(to.AddDays(1));
        var rows = db.FlaggedProblems.AsNoTracking().Where(f => f.IsOpen && f.CreatedAt >= start && f.CreatedAt < end);
        if (regionPath is not null) rows = rows.Where(f => f.RegionPath.StartsWith(regionPath));
        var flags = await rows.GroupBy(f => f.Flag).Select(g => new { Flag = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(DeadlineFlag flag) => flags.Where(f => f.Flag == flag).Sum(f => f.Count);
        return new FlagCounts(Count(DeadlineFlag.Blue), Count(DeadlineFlag.Yellow), Count(DeadlineFlag.Red));
    }

    /// <summary>
    /// Notices issued on the Beijing days <paramref name="from"/> to <paramref name="to"/> (both included, either open) on
    /// problems of enterprises in the <paramref name="regionPath"/> subtree (the user's whole scope when null).
    /// </summary>
    public static IQueryable<SupervisionNotice> NoticesIssued(this IQueryable<SupervisionNotice> notices, DateOnly? from, DateOnly? to, string? regionPath)
    {
        if (from is { } f)
        {
            var start = ChinaTime.StartOfDay(f);
            notices = notices.Where(n => n.IssuedAt >= start);
        }
        if (to is { } t)
        {
            var end = ChinaTime.StartOfDay(t.AddDays(1));
            notices = notices.Where(n => n.IssuedAt < end);
        }
        return notices.InRegion(regionPath);
    }

    public static async Task<NoticeCounts> NoticeCountsAsync(this IQueryable<SupervisionNotice> notices, CancellationToken ct = default)
    {
        var counts = await notices.GroupBy(_ => 1).Select(g => new { Issued = g.Count(), Replied = g.Count(n => n.RepliedAt != null) })
            .FirstOrDefaultAsync(ct);
        return counts is null ? NoticeCounts.None : new NoticeCounts(counts.Issued, counts.Replied);
    }
}
