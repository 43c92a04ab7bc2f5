using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Policies;

/// <summary>政策类别: the twelve categories a policy library is cut into. Stored as the member name.</summary>
public enum PolicyCategory
{
    FiscalReward = 1,
    TaxRelief = 2,
    Finance = 3,
    Employment = 4,
    RentRelief = 5,
    Energy = 6,
    Innovation = 7,
    Talent = 8,
    ForeignTrade = 9,
    Land = 10,
    Approval = 11,
    Other = 12,
}

public static class PolicyCategories
{
    /// <summary>Longest code stored in <c>policies.category</c>.</summary>
    public const int CodeMaxLength = 32;

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(PolicyCategory.FiscalReward), "财政奖补", "Fiscal rewards and grants"),
        new(nameof(PolicyCategory.TaxRelief), "税费减免", "Tax and fee relief"),
        new(nameof(PolicyCategory.Finance), "金融支持", "Financing support"),
        new(nameof(PolicyCategory.Employment), "稳岗就业", "Jobs and employment"),
        new(nameof(PolicyCategory.RentRelief), "房租减免", "Rent relief"),
        new(nameof(PolicyCategory.Energy), "用能保障", "Energy supply"),
        new(nameof(PolicyCategory.Innovation), "科技创新", "Science and innovation"),
        new(nameof(PolicyCategory.Talent), "人才", "Talent"),
        new(nameof(PolicyCategory.ForeignTrade), "外贸", "Foreign trade"),
        new(nameof(PolicyCategory.Land), "用地", "Land"),
        new(nameof(PolicyCategory.Approval), "审批便利", "Easier approvals"),
        new(nameof(PolicyCategory.Other), "其他", "Other"),
    ];

    public static CatalogEntry Describe(PolicyCategory category) =>
        Catalog.Find(All, category.ToString()) ?? throw new ArgumentOutOfRangeException(nameof(category), category, null);

    public static bool TryParse(string? code, out PolicyCategory category)
    {
        category = default;
        return code is not null && Catalog.Contains(All, code) && Enum.TryParse(code, out category);
    }
}
