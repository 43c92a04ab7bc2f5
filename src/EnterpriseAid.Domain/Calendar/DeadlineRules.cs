using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>A category-specific resolution time that replaces the default for one urgency.</summary>
public sealed record DeadlineRule(string Category, Urgency Urgency, int ResolutionDays);

/// <summary>
/// 办理时限: how many working days a problem has to be dispatched after registration, and to be resolved after
/// dispatch, by category × urgency. Immutable; the administrator's edits produce a new instance.
/// </summary>
public sealed class DeadlineRules
{
    public const int MinDays = 1;
    public const int MaxDays = 365;

    private readonly Dictionary<Urgency, int> _defaults;
    private readonly Dictionary<(string Category, Urgency Urgency), DeadlineRule> _overrides;

    public DeadlineRules(int dispatchDays, IReadOnlyDictionary<Urgency, int> resolutionDays, IEnumerable<DeadlineRule> overrides)
    {
        ArgumentNullException.ThrowIfNull(resolutionDays);
        ArgumentNullException.ThrowIfNull(overrides);

        CheckDays(dispatchDays, "交办时限");
        _defaults = [];
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            if (!resolutionDays.TryGetValue(urgency, out var days))
                throw new DomainException($"请填写“{Urgencies.Describe(urgency).NameZh}”问题的办理时限");
            CheckDays(days, $"“{Urgencies.Describe(urgency).NameZh}”问题的办理时限");
            _defaults[urgency] = days;
        }

        _overrides = [];
        foreach (var rule in overrides)
        {
            ArgumentNullException.ThrowIfNull(rule);
            var category = Catalog.Find(ProblemCategories.All, rule.Category)
                ?? throw new DomainException($"未知的问题类别：{rule.Category}");
            if (!Enum.IsDefined(rule.Urgency)) throw new DomainException("请选择紧急程度");
            var label = $"“{category.NameZh}·{Urgencies.Describe(rule.Urgency).NameZh}”的办理时限";
            CheckDays(rule.ResolutionDays, label);
            if (!_overrides.TryAdd((rule.Category, rule.Urgency), rule))
                throw new DomainException($"{label}重复设置");
        }

        DispatchDays = dispatchDays;
        // Catalogue order so that two equal rule sets list their overrides the same way.
        Overrides = ProblemCategories.All
            .SelectMany(c => Enum.GetValues<Urgency>().Select(u => (c.Code, u)))
            .Where(_overrides.ContainsKey)
            .Select(k => _overrides[k])
            .ToList();
    }

    /// <summary>Dispatch within 1 working day; resolve urgent problems in 3, ordinary in 7, complex in 30, whatever the category.</summary>
    public static DeadlineRules Default { get; } = new(
        dispatchDays: 1,
        new Dictionary<Urgency, int> { [Urgency.Urgent] = 3, [Urgency.Ordinary] = 7, [Urgency.Complex] = 30 },
        []);

    /// <summary>Working days from registration to dispatch (交办).</summary>
    public int DispatchDays { get; }

    public IReadOnlyList<DeadlineRule> Overrides { get; }

    /// <summary>The resolution time that applies when a category has no override.</summary>
    public int DefaultResolutionDays(Urgency urgency) =>
        _defaults.TryGetValue(urgency, out var days) ? days : throw new DomainException("请选择紧急程度");

    /// <summary>Working days from dispatch to resolution for a problem of this category and urgency.</summary>
    public int ResolutionDays(string category, Urgency urgency)
    {
        if (!ProblemCategories.IsValid(category)) throw new DomainException($"未知的问题类别：{category}");
        return _overrides.TryGetValue((category, urgency), out var rule) ? rule.ResolutionDays : DefaultResolutionDays(urgency);
    }

    public DateOnly DispatchDueDate(DateOnly registeredOn, WorkingDayCalendar calendar) =>
        calendar.AddWorkingDays(registeredOn, DispatchDays);

    public DateOnly ResolutionDueDate(DateOnly dispatchedOn, string category, Urgency urgency, WorkingDayCalendar calendar) =>
        calendar.AddWorkingDays(dispatchedOn, ResolutionDays(category, urgency));

    public DeadlineRules WithDispatchDays(int days) => new(days, _defaults, Overrides);

    public DeadlineRules WithDefaultResolutionDays(Urgency urgency, int days) =>
        new(DispatchDays, new Dictionary<Urgency, int>(_defaults) { [urgency] = days }, Overrides);

    /// <summary>Sets or replaces the override for one category and urgency.</summary>
    public DeadlineRules WithOverride(string category, Urgency urgency, int days) =>
        new(DispatchDays, _defaults, Overrides.Where(r => (r.Category, r.Urgency) != (category, urgency)).Append(new DeadlineRule(category, urgency, days)));

    public DeadlineRules WithoutOverride(string category, Urgency urgency) =>
        new(DispatchDays, _defaults, Overrides.Where(r => (r.Category, r.Urgency) != (category, urgency)));

    private static void CheckDays(int days, string what)
    {
        if (days is < MinDays or > MaxDays) throw new DomainException($"{what}应在{MinDays}到{MaxDays}个工作日之间");
    }
}
