using System.Globalization;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>A parsed holiday file: its entries and the years it covers.</summary>
public sealed record HolidaySchedule(IReadOnlyList<CalendarDay> Days, IReadOnlyList<int> CoveredYears)
{
    public WorkingDayCalendar ToCalendar() => new(Days, CoveredYears);
}

/// <summary>
/// Reads the holiday file format of shared/data (header <c>date,kind,name</c>; kind is <c>holiday</c> or
/// <c>workday</c>). A file covers every year its dates fall in. Errors name the line so that an administrator
/// can fix the file they uploaded.
/// </summary>
public static class HolidayCsv
{
    public const string Header = "date,kind,name";
    public const int NameMaxLength = 50;

    public static HolidaySchedule Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var days = new List<CalendarDay>();
        var firstLineOf = new Dictionary<DateOnly, int>();
        var lineNumber = 0;
        var sawHeader = false;

        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = (lineNumber == 1 ? raw.TrimStart('\uFEFF') : raw).Trim();
            if (line.Length == 0) continue;
            if (!sawHeader && days.Count == 0 && line.StartsWith("date", StringComparison.OrdinalIgnoreCase))
            {
                sawHeader = true;
                continue;
            }

            // Names never contain commas in the official schedule, so no quoting is supported; a
            // fourth field is reported rather than silently glued onto the name.
            var fields = line.Split(',');
            if (fields.Length != 3)
                throw Error(lineNumber, $"应有3列（{Header}），实际为{fields.Length}列");

            var dateText = fields[0].Trim();
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw Error(lineNumber, $"日期“{dateText}”无效，应写成 yyyy-MM-dd，例如 2026-10-01");

            var kindText = fields[1].Trim();
            CalendarDayKind kind = kindText.ToLowerInvariant() switch
            {
                "holiday" => CalendarDayKind.Holiday,
                "workday" => CalendarDayKind.Workday,
                _ => throw Error(lineNumber, $"未知的类型“{kindText}”，应为 holiday（放假）或 workday（调休上班）"),
            };

            var name = fields[2].Trim();
            if (name.Length == 0) throw Error(lineNumber, "缺少名称，例如“国庆节”");
            if (name.Length > NameMaxLength) throw Error(lineNumber, $"名称不能超过{NameMaxLength}个字");

            if (!firstLineOf.TryAdd(date, lineNumber))
                throw Error(lineNumber, $"日期{dateText}与第{firstLineOf[date]}行重复");
            if (kind == CalendarDayKind.Workday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                throw Error(lineNumber, $"{dateText}不是周末，不能标为调休上班（workday）");

            days.Add(new CalendarDay(date, kind, name));
        }

        if (days.Count == 0) throw new DomainException("节假日文件没有任何日期行");
        var years = days.Select(d => d.Date.Year).Distinct().Order().ToList();
        return new HolidaySchedule(days, years);
    }

    private static DomainException Error(int lineNumber, string message) => new($"第{lineNumber}行：{message}");
}
