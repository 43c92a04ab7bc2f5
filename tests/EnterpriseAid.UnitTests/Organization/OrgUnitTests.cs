using System.Reflection;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;

namespace EnterpriseAid.UnitTests.Organization;

public sealed class OrgUnitTests
{
    /// <summary>Gives the unit the id the database would assign on save.</summary>
    private static OrgUnit Saved(OrgUnit unit, long id)
    {
        typeof(OrgUnit).GetProperty(nameof(OrgUnit.Id), BindingFlags.Public | BindingFlags.Instance)!.SetValue(unit, id);
        return unit;
    }

    private static OrgUnit City() => Saved(OrgUnit.Create("410100", "郑州市", OrgUnitKind.City, null), 1);

    private static OrgUnit District(OrgUnit city) => Saved(OrgUnit.Create("410105", "金水区", OrgUnitKind.District, city), 4);

    [Fact]
    public void City_is_created_without_a_parent()
    {
        var city = OrgUnit.Create(" 410100 ", " 郑州市 ", OrgUnitKind.City, null, sortOrder: 3);

        city.Code.ShouldBe("410100");
        city.Name.ShouldBe("郑州市");
        city.Kind.ShouldBe(OrgUnitKind.City);
        city.ParentId.ShouldBeNull();
        city.SortOrder.ShouldBe(3);
        city.Path.ShouldBe("/");
        city.IsRegion.ShouldBeTrue();
        city.IsTownLevel.ShouldBeFalse();
    }

    [Fact]
    public void City_with_a_parent_is_refused() =>
        Should.Throw<DomainException>(() => OrgUnit.Create("410101", "另一市", OrgUnitKind.City, City()))
            .Message.ShouldBe("市级机构不能有上级");

    [Theory]
    [InlineData(OrgUnitKind.District)]
    [InlineData(OrgUnitKind.DevelopmentZone)]
    [InlineData(OrgUnitKind.Town)]
    [InlineData(OrgUnitKind.Street)]
    [InlineData(OrgUnitKind.Department)]
    public void Unit_below_the_city_without_a_parent_is_refused(OrgUnitKind kind) =>
        Should.Throw<DomainException>(() => OrgUnit.Create("X1", "某机构", kind, null))
            .Message.ShouldBe("请选择上级机构");

    [Theory]
    [InlineData(OrgUnitKind.District)]
    [InlineData(OrgUnitKind.DevelopmentZone)]
    [InlineData(OrgUnitKind.Department)]
    public void Unit_under_the_city_records_its_parent_id(OrgUnitKind kind) =>
        OrgUnit.Create("X1", "某机构", kind, City()).ParentId.ShouldBe(1);

    [Theory]
    [InlineData(OrgUnitKind.Town)]
    [InlineData(OrgUnitKind.Street)]
    [InlineData(OrgUnitKind.Department)]
    public void Unit_under_a_district_is_accepted(OrgUnitKind kind)
    {
        var unit = OrgUnit.Create("X1", "某机构", kind, District(City()));

        unit.ParentId.ShouldBe(4);
        unit.Kind.ShouldBe(kind);
    }

    [Theory]
    [InlineData(OrgUnitKind.Town, OrgUnitKind.Town)]
    [InlineData(OrgUnitKind.Town, OrgUnitKind.Department)]
    [InlineData(OrgUnitKind.Street, OrgUnitKind.Street)]
    [InlineData(OrgUnitKind.Street, OrgUnitKind.District)]
    [InlineData(OrgUnitKind.Department, OrgUnitKind.Department)]
    [InlineData(OrgUnitKind.Department, OrgUnitKind.Town)]
    public void Town_street_and_department_cannot_have_children(OrgUnitKind parentKind, OrgUnitKind childKind)
    {
        var parent = Saved(OrgUnit.Create("P1", "上级", parentKind, District(City())), 17);

        Should.Throw<DomainException>(() => OrgUnit.Create("C1", "下级", childKind, parent))
            .Message.ShouldBe("镇街和部门下不能再设下级机构");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Blank_code_is_refused(string? code) =>
        Should.Throw<DomainException>(() => OrgUnit.Create(code!, "郑州市", OrgUnitKind.City, null))
            .Message.ShouldBe("机构代码为1至32个字符");

    [Fact]
    public void Code_of_33_characters_is_refused() =>
        Should.Throw<DomainException>(() => OrgUnit.Create(new string('A', 33), "郑州市", OrgUnitKind.City, null))
            .Message.ShouldBe("机构代码为1至32个字符");

    [Fact]
    public void Code_of_32_characters_is_accepted() =>
        OrgUnit.Create(new string('A', 32), "郑州市", OrgUnitKind.City, null).Code.Length.ShouldBe(32);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Blank_name_is_refused(string? name) =>
        Should.Throw<DomainException>(() => OrgUnit.Create("410100", name!, OrgUnitKind.City, null))
            .Message.ShouldBe("机构名称为1至60个字");

    [Fact]
    public void Name_of_61_characters_is_refused() =>
        Should.Throw<DomainException>(() => OrgUnit.Create("410100", new string('市', 61), OrgUnitKind.City, null))
            .Message.ShouldBe("机构名称为1至60个字");

    [Fact]
    public void Name_of_60_characters_is_accepted() =>
        OrgUnit.Create("410100", new string('市', 60), OrgUnitKind.City, null).Name.Length.ShouldBe(60);

    [Theory]
    [InlineData(OrgUnitKind.Town, true, true)]
    [InlineData(OrgUnitKind.Street, true, true)]
    [InlineData(OrgUnitKind.Department, false, false)]
    [InlineData(OrgUnitKind.DevelopmentZone, true, false)]
    public void Kind_decides_region_and_town_level(OrgUnitKind kind, bool isRegion, bool isTownLevel)
    {
        // A development zone sits under the city; the others are created under the district.
        var parent = kind == OrgUnitKind.DevelopmentZone ? City() : District(City());
        var unit = OrgUnit.Create("X1", "某机构", kind, parent);

        unit.IsRegion.ShouldBe(isRegion);
        unit.IsTownLevel.ShouldBe(isTownLevel);
    }

    [Fact]
    public void Assigning_a_path_before_the_unit_is_saved_is_refused()
    {
        var unit = OrgUnit.Create("410100", "郑州市", OrgUnitKind.City, null);

        Should.Throw<InvalidOperationException>(() => unit.AssignPath(null));
        unit.Path.ShouldBe("/");
    }

    [Fact]
    public void Root_path_holds_only_its_own_id()
    {
        var city = City();

        city.AssignPath(null);

        city.Path.ShouldBe("/1/");
    }

    [Fact]
    public void Path_is_the_parent_path_followed_by_the_id()
    {
        var city = City();
        city.AssignPath(null);
        var district = District(city);
        district.AssignPath(city);
        var town = Saved(OrgUnit.Create("410105001", "文化路街道", OrgUnitKind.Street, district), 17);

        town.AssignPath(district);

        district.Path.ShouldBe("/1/4/");
        town.Path.ShouldBe("/1/4/17/");
        town.Path.ShouldStartWith(district.Path);
    }

    // Every parent kind (none = the top of the tree) against every child kind: null means allowed.
    public static TheoryData<OrgUnitKind?, OrgUnitKind, string?> ParentChildPairs() => new()
    {
        { null, OrgUnitKind.City, null },
        { null, OrgUnitKind.District, "请选择上级机构" },
        { null, OrgUnitKind.DevelopmentZone, "请选择上级机构" },
        { null, OrgUnitKind.Town, "请选择上级机构" },
        { null, OrgUnitKind.Street, "请选择上级机构" },
        { null, OrgUnitKind.Department, "请选择上级机构" },

        { OrgUnitKind.City, OrgUnitKind.City, "市级机构不能有上级" },
        { OrgUnitKind.City, OrgUnitKind.District, null },
        { OrgUnitKind.City, OrgUnitKind.DevelopmentZone, null },
        { OrgUnitKind.City, OrgUnitKind.Town, "镇和街道只能设在区或开发区下" },
        { OrgUnitKind.City, OrgUnitKind.Street, "镇和街道只能设在区或开发区下" },
        { OrgUnitKind.City, OrgUnitKind.Department, null },

        { OrgUnitKind.District, OrgUnitKind.City, "市级机构不能有上级" },
        { OrgUnitKind.District, OrgUnitKind.District, "区和开发区只能设在市级机构下" },
        { OrgUnitKind.District, OrgUnitKind.DevelopmentZone, "区和开发区只能设在市级机构下" },
        { OrgUnitKind.District, OrgUnitKind.Town, null },
        { OrgUnitKind.District, OrgUnitKind.Street, null },
        { OrgUnitKind.District, OrgUnitKind.Department, null },

        { OrgUnitKind.DevelopmentZone, OrgUnitKind.City, "市级机构不能有上级" },
        { OrgUnitKind.DevelopmentZone, OrgUnitKind.District, "区和开发区只能设在市级机构下" },
        { OrgUnitKind.DevelopmentZone, OrgUnitKind.DevelopmentZone, "区和开发区只能设在市级机构下" },
        { OrgUnitKind.DevelopmentZone, OrgUnitKind.Town, null },
        { OrgUnitKind.DevelopmentZone, OrgUnitKind.Street, null },
        { OrgUnitKind.DevelopmentZone, OrgUnitKind.Department, null },

        { OrgUnitKind.Town, OrgUnitKind.City, "市级机构不能有上级" },
        { OrgUnitKind.Town, OrgUnitKind.District, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Town, OrgUnitKind.DevelopmentZone, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Town, OrgUnitKind.Town, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Town, OrgUnitKind.Street, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Town, OrgUnitKind.Department, "镇街和部门下不能再设下级机构" },

        { OrgUnitKind.Street, OrgUnitKind.City, "市级机构不能有上级" },
        { OrgUnitKind.Street, OrgUnitKind.District, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Street, OrgUnitKind.DevelopmentZone, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Street, OrgUnitKind.Town, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Street, OrgUnitKind.Street, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Street, OrgUnitKind.Department, "镇街和部门下不能再设下级机构" },

        { OrgUnitKind.Department, OrgUnitKind.City, "市级机构不能有上级" },
        { OrgUnitKind.Department, OrgUnitKind.District, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Department, OrgUnitKind.DevelopmentZone, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Department, OrgUnitKind.Town, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Department, OrgUnitKind.Street, "镇街和部门下不能再设下级机构" },
        { OrgUnitKind.Department, OrgUnitKind.Department, "镇街和部门下不能再设下级机构" },
    };

    /// <summary>A saved unit of the given kind, itself placed where the rules allow.</summary>
    private static OrgUnit? ParentOfKind(OrgUnitKind? kind) => kind switch
    {
        null => null,
        OrgUnitKind.City => City(),
        OrgUnitKind.District => District(City()),
        OrgUnitKind.DevelopmentZone => Saved(OrgUnit.Create("410171", "经济技术开发区", OrgUnitKind.DevelopmentZone, City()), 5),
        _ => Saved(OrgUnit.Create("P1", "上级", kind.Value, District(City())), 17),
    };

    [Theory]
    [MemberData(nameof(ParentChildPairs))]
    public void Each_kind_is_accepted_only_under_the_parents_the_tree_allows(OrgUnitKind? parentKind, OrgUnitKind kind, string? refusal)
    {
        var parent = ParentOfKind(parentKind);

        if (refusal is null)
        {
            var unit = OrgUnit.Create("C1", "下级", kind, parent);
            unit.Kind.ShouldBe(kind);
            unit.ParentId.ShouldBe(parent?.Id);
        }
        else
        {
            Should.Throw<DomainException>(() => OrgUnit.Create("C1", "下级", kind, parent)).Message.ShouldBe(refusal);
        }
    }

    [Theory]
    [MemberData(nameof(ParentChildPairs))]
    public void The_kinds_offered_under_a_parent_are_exactly_those_Create_accepts(OrgUnitKind? parentKind, OrgUnitKind kind, string? refusal) =>
        OrgUnit.KindsAllowedUnder(parentKind).Contains(kind).ShouldBe(refusal is null);

    [Fact]
    public void An_undefined_kind_is_refused() =>
        Should.Throw<DomainException>(() => OrgUnit.Create("X1", "某机构", (OrgUnitKind)99, City()))
            .Message.ShouldBe("请选择机构类型");

    [Theory]
    [InlineData(-1)]
    [InlineData(100_000)]
    public void Create_with_a_sort_order_out_of_range_is_refused(int sortOrder) =>
        Should.Throw<DomainException>(() => OrgUnit.Create("410100", "郑州市", OrgUnitKind.City, null, sortOrder))
            .Message.ShouldBe("排序号为0至99999的整数");

    [Fact]
    public void Rename_trims_and_replaces_code_and_name()
    {
        var district = District(City());

        district.Rename(" 410105A ", " 金水新区 ");

        district.Code.ShouldBe("410105A");
        district.Name.ShouldBe("金水新区");
    }

    [Fact]
    public void Rename_keeps_kind_parent_and_path()
    {
        var city = City();
        city.AssignPath(null);
        var district = District(city);
        district.AssignPath(city);

        district.Rename("410106", "中原区");

        district.Kind.ShouldBe(OrgUnitKind.District);
        district.ParentId.ShouldBe(1);
        district.Path.ShouldBe("/1/4/");
    }

    [Theory]
    [InlineData("", "金水区", "机构代码为1至32个字符")]
    [InlineData("  ", "金水区", "机构代码为1至32个字符")]
    [InlineData(null, "金水区", "机构代码为1至32个字符")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "金水区", "机构代码为1至32个字符")]
    [InlineData("410105", "", "机构名称为1至60个字")]
    [InlineData("410105", " ", "机构名称为1至60个字")]
    [InlineData("410105", null, "机构名称为1至60个字")]
    public void Rename_out_of_bounds_is_refused_and_changes_nothing(string? code, string? name, string message)
    {
        var district = District(City());

        Should.Throw<DomainException>(() => district.Rename(code!, name!)).Message.ShouldBe(message);

        district.Code.ShouldBe("410105");
        district.Name.ShouldBe("金水区");
    }

    [Fact]
    public void Rename_accepts_the_longest_code_and_name()
    {
        var district = District(City());

        district.Rename(new string('A', 32), new string('区', 60));

        district.Code.Length.ShouldBe(32);
        district.Name.Length.ShouldBe(60);
    }

    [Fact]
    public void Rename_to_a_name_of_61_characters_is_refused() =>
        Should.Throw<DomainException>(() => District(City()).Rename("410105", new string('区', 61)))
            .Message.ShouldBe("机构名称为1至60个字");

    [Theory]
    [InlineData(0)]
    [InlineData(35)]
    [InlineData(99_999)]
    public void Reorder_sets_the_sort_order(int sortOrder)
    {
        var district = District(City());

        district.Reorder(sortOrder);

        district.SortOrder.ShouldBe(sortOrder);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100_000)]
    [InlineData(int.MinValue)]
    public void Reorder_out_of_range_is_refused_and_keeps_the_old_order(int sortOrder)
    {
        var district = Saved(OrgUnit.Create("410105", "金水区", OrgUnitKind.District, City(), sortOrder: 20), 4);

        Should.Throw<DomainException>(() => district.Reorder(sortOrder)).Message.ShouldBe("排序号为0至99999的整数");

        district.SortOrder.ShouldBe(20);
    }
}
