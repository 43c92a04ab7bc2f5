using System.Globalization;
using EnterpriseAid.Web.Features.Problems;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>The period presets of the dashboard.</summary>
public enum PeriodPreset
{
    Week,
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>
/// A period of whole Beijing days, <see cref="From"/> to <see cref="To"/> inclusive, and the period it is
/// compared with: the previous week, month, quarter or year for a preset, and for a custom period the same
/// number of days just before it.
/// </summary>
public sealed record DashboardPeriod(PeriodPreset Preset, DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public DashboardPeriod Previous => Preset switch
    {
        PeriodPreset.Week => new(Preset, From.AddDays(-7), To.AddDays(-7)),
        PeriodPreset.Month => new(Preset, From.AddMonths(-1), From.AddDays(-1)),
        PeriodPreset.Quarter => new(Preset, From.AddMonths(-3), From.AddDays(-1)),
        PeriodPreset.Year => new(Preset, From.AddYears(-1), From.AddDays(-1)),
        _ => new(Preset, From.AddDays(-Days), From.AddDays(-1)),
    };

    /// <summary>本周 (Monday to Sunday), 本月, 本季度 or 本年 around <paramref name="today"/>.</summary>
    /// <summary>Every registration date the lists accept: the base of figures that are not about one period.</summary>
    public static readonly DashboardPeriod AllTime = new(PeriodPreset.Custom, Problems.ProblemFilterModel.EarliestDate, Problems.ProblemFilterModel.LatestDate);

    public static DashboardPeriod Of(PeriodPreset preset, DateOnly today)
    {
        switch (preset)
        {
            case PeriodPreset.Week:
                var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
                return new(preset, monday, monday.AddDays(6));
            case PeriodPreset.Quarter:
                var (qf, qt) = ProblemFilterModel.Quarter(today);
                return new(preset, qf, qt);
            case PeriodPreset.Year:
                var (yf, yt) = ProblemFilterModel.Year(today);
                return new(preset, yf, yt);
            default:
                var (mf, mt) = ProblemFilterModel.Month(today);
                return new(PeriodPreset.Month, mf, mt);
        }
    }

    public static PeriodPreset? ParsePreset(string? code) => code?.Trim() switch
    {
        null or "" or "month" => PeriodPreset.Month,
        "week" => PeriodPreset.Week,
        "quarter" => PeriodPreset.Quarter,
        "year" => PeriodPreset.Year,
        "custom" => PeriodPreset.Custom,
        _ => null,
    };

    public static string Code(PeriodPreset preset) => preset.ToString().ToLowerInvariant();

    public string FromText => From.ToString(ProblemFilterModel.DateFormat, CultureInfo.InvariantCulture);
    public string ToText => To.ToString(ProblemFilterModel.DateFormat, CultureInfo.InvariantCulture);
}
