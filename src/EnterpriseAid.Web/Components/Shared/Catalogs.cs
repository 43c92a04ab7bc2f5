using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Web.Components.Shared;

/// <summary>Display names of catalogue codes in the current UI language.</summary>
public static class Catalogs
{
    public static string Scale(string? code) => Catalog.Find(ScaleClasses.All, code)?.Name() ?? code ?? string.Empty;
    public static string Industry(string? code) => Catalog.Find(IndustrySections.All, code)?.Name() ?? code ?? string.Empty;
    public static string Tag(string? code) => Catalog.Find(EnterpriseTags.All, code)?.Name() ?? code ?? string.Empty;
}
