using System.Collections.Frozen;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>
/// 工作日历: which dates are worked, from the weekend rule corrected by the official schedule
/// (放假 and 调休上班) of each covered year. Immutable; build a new one when a year is imported.
/// </summary>
/// <remarks>
/// A method throws <see cref="CalendarNotCoveredException"/> only when its answer depends on a day
/// of a year that is not covered; the date counting starts from is never itself classified.
/// </remarks>
public sealed class WorkingDayCalendar
{
    public const int MaxDays = 3650;

    private readonly FrozenDictionary<DateOnly, CalendarDay> _days;
    private readonly FrozenSet<int> _years;

    public WorkingDayCalendar(IEnumerable<CalendarDay> days, IEnumerable<int> coveredYears)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(coveredYears);

        var years = new SortedSet<int>();
        foreach (var year in coveredYears)
        {
            if (year < DateOnly.MinValue.Year || year > DateOnly.MaxValue.Year) throw new DomainException($"工作日历的年份{year}无效");
            years.Add(year);
        }

        var byDate = new Dictionary<DateOnly, CalendarDay>();
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day);
            var date = Format(day.Date);
            if (!Enum.IsDefined(day.Kind)) throw new DomainException($"{date}的类型无效");
            if (!years.Contains(day.Date.Year))
                throw new DomainException($"{date}不在工作日历覆盖的年份内，请把{day.Date.Year}年列入覆盖年份");
            // Official notices list a holiday's whole span, weekend days included, so only a
            // make-up workday can contradict the weekend rule.
            if (day.Kind == CalendarDayKind.Workday && !IsWeekend(day.Date))
                throw new DomainException($"{date}是{WeekdayName(day.Date)}，本来就是工作日，不能标为调休上班");
            if (!byDate.TryAdd(day.Date, day with { Name = day.Name?.Trim() ?? string.Empty }))
                throw new DomainException($"{date}重复出现，同一天只能有一条安排");
        }

        _days = byDate.ToFrozenDictionary();
        _years = years.ToFrozenSet();
        Days = byDate.Values.OrderBy(d => d.Date).ToList();
        CoveredYears = years.ToList();
    }

    /// <summary>The schedule entries, in date order.</summary>
    public IReadOnlyList<CalendarDay> Days { get; }

    /// <summary>The years whose schedule is known, ascending.</summary>
    public IReadOnlyList<int> CoveredYears { get; }

    public bool Covers(int year) => _years.Contains(year);

    /// <summary>The schedule entry for a date, or null when the weekend rule alone decides it.</summary>
    public CalendarDay? Find(DateOnly date)
    {
        EnsureCovered(date);
        return _days.GetValueOrDefault(date);
    }

    public bool IsWorkingDay(DateOnly date)
    {
        EnsureCovered(date);
        return _days.TryGetValue(date, out var day)
            ? day.Kind == CalendarDayKind.Workday
            : !IsWeekend(date);
    }

    /// <summary>
    /// The date <paramref name="days"/> working days after <paramref name="start"/>: counting begins on the
    /// day after, so a deadline of one working day set on Friday falls on Monday. Zero days returns the start.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        if (days is < 0 or > MaxDays) throw new DomainException($"工作日数应在0到{MaxDays}之间");
        var date = start;
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date)) days--;
        }
        return date;
    }

    /// <summary>The first working day after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly date) => AddWorkingDays(date, 1);

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/>; negative, with the
    /// same magnitude, when <paramref name="to"/> is earlier. WorkingDaysBetween(due, today) is how late a problem is.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to < from) return -WorkingDaysBetween(to, from);
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date)) count++;
        }
        return count;
    }

    private void EnsureCovered(DateOnly date)
    {
        if (!_years.Contains(date.Year)) throw new CalendarNotCoveredException(date.Year);
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string WeekdayName(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Monday => "星期一",
        DayOfWeek.Tuesday => "星期二",
        DayOfWeek.Wednesday => "星期三",
        DayOfWeek.Thursday => "星期四",
        DayOfWeek.Friday => "星期五",
        DayOfWeek.Saturday => "星期六",
        _ => "星期日",
    };
}
