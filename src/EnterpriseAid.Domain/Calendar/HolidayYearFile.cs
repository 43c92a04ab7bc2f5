using System.Globalization;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>
/// A holiday file an administrator imports: <see cref="HolidayCsv"/>'s format, holding exactly one year's
/// schedule (the State Council publishes one year at a time), with every error found and its line number.
/// </summary>
public sealed class HolidayYearFile
{
    public const int MinYear = 2000;
    public const int MaxYear = 2099;
    /// <summary>Errors listed in full; beyond this a file is wrong throughout and the count is enough.</summary>
    public const int MaxErrorsListed = 20;

    private HolidayYearFile(int? year, IReadOnlyList<CalendarDay> days, IReadOnlyList<HolidayCsvError> errors)
    {
        Year = year;
        Days = days;
        Errors = errors;
    }

    /// <summary>The year the file is for (the year of its first date), or null when it has no readable date.</summary>
    public int? Year { get; }

    /// <summary>The entries, in date order; empty unless the file is valid.</summary>
    public IReadOnlyList<CalendarDay> Days { get; }

    /// <summary>Every error, in line order; file-level errors (no line) last.</summary>
    public IReadOnlyList<HolidayCsvError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    public int HolidayCount => Days.Count(d => d.Kind == CalendarDayKind.Holiday);

    public int WorkdayCount => Days.Count(d => d.Kind == CalendarDayKind.Workday);

    public static HolidayYearFile Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reading = HolidayCsv.Read(new StringReader(text));
        var errors = reading.Errors.ToList();
        int? year = reading.Days.Count > 0 ? reading.Days[0].Date.Year : null;

        if (year is { } y)
        {
            for (var i = 0; i < reading.Days.Count; i++)
            {
                var date = reading.Days[i].Date;
                if (date.Year != y)
                {
                    var line = reading.LineNumbers[i];
                    errors.Add(new HolidayCsvError(line,
                        $"第{line}行：{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}不是{y}年的日期，一个文件只能包含一个年度的安排（以第{reading.LineNumbers[0]}行的{y}年为准）"));
                }
            }
            if (y is < MinYear or > MaxYear)
                errors.Add(new HolidayCsvError(reading.LineNumbers[0], $"第{reading.LineNumbers[0]}行：年份{y}超出可导入的范围（{MinYear}—{MaxYear}年）"));
            // Every official schedule gives days off (元旦 at least); a file of make-up days alone is a mistake.
            if (!reading.Days.Any(d => d.Kind == CalendarDayKind.Holiday))
                errors.Add(new HolidayCsvError(null, "文件中没有任何放假日期（holiday），请检查是否选错了文件"));
        }

        errors = errors.OrderBy(e => e.Line ?? int.MaxValue).ToList();
        var days = errors.Count == 0 ? reading.Days.OrderBy(d => d.Date).ToList() : [];
        return new HolidayYearFile(year, days, errors);
    }
}
