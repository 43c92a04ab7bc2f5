using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Enterprises;

/// <summary>Labels the campaigns select enterprises by (专精特新, 高新技术企业 …).</summary>
public static class EnterpriseTags
{
    public const int CodeMaxLength = 32;

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("specialized", "专精特新", "Specialised and innovative (SRDI)"),
        new("high_tech", "高新技术企业", "High-tech enterprise"),
        new("gazelle", "瞪羚企业", "Gazelle enterprise"),
        new("unicorn", "独角兽企业", "Unicorn enterprise"),
        new("foreign_trade", "外贸企业", "Foreign trade"),
        new("key_support", "重点保障企业", "Key support enterprise"),
    ];

    public static bool IsValid(string? code) => Catalog.Contains(All, code);
}
