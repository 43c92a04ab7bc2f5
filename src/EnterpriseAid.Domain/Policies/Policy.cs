using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;

namespace EnterpriseAid.Domain.Policies;

/// <summary>The editable content of a policy, as one value so that creation and edits share one rule set.</summary>
public sealed record PolicyContent(
    string Title,
    string DocumentNo,
    PolicyCategory Category,
    DateOnly EffectiveFrom,
    DateOnly? EffectiveTo,
    string? Summary,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<string> ImplementingRules,
    bool MianShenJiXiang,
    PolicyEligibility Eligibility);

/// <summary>
/// 政策: a published policy document of an issuing department, cut into clauses (条款) and implementing
/// rules (实施细则), with the structured eligibility that decides which enterprises it is pushed to.
/// A policy belongs to the region its department serves (the department's parent in the org tree):
/// that region's staff see it, and it is what scope is checked against.
/// </summary>
public sealed class Policy
{
    public const int TitleMaxLength = 200;
    public const int DocumentNoMaxLength = 100;
    public const int SummaryMaxLength = 2000;
    public const int ClauseMaxLength = 4000;
    public const int MaxClauses = 100;

    private List<string> _clauses = [];
    private List<string> _implementingRules = [];
    private List<string> _eligibleScaleClasses = [];
    private List<string> _eligibleIndustrySections = [];
    private List<string> _eligibleTags = [];
    private List<long> _eligibleTownIds = [];

    private Policy() { }

    public long Id { get; private set; }
    public string Title { get; private set; } = string.Empty;

    /// <summary>文号, e.g. 新政办发〔2026〕3号.</summary>
    public string DocumentNo { get; private set; } = string.Empty;

    public long IssuingDepartmentId { get; private set; }

    /// <summary>The region the issuing department serves (its parent unit); scope is checked against it.</summary>
    public long RegionId { get; private set; }

    public PolicyCategory Category { get; private set; }
    public DateOnly EffectiveFrom { get; private set; }

    /// <summary>Last day in effect; null while the policy is in effect without an end (长期有效).</summary>
    public DateOnly? EffectiveTo { get; private set; }

    public string? Summary { get; private set; }
    public IReadOnlyList<string> Clauses => _clauses;
    public IReadOnlyList<string> ImplementingRules => _implementingRules;

    /// <summary>免申即享: enterprises that fit receive the benefit without applying.</summary>
    public bool MianShenJiXiang { get; private set; }

    // The eligibility is stored as plain columns so that SQL (and indexes) can read it directly.
    public IReadOnlyList<string> EligibleScaleClasses => _eligibleScaleClasses;
    public IReadOnlyList<string> EligibleIndustrySections => _eligibleIndustrySections;
    public IReadOnlyList<string> EligibleTags => _eligibleTags;
    public IReadOnlyList<long> EligibleTownIds => _eligibleTownIds;
    public int? EligibleEmployeesMin { get; private set; }
    public int? EligibleEmployeesMax { get; private set; }
    public int? EligibleRegisteredMonthsMin { get; private set; }

    /// <summary>Title, 文号, summary, clauses and rules in one text, for the trigram index (ADR-017).</summary>
    public string SearchText { get; private set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Row version (PostgreSQL xmin) for optimistic concurrency.</summary>
    public uint Version { get; private set; }

    public PolicyEligibility Eligibility => PolicyEligibility.Create(
        _eligibleScaleClasses, _eligibleIndustrySections, _eligibleTags, _eligibleTownIds,
        EligibleEmployeesMin, EligibleEmployeesMax, EligibleRegisteredMonthsMin);

    public bool IsInEffectOn(DateOnly day) => EffectiveFrom <= day && (EffectiveTo is null || day <= EffectiveTo);

    public static Policy Create(PolicyContent content, OrgUnit issuingDepartment, DateTimeOffset now)
    {
        var policy = new Policy { CreatedAt = now };
        policy.Apply(content, issuingDepartment, now);
        return policy;
    }

    public void Update(PolicyContent content, OrgUnit issuingDepartment, DateTimeOffset now) => Apply(content, issuingDepartment, now);

    private void Apply(PolicyContent c, OrgUnit department, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(department);
        var title = c.Title?.Trim() ?? string.Empty;
        if (title.Length == 0) throw new DomainException("请填写政策标题");
        if (title.Length > TitleMaxLength) throw new DomainException($"政策标题不能超过{TitleMaxLength}个字");
        var documentNo = c.DocumentNo?.Trim() ?? string.Empty;
        if (documentNo.Length == 0) throw new DomainException("请填写文号");
        if (documentNo.Length > DocumentNoMaxLength) throw new DomainException($"文号不能超过{DocumentNoMaxLength}个字");
        if (department.Kind != OrgUnitKind.Department || department.ParentId is null) throw new DomainException("发文单位须为部门");
        if (!Enum.IsDefined(c.Category)) throw new DomainException("请选择政策类别");
        if (c.EffectiveTo is { } to && to < c.EffectiveFrom) throw new DomainException("失效日期不能早于生效日期");
        var summary = string.IsNullOrWhiteSpace(c.Summary) ? null : c.Summary.Trim();
        if (summary?.Length > SummaryMaxLength) throw new DomainException($"政策摘要不能超过{SummaryMaxLength}个字");
        var clauses = Paragraphs(c.Clauses, "条款");
        var rules = Paragraphs(c.ImplementingRules, "实施细则");
        ArgumentNullException.ThrowIfNull(c.Eligibility);

        Title = title;
        DocumentNo = documentNo;
        IssuingDepartmentId = department.Id;
        RegionId = department.ParentId.Value;
        Category = c.Category;
        EffectiveFrom = c.EffectiveFrom;
        EffectiveTo = c.EffectiveTo;
        Summary = summary;
        _clauses = clauses;
        _implementingRules = rules;
        MianShenJiXiang = c.MianShenJiXiang;
        var e = c.Eligibility;
        _eligibleScaleClasses = [.. e.ScaleClasses];
        _eligibleIndustrySections = [.. e.IndustrySections];
        _eligibleTags = [.. e.Tags];
        _eligibleTownIds = [.. e.TownIds];
        EligibleEmployeesMin = e.EmployeesMin;
        EligibleEmployeesMax = e.EmployeesMax;
        EligibleRegisteredMonthsMin = e.RegisteredMonthsMin;
        SearchText = string.Join('\n', new[] { title, documentNo, summary ?? string.Empty }.Concat(clauses).Concat(rules));
        UpdatedAt = now;
    }

    private static List<string> Paragraphs(IReadOnlyList<string>? items, string what)
    {
        var list = (items ?? []).Select(s => s?.Trim() ?? string.Empty).Where(s => s.Length > 0).ToList();
        if (list.Count > MaxClauses) throw new DomainException($"{what}最多{MaxClauses}条");
        if (list.Any(s => s.Length > ClauseMaxLength)) throw new DomainException($"每条{what}不能超过{ClauseMaxLength}个字");
        return list;
    }
}
