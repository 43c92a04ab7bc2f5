using System.Globalization;
using EnterpriseAid.Domain.Calendar;

namespace EnterpriseAid.UnitTests.Calendar;

public sealed class ShippedCalendarsTests
{
    private static string SourceCsv(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "src", "EnterpriseAid.Domain", "Calendar", fileName);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{fileName} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void The_2026_schedule_is_embedded() =>
        ShippedCalendars.ResourceNames.ShouldContain("Calendar/holidays-cn-2026.csv");

    [Fact]
    public void Shipped_calendar_covers_2026() =>
        ShippedCalendars.Load().Covers(2026).ShouldBeTrue();

    [Fact]
    public void Shipped_calendar_has_exactly_the_rows_of_the_2026_csv()
    {
        var rows = File.ReadAllLines(SourceCsv("holidays-cn-2026.csv"))
            .Skip(1)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(','))
            .ToList();

        var days = ShippedCalendars.Load().Days.Where(d => d.Date.Year == 2026).ToList();

        rows.Count.ShouldBe(39);
        days.Count.ShouldBe(rows.Count);
        foreach (var row in rows)
        {
            var day = days.Single(d => d.Date == DateOnly.ParseExact(row[0], "yyyy-MM-dd", CultureInfo.InvariantCulture));
            day.Kind.ShouldBe(row[1] == "holiday" ? CalendarDayKind.Holiday : CalendarDayKind.Workday);
            day.Name.ShouldBe(row[2]);
        }
    }
}
