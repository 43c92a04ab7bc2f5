using System.Text;
using System.Text.RegularExpressions;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>The holiday schedules embedded in this assembly (Calendar/holidays-cn-YYYY.csv), the product's default calendar.</summary>
public static partial class ShippedCalendars
{
    /// <summary>Logical names of the embedded schedules, in year order.</summary>
    public static IReadOnlyList<string> ResourceNames { get; } = typeof(ShippedCalendars).Assembly
        .GetManifestResourceNames()
        .Where(n => ResourceName().IsMatch(n))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Builds a calendar covering every year for which a schedule is embedded.</summary>
    public static WorkingDayCalendar Load()
    {
        var days = new List<CalendarDay>();
        var years = new List<int>();
        foreach (var name in ResourceNames)
        {
            using var stream = typeof(ShippedCalendars).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"找不到内置节假日文件 {name}");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            HolidaySchedule schedule;
            try
            {
                schedule = HolidayCsv.Parse(reader);
            }
            catch (Common.DomainException ex)
            {
                // A broken shipped file is a build defect, not a user error: say which file.
                throw new InvalidOperationException($"内置节假日文件 {name} 有误：{ex.Message}", ex);
            }
            days.AddRange(schedule.Days);
            years.AddRange(schedule.CoveredYears);
        }
        return new WorkingDayCalendar(days, years);
    }

    [GeneratedRegex(@"^Calendar/holidays-cn-\d{4}\.csv$")]
    private static partial Regex ResourceName();
}
