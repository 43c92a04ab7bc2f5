using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Calendar;

public sealed record CalendarYearSummary(int Year, int Holidays, int Workdays);

/// <summary>
/// The years covered and what the overview warns about: the next year missing in the fourth quarter (the State
/// Council usually publishes it in November or December), or the current year missing altogether.
/// </summary>
public sealed record CalendarOverview(IReadOnlyList<CalendarYearSummary> Years, DateOnly Today)
{
    public bool Covers(int year) => Years.Any(y => y.Year == year);
    public bool CurrentYearMissing => !Covers(Today.Year);
    public bool NextYearMissingSoon => Today.Month >= 10 && !Covers(Today.Year + 1);
}

public sealed record CalendarYearDetail(int Year, IReadOnlyList<CalendarDay> Days, IReadOnlyList<int> CoveredYears)
{
    public bool IsCovered => Days.Count > 0;
    public int Holidays => Days.Count(d => d.Kind == CalendarDayKind.Holiday);
    public int Workdays => Days.Count(d => d.Kind == CalendarDayKind.Workday);
}

/// <summary>Read side of the working-day calendar administration; reads the database, not the cache.</summary>
public sealed class CalendarQueries(AppDbContext db, TimeProvider clock)
{
    public DateOnly Today => ProblemActors.ChinaToday(clock);

    public async Task<CalendarOverview> OverviewAsync(CancellationToken ct = default)
    {
        var years = await db.CalendarDays.AsNoTracking()
            .GroupBy(d => d.Date.Year)
            .Select(g => new CalendarYearSummary(g.Key,
                g.Count(d => d.Kind == CalendarDayKind.Holiday),
                g.Count(d => d.Kind == CalendarDayKind.Workday)))
            .ToListAsync(ct);
        return new CalendarOverview(years.OrderByDescending(y => y.Year).ToList(), Today);
    }

    public async Task<CalendarYearDetail> YearAsync(int year, CancellationToken ct = default)
    {
        var days = await DaysOfAsync(year, ct);
        var covered = await db.CalendarDays.AsNoTracking().Select(d => d.Date.Year).Distinct().OrderBy(y => y).ToListAsync(ct);
        return new CalendarYearDetail(year, days, covered);
    }

    public Task<List<CalendarDay>> DaysOfAsync(int year, CancellationToken ct = default)
    {
        var (first, last) = Bounds(year);
        return db.CalendarDays.AsNoTracking().Where(d => d.Date >= first && d.Date <= last).OrderBy(d => d.Date).ToListAsync(ct);
    }

    /// <summary>
    /// Problems whose resolution deadline was worked out across <paramref name="year"/>: dispatched before the
    /// year ended, due on or after it began. Replacing that year's schedule leaves their deadlines as they are.
    /// </summary>
    public Task<int> ProblemsWithDeadlinesInAsync(int year, CancellationToken ct = default)
    {
        var (first, _) = Bounds(year);
        // The end of the year in Beijing, as an instant: dispatch times are stored in UTC.
        var endOfYear = ChinaTime.StartOfDay(new DateOnly(year + 1, 1, 1));
        // An administrator's count over every district, not the caller's scope.
        return db.Problems.IgnoreQueryFilters().AsNoTracking()
            .CountAsync(p => p.Deadline != null && p.Deadline >= first && p.DispatchedAt != null && p.DispatchedAt < endOfYear, ct);
    }

    /// <summary>
    /// A fingerprint of one year's stored schedule. The import's confirmation carries it, and the import compares
    /// it under a lock, so a schedule changed by someone else since the preview is not silently replaced.
    /// </summary>
    public static string FingerprintOf(IEnumerable<CalendarDay> days)
    {
        var text = string.Join('\n', days.OrderBy(d => d.Date)
            .Select(d => $"{d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{d.Kind}|{d.Name}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 12).ToLowerInvariant();
    }

    public static (DateOnly First, DateOnly Last) Bounds(int year) => (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
}
