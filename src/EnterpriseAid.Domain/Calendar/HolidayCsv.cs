using System.Globalization;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>A parsed holiday file: its entries and the years it covers.</summary>
public sealed record HolidaySchedule(IReadOnlyList<CalendarDay> Days, IReadOnlyList<int> CoveredYears)
{
    public WorkingDayCalendar ToCalendar() => new(Days, CoveredYears);
}

/// <summary>
/// One thing wrong with a holiday file. <see cref="Line"/> is the 1-based line it is on, or null when it is
/// about the file as a whole; <see cref="Message"/> is Chinese and already names the line.
/// </summary>
public sealed record HolidayCsvError(int? Line, string Message);

/// <summary>Everything read from a holiday file: the good rows, and every error found (not only the first).</summary>
public sealed record HolidayCsvReading(IReadOnlyList<CalendarDay> Days, IReadOnlyList<int> LineNumbers, IReadOnlyList<HolidayCsvError> Errors)
{
    public bool IsValid => Errors.Count == 0;
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
    public const string NoDatesMessage = "节假日文件没有任何日期行";

    /// <summary>Reads the whole file, throwing a <see cref="DomainException"/> with the first error.</summary>
    public static HolidaySchedule Parse(TextReader reader)
    {
        var reading = Read(reader);
        if (!reading.IsValid) throw new DomainException(reading.Errors[0].Message);
        var years = reading.Days.Select(d => d.Date.Year).Distinct().Order().ToList();
        return new HolidaySchedule(reading.Days, years);
    }

    /// <summary>
    /// Reads the whole file and reports every bad line, so an administrator can fix a file in one go. Rows
    /// with an error are left out of <see cref="HolidayCsvReading.Days"/>.
    /// </summary>
    public static HolidayCsvReading Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var days = new List<CalendarDay>();
        var lines = new List<int>();
        var errors = new List<HolidayCsvError>();
        var firstLineOf = new Dictionary<DateOnly, int>();
        var lineNumber = 0;
        var sawHeader = false;
        var sawData = false;

        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = (lineNumber == 1 ? raw.TrimStart('\uFEFF') : raw).Trim();
            if (line.Length == 0) continue;
            if (!sawHeader && !sawData && line.StartsWith("date", StringComparison.OrdinalIgnoreCase))
            {
                sawHeader = true;
                continue;
            }
            sawData = true;
            var day = ReadRow(line, lineNumber, firstLineOf, out var error);
            if (error is not null)
            {
                errors.Add(new HolidayCsvError(lineNumber, $"第{lineNumber}行：{error}"));
                continue;
            }
            days.Add(day!);
            lines.Add(lineNumber);
        }

        if (!sawData) errors.Add(new HolidayCsvError(null, NoDatesMessage));
        return new HolidayCsvReading(days, lines, errors);
    }

    private static CalendarDay? ReadRow(string line, int lineNumber, Dictionary<DateOnly, int> firstLineOf, out string? error)
    {
        // Names never contain commas in the official schedule, so no quoting is supported; a
        // fourth field is reported rather than silently glued onto the name.
        var fields = line.Split(',');
        if (fields.Length != 3)
        {
            error = $"应有3列（{Header}），实际为{fields.Length}列";
            return null;
        }

        var dateText = fields[0].Trim();
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error = $"日期“{dateText}”无效，应写成 yyyy-MM-dd，例如 2026-10-01";
            return null;
        }

        var kindText = fields[1].Trim();
        CalendarDayKind? kind = kindText.ToLowerInvariant() switch
        {
            "holiday" => CalendarDayKind.Holiday,
            "workday" => CalendarDayKind.Workday,
            _ => null,
        };
        if (kind is null)
        {
            error = $"未知的类型“{kindText}”，应为 holiday（放假）或 workday（调休上班）";
            return null;
        }

        var name = fields[2].Trim();
        if (name.Length == 0)
        {
            error = "缺少名称，例如“国庆节”";
            return null;
        }
        if (name.Length > NameMaxLength)
        {
            error = $"名称不能超过{NameMaxLength}个字";
            return null;
        }
        if (name.Any(char.IsControl))
        {
            error = "名称含有不可见的控制字符";
            return null;
        }

        if (!firstLineOf.TryAdd(date, lineNumber))
        {
            error = $"日期{dateText}与第{firstLineOf[date]}行重复";
            return null;
        }
        if (kind == CalendarDayKind.Workday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
        {
            error = $"{dateText}不是周末，不能标为调休上班（workday）";
            return null;
        }

        error = null;
        return new CalendarDay(date, kind.Value, name);
    }
}
