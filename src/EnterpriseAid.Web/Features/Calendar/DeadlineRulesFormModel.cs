using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>One number on the deadline rules form: a default (no category) or a category × urgency override.</summary>
public sealed class DeadlineDaysCell
{
    public string? Category { get; set; }
    public string? Urgency { get; set; }
    /// <summary>Working days as typed; parsed by the validator, so "abc" is reported rather than becoming 0.</summary>
    public string? Days { get; set; }
}

/// <summary>
/// What the deadline rules form posts: the dispatch time, the default resolution time of each urgency, and the
/// category × urgency grid of overrides (an empty cell means "use the default"). <see cref="Version"/> is the
/// fingerprint of the rules the user started from (<see cref="DeadlineRulesQueries.VersionOf"/>).
/// </summary>
public sealed class DeadlineRulesFormModel
{
    public string? Version { get; set; }
    public string? DispatchDays { get; set; }
    /// <summary>One cell per urgency, in <see cref="Urgencies.All"/> order.</summary>
    public List<DeadlineDaysCell> Defaults { get; set; } = [];
    /// <summary>One cell per category × urgency, categories in <see cref="ProblemCategories.All"/> order.</summary>
    public List<DeadlineDaysCell> Overrides { get; set; } = [];

    public static DeadlineRulesFormModel From(DeadlineRules rules, string version)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var model = new DeadlineRulesFormModel { Version = version, DispatchDays = Text(rules.DispatchDays) };
        model.Normalize();
        foreach (var cell in model.Defaults)
        {
            Urgencies.TryParse(cell.Urgency, out var urgency);
            cell.Days = Text(rules.DefaultResolutionDays(urgency));
        }
        foreach (var rule in rules.Overrides)
        {
            model.Overrides.Single(c => c.Category == rule.Category && c.Urgency == Urgencies.Describe(rule.Urgency).Code).Days =
                Text(rule.ResolutionDays);
        }
        return model;
    }

    /// <summary>
    /// Lays the posted cells out in catalogue order, one for every urgency and every category × urgency. A cell
    /// the form did not post is empty; a posted cell naming no known category or urgency is dropped.
    /// </summary>
    public void Normalize()
    {
        // The posted cell objects are kept (only missing ones are added): the form's inputs are bound to them,
        // and a second call must not swap them for copies the inputs no longer point at.
        var defaults = Defaults.Where(c => c is not null).GroupBy(c => c.Urgency ?? "").ToDictionary(g => g.Key, g => g.First());
        Defaults = Urgencies.All
            .Select(u => defaults.GetValueOrDefault(u.Code) ?? new DeadlineDaysCell { Urgency = u.Code })
            .ToList();

        var overrides = Overrides.Where(c => c is not null).GroupBy(c => (c.Category ?? "", c.Urgency ?? ""))
            .ToDictionary(g => g.Key, g => g.First());
        Overrides = ProblemCategories.All
            .SelectMany(c => Urgencies.All.Select(u =>
                overrides.GetValueOrDefault((c.Code, u.Code)) ?? new DeadlineDaysCell { Category = c.Code, Urgency = u.Code }))
            .ToList();
    }

    /// <summary>The override cell of one category and urgency (after <see cref="Normalize"/>).</summary>
    public int IndexOf(string category, string urgency) =>
        Overrides.FindIndex(c => c.Category == category && c.Urgency == urgency);

    /// <summary>The rules the form describes; call only once the validator passed.</summary>
    public DeadlineRules ToRules()
    {
        var defaults = new Dictionary<Urgency, int>();
        foreach (var cell in Defaults)
        {
            if (Urgencies.TryParse(cell.Urgency, out var urgency) && TryParseDays(cell.Days, out var days)) defaults[urgency] = days;
        }
        var overrides = new List<DeadlineRule>();
        foreach (var cell in Overrides)
        {
            if (IsBlank(cell.Days)) continue;
            if (!Urgencies.TryParse(cell.Urgency, out var urgency) || !TryParseDays(cell.Days, out var days))
                throw new DomainException("办理时限填写有误");
            overrides.Add(new DeadlineRule(cell.Category ?? string.Empty, urgency, days));
        }
        if (!TryParseDays(DispatchDays, out var dispatch)) throw new DomainException("交办时限填写有误");
        return new DeadlineRules(dispatch, defaults, overrides);
    }

    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    /// <summary>
    /// A whole number of working days between <see cref="DeadlineRules.MinDays"/> and <see cref="DeadlineRules.MaxDays"/>.
    /// Full-width digits (１０, as a Chinese input method types them) are read as ordinary digits.
    /// </summary>
    public static bool TryParseDays(string? text, out int days)
    {
        days = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var ascii = new string(text.Trim().Select(ch => ch is >= '０' and <= '９' ? (char)('0' + (ch - '０')) : ch).ToArray());
        return ascii.Length <= 4
            && int.TryParse(ascii, NumberStyles.None, CultureInfo.InvariantCulture, out days)
            && days is >= DeadlineRules.MinDays and <= DeadlineRules.MaxDays;
    }

    private static string Text(int days) => days.ToString(CultureInfo.InvariantCulture);
}
