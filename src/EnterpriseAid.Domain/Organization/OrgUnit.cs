using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Organization;

public enum OrgUnitKind
{
    City = 1,
    District = 2,
    DevelopmentZone = 3,
    Town = 4,
    Street = 5,
    Department = 6,
}

/// <summary>
/// 组织机构: a node of the org tree — city → district / development zone → town or street office,
/// with departments beside the regions. <see cref="Path"/> holds the ids from the root ("/1/4/17/")
/// so that "everything under this unit" is one prefix comparison.
/// </summary>
/// <remarks>
/// A unit never moves to another parent: the paths of all its descendants and the data scopes of the
/// users below it are derived from its place in the tree, so a move would be a migration, not an edit.
/// </remarks>
public sealed class OrgUnit
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 60;
    public const int PathMaxLength = 400;
    public const int SortOrderMax = 99_999;

    private OrgUnit() { }

    public long Id { get; private set; }
    public string Code { get; private set; } = string.Empty;
    public string Name { get; private set; } = string.Empty;
    public OrgUnitKind Kind { get; private set; }
    public long? ParentId { get; private set; }
    public string Path { get; private set; } = "/";
    public int SortOrder { get; private set; }

    /// <summary>Row version (PostgreSQL xmin) for optimistic concurrency.</summary>
    public uint Version { get; private set; }

    public bool IsRegion => Kind is not OrgUnitKind.Department;
    public bool IsTownLevel => Kind is OrgUnitKind.Town or OrgUnitKind.Street;

    /// <summary>The kinds a unit of <paramref name="parentKind"/> may hold; <c>null</c> is the top of the tree.</summary>
    public static IReadOnlyList<OrgUnitKind> KindsAllowedUnder(OrgUnitKind? parentKind) => parentKind switch
    {
        null => [OrgUnitKind.City],
        OrgUnitKind.City => [OrgUnitKind.District, OrgUnitKind.DevelopmentZone, OrgUnitKind.Department],
        OrgUnitKind.District or OrgUnitKind.DevelopmentZone => [OrgUnitKind.Town, OrgUnitKind.Street, OrgUnitKind.Department],
        _ => [],
    };

    public static OrgUnit Create(string code, string name, OrgUnitKind kind, OrgUnit? parent, int sortOrder = 0)
    {
        code = CheckedCode(code);
        name = CheckedName(name);
        CheckSortOrder(sortOrder);
        if (!Enum.IsDefined(kind)) throw new DomainException("请选择机构类型");
        if (kind == OrgUnitKind.City && parent is not null) throw new DomainException("市级机构不能有上级");
        if (kind != OrgUnitKind.City && parent is null) throw new DomainException("请选择上级机构");
        if (parent is { Kind: OrgUnitKind.Town or OrgUnitKind.Street or OrgUnitKind.Department })
            throw new DomainException("镇街和部门下不能再设下级机构");
        if (kind is OrgUnitKind.District or OrgUnitKind.DevelopmentZone && parent!.Kind != OrgUnitKind.City)
            throw new DomainException("区和开发区只能设在市级机构下");
        if (kind is OrgUnitKind.Town or OrgUnitKind.Street && parent!.Kind is not (OrgUnitKind.District or OrgUnitKind.DevelopmentZone))
            throw new DomainException("镇和街道只能设在区或开发区下");
        return new OrgUnit { Code = code, Name = name, Kind = kind, ParentId = parent?.Id, SortOrder = sortOrder };
    }

    /// <summary>Sets the materialised path once the database has given the unit its id.</summary>
    public void AssignPath(OrgUnit? parent)
    {
        if (Id == 0) throw new InvalidOperationException("The unit must be saved before its path is set.");
        Path = (parent?.Path ?? "/") + Id + "/";
    }

    public void Rename(string code, string name)
    {
        code = CheckedCode(code);
        name = CheckedName(name);
        Code = code;
        Name = name;
    }

    public void Reorder(int sortOrder)
    {
        CheckSortOrder(sortOrder);
        SortOrder = sortOrder;
    }

    private static string CheckedCode(string? code)
    {
        code = code?.Trim() ?? string.Empty;
        if (code.Length == 0 || code.Length > CodeMaxLength) throw new DomainException($"机构代码为1至{CodeMaxLength}个字符");
        return code;
    }

    private static string CheckedName(string? name)
    {
        name = name?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Length > NameMaxLength) throw new DomainException($"机构名称为1至{NameMaxLength}个字");
        return name;
    }

    private static void CheckSortOrder(int sortOrder)
    {
        if (sortOrder is < 0 or > SortOrderMax) throw new DomainException($"排序号为0至{SortOrderMax}的整数");
    }
}
