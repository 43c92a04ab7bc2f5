using System.Linq.Expressions;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Domain.Policies;

/// <summary>
/// 适用条件: which enterprises a policy (or a 免申即享 programme under it) is for. Every criterion is
/// optional; an empty list or a missing bound places no condition, so the empty eligibility fits every
/// enterprise. Within a list any one value is enough (规上工业 or 规上服务业; 专精特新 or 高新技术企业);
/// all given criteria must hold together.
/// </summary>
/// <remarks>
/// There are two forms of the one rule, and they must agree: <see cref="Fits"/> checks one enterprise in
/// memory, <see cref="Matches"/> is an expression over <see cref="Enterprise"/> that EF Core translates to
/// SQL (array overlap, <c>= ANY</c>, plain comparisons on indexed columns) to find the fitting enterprises
/// of a whole register. Both take the date the rule is evaluated on, because "registered for at least N
/// months" changes with it. Lists are kept distinct and in catalogue (or id) order, so equal rules compare equal.
/// </remarks>
public sealed class PolicyEligibility : IEquatable<PolicyEligibility>
{
    /// <summary>Longest "registered for at least" period: 100 years.</summary>
    public const int MaxRegisteredMonths = 1200;

    public static readonly PolicyEligibility Everyone = new([], [], [], [], null, null, null);

    private PolicyEligibility(string[] scaleClasses, string[] industrySections, string[] tags, long[] townIds,
        int? employeesMin, int? employeesMax, int? registeredMonthsMin)
    {
        ScaleClasses = scaleClasses;
        IndustrySections = industrySections;
        Tags = tags;
        TownIds = townIds;
        EmployeesMin = employeesMin;
        EmployeesMax = employeesMax;
        RegisteredMonthsMin = registeredMonthsMin;
    }

    /// <summary>规模类型 codes (<see cref="Enterprises.ScaleClasses"/>); empty: any scale.</summary>
    public IReadOnlyList<string> ScaleClasses { get; }

    /// <summary>GB/T 4754 section letters (<see cref="Enterprises.IndustrySections"/>); empty: any industry.</summary>
    public IReadOnlyList<string> IndustrySections { get; }

    /// <summary>Enterprise tags (<see cref="EnterpriseTags"/>); the enterprise needs at least one; empty: no tag needed.</summary>
    public IReadOnlyList<string> Tags { get; }

    /// <summary>Town or street org unit ids; empty: anywhere.</summary>
    public IReadOnlyList<long> TownIds { get; }

    /// <summary>Fewest employees, inclusive.</summary>
    public int? EmployeesMin { get; }

    /// <summary>Most employees, inclusive.</summary>
    public int? EmployeesMax { get; }

    /// <summary>Registered (成立) for at least this many calendar months; an enterprise without a known date does not fit.</summary>
    public int? RegisteredMonthsMin { get; }

    public bool IsEveryone => Equals(Everyone);

    /// <summary>Checks and normalises the criteria; throws <see cref="DomainException"/> with a Chinese message.</summary>
    public static PolicyEligibility Create(
        IEnumerable<string>? scaleClasses = null,
        IEnumerable<string>? industrySections = null,
        IEnumerable<string>? tags = null,
        IEnumerable<long>? townIds = null,
        int? employeesMin = null,
        int? employeesMax = null,
        int? registeredMonthsMin = null)
    {
        var scales = Ordered(scaleClasses, Enterprises.ScaleClasses.All, "规模类型");
        var sections = Ordered(industrySections, Enterprises.IndustrySections.All, "行业门类");
        var tagCodes = Ordered(tags, EnterpriseTags.All, "企业标签");
        var towns = (townIds ?? []).Distinct().Order().ToArray();
        if (towns.Any(t => t <= 0)) throw new DomainException("适用镇街无效");
        if (employeesMin < 0 || employeesMax < 0) throw new DomainException("从业人数范围不能为负数");
        if (employeesMin > Enterprise.MaxEmployees || employeesMax > Enterprise.MaxEmployees)
            throw new DomainException($"从业人数范围不能超过{Enterprise.MaxEmployees}");
        if (employeesMin is { } min && employeesMax is { } max && min > max)
            throw new DomainException("从业人数下限不能大于上限");
        if (registeredMonthsMin is < 0 or > MaxRegisteredMonths)
            throw new DomainException($"成立时长为0至{MaxRegisteredMonths}个月");
        return new PolicyEligibility(scales, sections, tagCodes, towns, employeesMin, employeesMax,
            registeredMonthsMin is 0 ? null : registeredMonthsMin);
    }

    /// <summary>Does the enterprise fit on <paramref name="asOf"/> (a Beijing date)?</summary>
    public bool Fits(EnterpriseFacts e, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (ScaleClasses.Count > 0 && !ScaleClasses.Contains(e.ScaleClass)) return false;
        if (IndustrySections.Count > 0 && !IndustrySections.Contains(e.IndustrySection)) return false;
        if (Tags.Count > 0 && !Tags.Any(e.Tags.Contains)) return false;
        if (TownIds.Count > 0 && !TownIds.Contains(e.TownId)) return false;
        if (EmployeesMin is { } min && e.Employees < min) return false;
        if (EmployeesMax is { } max && e.Employees > max) return false;
        if (RegisteredMonthsMin is { } months && (e.EstablishedOn is not { } established || established > RegisteredCutoff(asOf, months)))
            return false;
        return true;
    }

    public bool Fits(Enterprise e, DateOnly asOf) => Fits(EnterpriseFacts.Of(e), asOf);

    /// <summary>
    /// The same rule as <see cref="Fits(EnterpriseFacts, DateOnly)"/> as an expression EF Core translates to
    /// SQL: <c>db.Enterprises.Where(eligibility.Matches(today))</c>. Only the criteria that are set appear
    /// in the SQL; the empty eligibility is <c>e =&gt; true</c>.
    /// </summary>
    public Expression<Func<Enterprise, bool>> Matches(DateOnly asOf)
    {
        // Arrays rather than the read-only lists, so that the provider sends them as array parameters.
        var scales = ScaleClasses.ToArray();
        var sections = IndustrySections.ToArray();
        var tags = Tags.ToArray();
        var towns = TownIds.ToArray();

        var parts = new List<Expression<Func<Enterprise, bool>>>();
        if (scales.Length > 0) parts.Add(e => scales.Contains(e.ScaleClass));
        if (sections.Length > 0) parts.Add(e => sections.Contains(e.IndustrySection));
        if (tags.Length > 0) parts.Add(e => e.Tags.Any(t => tags.Contains(t)));
        if (towns.Length > 0) parts.Add(e => towns.Contains(e.TownId));
        if (EmployeesMin is { } min) parts.Add(e => e.Employees >= min);
        if (EmployeesMax is { } max) parts.Add(e => e.Employees <= max);
        if (RegisteredMonthsMin is { } months)
        {
            var cutoff = RegisteredCutoff(asOf, months);
            parts.Add(e => e.EstablishedOn != null && e.EstablishedOn <= cutoff);
        }
        return All(parts);
    }

    /// <summary>
    /// The latest establishment date that counts as "registered for at least <paramref name="months"/>
    /// months" on <paramref name="asOf"/>: the dates <c>d</c> with <c>d.AddMonths(months) &lt;= asOf</c>.
    /// Calendar months as people count them: founded on 31 January, one month is reached on the last day
    /// of February. Expressed as a cut-off so that the SQL form compares a plain indexed column.
    /// </summary>
    public static DateOnly RegisteredCutoff(DateOnly asOf, int months)
    {
        var cutoff = asOf.AddMonths(-months);
        // On the last day of a month every later day of the month "months" back has also come round
        // (31 January + 1 month = 28 February), so the cut-off is that month's last day.
        if (asOf.Day == DateTime.DaysInMonth(asOf.Year, asOf.Month))
            cutoff = new DateOnly(cutoff.Year, cutoff.Month, DateTime.DaysInMonth(cutoff.Year, cutoff.Month));
        return cutoff;
    }

    private static Expression<Func<Enterprise, bool>> All(List<Expression<Func<Enterprise, bool>>> parts)
    {
        if (parts.Count == 0) return e => true;
        var parameter = parts[0].Parameters[0];
        var body = parts[0].Body;
        foreach (var part in parts.Skip(1))
            body = Expression.AndAlso(body, new Rebind(part.Parameters[0], parameter).Visit(part.Body));
        return Expression.Lambda<Func<Enterprise, bool>>(body, parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    private static string[] Ordered(IEnumerable<string>? codes, IReadOnlyList<CatalogEntry> catalog, string what)
    {
        var set = (codes ?? []).Select(c => c?.Trim() ?? string.Empty).Where(c => c.Length > 0).ToHashSet(StringComparer.Ordinal);
        var unknown = set.FirstOrDefault(c => !Catalog.Contains(catalog, c));
        if (unknown is not null) throw new DomainException($"未知的{what}：{unknown}");
        return catalog.Select(c => c.Code).Where(set.Contains).ToArray();
    }

    public bool Equals(PolicyEligibility? other) =>
        other is not null
        && ScaleClasses.SequenceEqual(other.ScaleClasses)
        && IndustrySections.SequenceEqual(other.IndustrySections)
        && Tags.SequenceEqual(other.Tags)
        && TownIds.SequenceEqual(other.TownIds)
        && EmployeesMin == other.EmployeesMin
        && EmployeesMax == other.EmployeesMax
        && RegisteredMonthsMin == other.RegisteredMonthsMin;

    public override bool Equals(object? obj) => Equals(obj as PolicyEligibility);

    public override int GetHashCode() =>
        HashCode.Combine(string.Join(',', ScaleClasses), string.Join(',', IndustrySections), string.Join(',', Tags),
            string.Join(',', TownIds), EmployeesMin, EmployeesMax, RegisteredMonthsMin);
}
