using System.Globalization;

namespace EnterpriseAid.Domain.Common;

/// <summary>A code from a fixed national or product catalogue, with its Chinese and English names.</summary>
public sealed record CatalogEntry(string Code, string NameZh, string NameEn)
{
    public string Name(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "zh" ? NameZh : NameEn;

    public string Name() => Name(CultureInfo.CurrentUICulture);
}

public static class Catalog
{
    public static CatalogEntry? Find(IReadOnlyList<CatalogEntry> entries, string? code) =>
        entries.FirstOrDefault(e => e.Code == code);

    public static bool Contains(IReadOnlyList<CatalogEntry> entries, string? code) =>
        entries.Any(e => e.Code == code);
}
