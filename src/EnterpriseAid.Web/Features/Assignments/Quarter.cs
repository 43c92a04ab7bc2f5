using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assignments;

/// <summary>A calendar quarter, written 2026-Q4 in addresses; dates are Beijing dates.</summary>
public readonly partial record struct Quarter(int Year, int Number)
{
    public DateOnly Start => new(Year, (Number - 1) * 3 + 1, 1);
    public DateOnly End => Start.AddMonths(3).AddDays(-1);
    public Quarter Previous => Number == 1 ? new(Year - 1, 4) : new(Year, Number - 1);

    public static Quarter Of(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    public static bool TryParse(string? text, out Quarter quarter)
    {
        quarter = default;
        var m = Pattern().Match(text?.Trim() ?? string.Empty);
        if (!m.Success) return false;
        quarter = new Quarter(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value[0] - '0');
        return true;
    }

    /// <summary>The quarter asked for, or the current one when the text is missing, malformed or in the future.</summary>
    public static Quarter ParseOrCurrent(string? text, DateOnly today)
    {
        var current = Of(today);
        return TryParse(text, out var q) && q.Start <= current.Start && q.Year >= 2000 ? q : current;
    }

    /// <summary>The current quarter and the ones before it, newest first, for the chooser.</summary>
    public static IReadOnlyList<Quarter> Recent(DateOnly today, int count = 8)
    {
        var list = new List<Quarter>(count);
        for (var q = Of(today); list.Count < count; q = q.Previous) list.Add(q);
        return list;
    }

    public string Label(IStringLocalizer l) => l["Assignments.Quarter.Label", Year, l[$"Assignments.Quarter.{Number}"]];

    public override string ToString() => $"{Year}-Q{Number}";

    [GeneratedRegex(@"^(\d{4})-Q([1-4])$")]
    private static partial Regex Pattern();
}
