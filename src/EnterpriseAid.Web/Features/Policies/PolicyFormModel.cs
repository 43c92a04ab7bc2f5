using System.Globalization;
using EnterpriseAid.Domain.Policies;

namespace EnterpriseAid.Web.Features.Policies;

/// <summary>
/// What the policy form posts. Dates and numbers arrive as text and are parsed by the validator; clauses
/// and implementing rules are typed one per line.
/// </summary>
public sealed class PolicyFormModel
{
    public string? Title { get; set; }
    public string? DocumentNo { get; set; }
    public string? IssuingDepartmentId { get; set; }
    public string? Category { get; set; }
    public string? EffectiveFrom { get; set; }
    public string? EffectiveTo { get; set; }
    public string? Summary { get; set; }
    public string? Clauses { get; set; }
    public string? ImplementingRules { get; set; }
    public bool MianShenJiXiang { get; set; }

    // The form mapper assigns null to a collection the post does not mention.
    public List<string> ScaleClasses { get; set => field = value ?? []; } = [];
    public List<string> IndustrySections { get; set => field = value ?? []; } = [];
    public List<string> Tags { get; set => field = value ?? []; } = [];
    public List<string> TownIds { get; set => field = value ?? []; } = [];
    public string? EmployeesMin { get; set; }
    public string? EmployeesMax { get; set; }
    public string? RegisteredMonthsMin { get; set; }

    /// <summary>The row version the user started editing from (PostgreSQL xmin).</summary>
    public uint Version { get; set; }

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public PolicyEligibility ToEligibility() => PolicyEligibility.Create(
        ScaleClasses, IndustrySections, Tags,
        TownIds.Select(t => long.TryParse(t, out var id) ? id : 0).Where(id => id > 0),
        Number(EmployeesMin), Number(EmployeesMax), Number(RegisteredMonthsMin));

    /// <summary>Call after validation: every field parses.</summary>
    public PolicyContent ToContent()
    {
        PolicyCategories.TryParse(Category, out var category);
        return new PolicyContent(Title ?? string.Empty, DocumentNo ?? string.Empty, category, Date(EffectiveFrom)!.Value, Date(EffectiveTo),
            Summary, Lines(Clauses), Lines(ImplementingRules), MianShenJiXiang, ToEligibility());
    }

    public long DepartmentId => long.TryParse(IssuingDepartmentId, out var id) ? id : 0;

    public static PolicyFormModel From(Policy p)
    {
        var e = p.Eligibility;
        return new PolicyFormModel
        {
            Title = p.Title,
            DocumentNo = p.DocumentNo,
            IssuingDepartmentId = p.IssuingDepartmentId.ToString(CultureInfo.InvariantCulture),
            Category = p.Category.ToString(),
            EffectiveFrom = p.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EffectiveTo = p.EffectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Summary = p.Summary,
            Clauses = string.Join('\n', p.Clauses),
            ImplementingRules = string.Join('\n', p.ImplementingRules),
            MianShenJiXiang = p.MianShenJiXiang,
            ScaleClasses = [.. e.ScaleClasses],
            IndustrySections = [.. e.IndustrySections],
            Tags = [.. e.Tags],
            TownIds = e.TownIds.Select(t => t.ToString(CultureInfo.InvariantCulture)).ToList(),
            EmployeesMin = e.EmployeesMin?.ToString(CultureInfo.InvariantCulture),
            EmployeesMax = e.EmployeesMax?.ToString(CultureInfo.InvariantCulture),
            RegisteredMonthsMin = e.RegisteredMonthsMin?.ToString(CultureInfo.InvariantCulture),
            Version = p.Version,
        };
    }
}
