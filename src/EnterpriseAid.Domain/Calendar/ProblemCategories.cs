using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>问题类别: what a problem raised by an enterprise is about; deadlines and resolution figures are broken down by it.</summary>
public static class ProblemCategories
{
    public const int CodeMaxLength = 32;

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("policy", "政策", "Policy"),
        new("labor", "用工", "Labour"),
        new("land", "用地", "Land"),
        new("funding", "资金", "Funding"),
        new("energy", "用能", "Energy"),
        new("materials", "物资", "Materials"),
        new("approval", "审批手续", "Approvals and permits"),
        new("logistics", "物流", "Logistics"),
        new("market", "市场", "Market"),
        new("legal", "法务执法", "Legal affairs and law enforcement"),
        new("infrastructure", "基础设施", "Infrastructure"),
        new("other", "其他", "Other"),
    ];

    public static bool IsValid(string? code) => Catalog.Contains(All, code);
}
