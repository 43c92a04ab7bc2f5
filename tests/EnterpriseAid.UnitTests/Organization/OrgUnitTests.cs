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
        var unit = OrgUnit.Create("X1", "某机构", kind, District(City()));

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
}
