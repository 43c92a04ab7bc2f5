using System.Globalization;
using EnterpriseAid.Domain.Organization;

namespace EnterpriseAid.Web.Features.Organization;

/// <summary>
/// What the org unit form posts. The kind and sort order arrive as text and are parsed by the
/// validator, so a tampered kind or "abc" in 排序号 is reported rather than silently becoming a default.
/// </summary>
public sealed class OrgUnitFormModel
{
    public string? Kind { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public string? SortOrder { get; set; }

    /// <summary>The row version the user started editing from (PostgreSQL xmin).</summary>
    public uint Version { get; set; }

    /// <summary>Only names of the enum count: "1" or "City, Town" would parse but are not what the form sends.</summary>
    public static bool TryParseKind(string? text, out OrgUnitKind kind)
    {
        kind = default;
        return !string.IsNullOrWhiteSpace(text)
            && Enum.GetNames<OrgUnitKind>().Contains(text.Trim(), StringComparer.Ordinal)
            && Enum.TryParse(text.Trim(), out kind);
    }

    public OrgUnitKind ParsedKind => TryParseKind(Kind, out var kind) ? kind : default;

    public int ParsedSortOrder => int.Parse(SortOrder!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    public static OrgUnitFormModel From(OrgUnitDetail unit) => new()
    {
        Kind = unit.Kind.ToString(),
        Code = unit.Code,
        Name = unit.Name,
        SortOrder = unit.SortOrder.ToString(CultureInfo.InvariantCulture),
        Version = unit.Version,
    };
}

/// <summary>What the delete button posts: the version the user looked at, and the ticked confirmation.</summary>
public sealed class OrgUnitDeleteForm
{
    public uint Version { get; set; }
    public bool Confirmed { get; set; }
}
