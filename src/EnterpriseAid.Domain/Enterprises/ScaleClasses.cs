using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Enterprises;

/// <summary>规模类型: the statistical scale classes a district's enterprise rosters use (四上企业 and the rest).</summary>
public static class ScaleClasses
{
    public const int CodeMaxLength = 32;

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("industry_above", "规上工业", "Industry above designated size"),
        new("industry_below", "规下工业", "Industry below designated size"),
        new("services_above", "规上服务业", "Services above designated size"),
        new("services_below", "规下服务业", "Services below designated size"),
        new("construction", "建筑业", "Construction (qualified)"),
        new("trade_hospitality", "批零住餐", "Wholesale, retail, hotels and catering"),
        new("real_estate", "房地产业", "Real estate development"),
        new("other", "其他", "Other"),
    ];

    public static bool IsValid(string? code) => Catalog.Contains(All, code);
}
