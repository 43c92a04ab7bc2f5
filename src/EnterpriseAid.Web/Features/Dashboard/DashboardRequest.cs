using EnterpriseAid.Web.Features.Problems;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>
/// The dashboard's query string checked: a preset or a custom period of 年-月-日 dates (from not after to,
/// at most <see cref="MaxDays"/> days), and a region of the user's scope. Errors are (field, resource key).
/// </summary>
public sealed record DashboardRequest(DashboardPeriod? Period, RegionOption? Region, IReadOnlyList<(string Field, string Key)> Errors)
{
    public const int MaxDays = 3 * 366;

    public static DashboardRequest Parse(string? preset, string? from, string? to, string? region, ProblemFilterOptions options, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<(string, string)>();
        RegionOption? chosen = null;
        if (!string.IsNullOrWhiteSpace(region))
        {
            chosen = long.TryParse(region, out var id) ? options.Regions.FirstOrDefault(r => r.Id == id) : null;
            if (chosen is null) errors.Add(("region", "Problems.Filter.NotInScope"));
        }
        var kind = DashboardPeriod.ParsePreset(preset);
        if (kind is null && !string.IsNullOrWhiteSpace(preset)) errors.Add(("period", "Dashboard.UnknownPeriod"));
        var custom = kind == PeriodPreset.Custom || (string.IsNullOrWhiteSpace(preset) && (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to)));
        DashboardPeriod? period = null;
        if (custom)
        {
            var fromOk = ProblemFilterModel.TryParseDate(from, out var f);
            var toOk = ProblemFilterModel.TryParseDate(to, out var t);
            if (!fromOk) errors.Add(("from", "Problems.Filter.BadDate"));
            if (!toOk) errors.Add(("to", "Problems.Filter.BadDate"));
            if (fromOk && toOk)
            {
                if (f > t) errors.Add(("to", "Dashboard.FromAfterTo"));
                else if (t.DayNumber - f.DayNumber + 1 > MaxDays) errors.Add(("to", "Dashboard.PeriodTooLong"));
                else period = new DashboardPeriod(PeriodPreset.Custom, f, t);
            }
        }
        else
        {
            period = DashboardPeriod.Of(kind ?? PeriodPreset.Month, today);
        }
        return new DashboardRequest(errors.Count == 0 ? period : null, chosen, errors);
    }
}
