using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>A run of consecutive schedule entries with one name and kind, e.g. 国庆节 放假 10月1日至10月7日.</summary>
public sealed record CalendarSpan(string Name, CalendarDayKind Kind, DateOnly First, DateOnly Last)
{
    public int Days => Last.DayNumber - First.DayNumber + 1;
}

public static class CalendarDisplay
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"10月1日" or "Oct 1", in the UI language.</summary>
    public static string MonthDay(DateOnly date, IStringLocalizer l) =>
        date.ToString(l["Calendar.MonthDayFormat"].Value, CultureInfo.CurrentUICulture);

    public static string Weekday(DateOnly date) => CultureInfo.CurrentUICulture.DateTimeFormat.GetAbbreviatedDayName(date.DayOfWeek);

    public static string Kind(CalendarDayKind kind, IStringLocalizer l) => l[$"Calendar.Kind.{kind}"];

    public static IReadOnlyList<CalendarSpan> Spans(IEnumerable<CalendarDay> days)
    {
        var spans = new List<CalendarSpan>();
        foreach (var day in days.OrderBy(d => d.Date))
        {
            if (spans.Count > 0 && spans[^1] is var last && last.Name == day.Name && last.Kind == day.Kind && last.Last.AddDays(1) == day.Date)
                spans[^1] = last with { Last = day.Date };
            else
                spans.Add(new CalendarSpan(day.Name, day.Kind, day.Date, day.Date));
        }
        return spans;
    }
}
