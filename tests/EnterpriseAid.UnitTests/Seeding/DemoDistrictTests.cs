using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Seeding;

namespace EnterpriseAid.UnitTests.Seeding;

public sealed class DemoDistrictTests
{
    private static readonly IReadOnlyList<DemoEnterprise> Roster = DemoDistrict.Enterprises();

    [Fact]
    public void Default_roster_has_three_hundred_enterprises() => Roster.Count.ShouldBe(300);

    [Fact]
    public void Every_demo_uscc_passes_the_check()
    {
        foreach (var e in Roster)
            UnifiedSocialCreditCode.Check(e.Uscc).ShouldBe(UsccError.None, e.Uscc);
    }

    [Fact]
    public void Every_demo_uscc_is_registered_with_market_regulation_in_the_demo_district()
    {
        foreach (var e in Roster)
        {
            e.Uscc[0].ShouldBe('9', e.Uscc);
            e.Uscc[1].ShouldBeOneOf('1', '2');
            e.Uscc.Substring(2, 6).ShouldBe(DemoDistrict.DivisionCode);
        }
        Roster.Count(e => e.Uscc[1] == '1').ShouldBeGreaterThan(Roster.Count * 9 / 10);
    }

    [Fact]
    public void Organization_code_inside_each_uscc_carries_its_gb11714_check_character()
    {
        foreach (var e in Roster)
            e.Uscc[16].ShouldBe(DemoDistrict.OrganizationCodeCheck(e.Uscc.AsSpan(8, 8)), e.Uscc);
    }

    [Theory]
    [InlineData("D2143569", 'X')]
    [InlineData("M000100Y", '4')]
    public void Organization_code_check_matches_published_examples(string body, char expected) =>
        DemoDistrict.OrganizationCodeCheck(body).ShouldBe(expected);

    [Fact]
    public void Usccs_are_unique() => Roster.Select(e => e.Uscc).ShouldBeUnique();

    [Fact]
    public void Names_are_unique() => Roster.Select(e => e.Name).ShouldBeUnique();

    [Fact]
    public void Names_never_carry_a_number() =>
        Roster.ShouldAllBe(e => !Regex.IsMatch(e.Name, "[0-9０-９]"));

    [Fact]
    public void Generating_twice_gives_identical_output() =>
        DemoDistrict.Enterprises().Select(Describe).ShouldBe(DemoDistrict.Enterprises().Select(Describe));

    [Fact]
    public void Every_town_is_used()
    {
        var used = Roster.Select(e => e.TownCode).ToHashSet();
        DemoDistrict.Towns.Select(t => t.Code).ShouldAllBe(code => used.Contains(code));
    }

    [Fact]
    public void Every_enterprise_belongs_to_a_town_or_street()
    {
        var kinds = DemoDistrict.OrgUnits.ToDictionary(u => u.Code, u => u.Kind);
        Roster.ShouldAllBe(e => kinds.ContainsKey(e.TownCode)
            && (kinds[e.TownCode] == OrgUnitKind.Town || kinds[e.TownCode] == OrgUnitKind.Street));
    }

    [Fact]
    public void District_has_fifteen_departments_and_eight_to_twelve_towns_and_streets()
    {
        var district = DemoDistrict.OrgUnits.Single(u => u.Kind == OrgUnitKind.District);
        DemoDistrict.OrgUnits.Count(u => u.Kind == OrgUnitKind.Department && u.ParentCode == district.Code).ShouldBe(15);
        DemoDistrict.OrgUnits.Count(u => u.Kind is OrgUnitKind.Town or OrgUnitKind.Street && u.ParentCode == district.Code)
            .ShouldBeInRange(8, 12);
    }

    [Fact]
    public void Org_units_list_parents_before_children_with_unique_codes()
    {
        var seen = new HashSet<string>();
        foreach (var u in DemoDistrict.OrgUnits)
        {
            if (u.ParentCode is not null) seen.ShouldContain(u.ParentCode);
            seen.Add(u.Code).ShouldBeTrue(u.Code);
            u.Code.Length.ShouldBeLessThanOrEqualTo(OrgUnit.CodeMaxLength);
            u.Name.Length.ShouldBeLessThanOrEqualTo(OrgUnit.NameMaxLength);
        }
        DemoDistrict.OrgUnits.Count(u => u.ParentCode is null).ShouldBe(1);
    }

    [Fact]
    public void Every_org_unit_is_accepted_by_create()
    {
        var created = new Dictionary<string, OrgUnit>();
        foreach (var u in DemoDistrict.OrgUnits)
        {
            var parent = u.ParentCode is null ? null : created[u.ParentCode];
            created[u.Code] = Should.NotThrow(() => OrgUnit.Create(u.Code, u.Name, u.Kind, parent, u.SortOrder));
        }
    }

    [Fact]
    public void Every_profile_is_accepted_by_register()
    {
        var townIds = DemoDistrict.Towns.Select((t, i) => (t.Code, Id: i + 1L)).ToDictionary(x => x.Code, x => x.Id);
        var now = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var e in Roster)
        {
            var registered = Should.NotThrow(
                () => Enterprise.Register(UnifiedSocialCreditCode.Parse(e.Uscc), e.ToProfile(townIds[e.TownCode]), now),
                $"{e.Name} {e.Uscc}");
            registered.Tags.ShouldBe(e.Tags, ignoreOrder: true);
        }
    }

    [Fact]
    public void Every_scale_class_appears_with_a_consistent_industry_section()
    {
        Roster.Select(e => e.ScaleClass).Distinct().Count().ShouldBe(ScaleClasses.All.Count);
        Roster.Where(e => e.ScaleClass == "construction").ShouldAllBe(e => e.IndustrySection == "E");
        Roster.Where(e => e.ScaleClass == "real_estate").ShouldAllBe(e => e.IndustrySection == "K");
        Roster.Where(e => e.ScaleClass.StartsWith("industry_")).ShouldAllBe(e => "BCD".Contains(e.IndustrySection));
        Roster.Where(e => e.ScaleClass == "industry_above").ShouldAllBe(e => e.Employees >= 50);
    }

    [Fact]
    public void At_most_one_unicorn_and_most_enterprises_carry_no_tag()
    {
        Roster.Count(e => e.Tags.Contains("unicorn")).ShouldBeLessThanOrEqualTo(1);
        Roster.Count(e => e.Tags.Count == 0).ShouldBeGreaterThan(Roster.Count / 2);
    }

    [Fact]
    public void Contacts_have_eleven_digit_mobile_numbers()
    {
        foreach (var e in Roster)
        {
            e.Contacts.Count.ShouldBeInRange(1, 2);
            e.Contacts.ShouldAllBe(c => Regex.IsMatch(c.Phone, "^1[3-9][0-9]{9}$"));
        }
    }

    [Fact]
    public void Established_dates_fall_between_1995_and_2025()
    {
        Roster.ShouldAllBe(e => e.EstablishedOn >= new DateOnly(1995, 1, 1) && e.EstablishedOn <= new DateOnly(2025, 12, 31));
    }

    [Fact]
    public void A_smaller_roster_is_still_valid()
    {
        var small = DemoDistrict.Enterprises(20);
        small.Count.ShouldBe(20);
        small.Select(e => e.Uscc).ShouldBeUnique();
        small.ShouldAllBe(e => UnifiedSocialCreditCode.Check(e.Uscc) == UsccError.None);
    }

    private static string Describe(DemoEnterprise e) =>
        string.Join('|',
            e.Uscc, e.Name, e.LegalRepresentative, e.ScaleClass, e.IndustrySection, e.TownCode,
            string.Join(',', e.Tags), e.Employees, e.Address, e.EstablishedOn,
            string.Join(';', e.Contacts.Select(c => $"{c.Name}/{c.Title}/{c.Phone}")));
}
