using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.UnitTests.Enterprises;

public sealed class EnterpriseTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 15, 2, 0, 0, TimeSpan.Zero);
    private static readonly UnifiedSocialCreditCode Code = UnifiedSocialCreditCode.Parse("91350100M000100Y43");

    private static EnterpriseProfile Profile() => new(
        Name: "郑州恒达精密机械有限公司",
        LegalRepresentative: "王建国",
        ScaleClass: "industry_above",
        IndustrySection: "C",
        TownId: 17,
        Tags: ["specialized"],
        Employees: 120,
        Address: "郑州市金水区文化路 88 号",
        EstablishedOn: new DateOnly(2012, 6, 30),
        Contacts: [new EnterpriseContact("李娜", "办公室主任", "13812345678")]);

    private static string Refused(EnterpriseProfile profile) =>
        Should.Throw<DomainException>(() => Enterprise.Register(Code, profile, Now)).Message;

    [Fact]
    public void Register_with_a_valid_profile_sets_every_field()
    {
        var enterprise = Enterprise.Register(Code, Profile(), Now);

        enterprise.Uscc.ShouldBe("91350100M000100Y43");
        enterprise.Name.ShouldBe("郑州恒达精密机械有限公司");
        enterprise.LegalRepresentative.ShouldBe("王建国");
        enterprise.ScaleClass.ShouldBe("industry_above");
        enterprise.IndustrySection.ShouldBe("C");
        enterprise.TownId.ShouldBe(17);
        enterprise.Tags.ShouldBe(["specialized"]);
        enterprise.Employees.ShouldBe(120);
        enterprise.Address.ShouldBe("郑州市金水区文化路 88 号");
        enterprise.EstablishedOn.ShouldBe(new DateOnly(2012, 6, 30));
        enterprise.Contacts.Count.ShouldBe(1);
        enterprise.Contacts[0].Name.ShouldBe("李娜");
        enterprise.Contacts[0].Title.ShouldBe("办公室主任");
        enterprise.Contacts[0].Phone.ShouldBe("13812345678");
        enterprise.CreatedAt.ShouldBe(Now);
        enterprise.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Register_trims_the_name_legal_representative_and_address()
    {
        var enterprise = Enterprise.Register(Code,
            Profile() with { Name = "  恒达机械 \t", LegalRepresentative = " 王建国 ", Address = "  文化路 88 号  " }, Now);

        enterprise.Name.ShouldBe("恒达机械");
        enterprise.LegalRepresentative.ShouldBe("王建国");
        enterprise.Address.ShouldBe("文化路 88 号");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_legal_representative_and_address_are_stored_as_null(string? blank)
    {
        var enterprise = Enterprise.Register(Code, Profile() with { LegalRepresentative = blank, Address = blank }, Now);

        enterprise.LegalRepresentative.ShouldBeNull();
        enterprise.Address.ShouldBeNull();
    }

    [Fact]
    public void Tags_are_kept_in_catalogue_order_without_duplicates()
    {
        var enterprise = Enterprise.Register(Code,
            Profile() with { Tags = ["key_support", "gazelle", "specialized", "gazelle"] }, Now);

        enterprise.Tags.ShouldBe(["specialized", "gazelle", "key_support"]);
    }

    [Fact]
    public void Enterprise_without_tags_or_contacts_or_founding_date_is_accepted()
    {
        var enterprise = Enterprise.Register(Code, Profile() with { Tags = [], Contacts = [], EstablishedOn = null }, Now);

        enterprise.Tags.ShouldBeEmpty();
        enterprise.Contacts.ShouldBeEmpty();
        enterprise.EstablishedOn.ShouldBeNull();
    }

    [Fact]
    public void Default_code_is_refused() =>
        Should.Throw<DomainException>(() => Enterprise.Register(default, Profile(), Now))
            .Message.ShouldBe("请填写统一社会信用代码");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Blank_name_is_refused(string name) =>
        Refused(Profile() with { Name = name }).ShouldBe("请填写企业名称");

    [Fact]
    public void Name_of_101_characters_is_refused() =>
        Refused(Profile() with { Name = new string('企', 101) }).ShouldBe("企业名称不能超过100个字");

    [Fact]
    public void Name_of_100_characters_is_accepted_even_with_surrounding_spaces() =>
        Enterprise.Register(Code, Profile() with { Name = "  " + new string('企', 100) + "  " }, Now).Name.Length.ShouldBe(100);

    [Fact]
    public void Legal_representative_of_31_characters_is_refused() =>
        Refused(Profile() with { LegalRepresentative = new string('王', 31) }).ShouldBe("法定代表人不能超过30个字");

    [Fact]
    public void Address_of_201_characters_is_refused() =>
        Refused(Profile() with { Address = new string('路', 201) }).ShouldBe("地址不能超过200个字");

    [Theory]
    [InlineData("")]
    [InlineData("huge")]
    [InlineData("INDUSTRY_ABOVE")]
    public void Unknown_scale_class_is_refused(string scale) =>
        Refused(Profile() with { ScaleClass = scale }).ShouldBe("请选择规模类型");

    [Theory]
    [InlineData("")]
    [InlineData("U")]
    [InlineData("c")]
    [InlineData("CC")]
    public void Unknown_industry_section_is_refused(string section) =>
        Refused(Profile() with { IndustrySection = section }).ShouldBe("请选择行业门类");

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void Missing_town_is_refused(long townId) =>
        Refused(Profile() with { TownId = townId }).ShouldBe("请选择所属镇街");

    [Fact]
    public void Unknown_tag_is_refused_and_named() =>
        Refused(Profile() with { Tags = ["specialized", "bogus"] }).ShouldBe("未知的企业标签：bogus");

    [Fact]
    public void Negative_employees_are_refused() =>
        Refused(Profile() with { Employees = -1 }).ShouldBe("从业人数不能为负数");

    [Fact]
    public void More_than_a_million_employees_are_refused() =>
        Refused(Profile() with { Employees = Enterprise.MaxEmployees + 1 }).ShouldBe("从业人数不能超过1000000");

    [Theory]
    [InlineData(0)]
    [InlineData(Enterprise.MaxEmployees)]
    public void Employees_at_the_bounds_are_accepted(int employees) =>
        Enterprise.Register(Code, Profile() with { Employees = employees }, Now).Employees.ShouldBe(employees);

    [Fact]
    public void Three_contacts_are_accepted() =>
        Enterprise.Register(Code, Profile() with { Contacts = Contacts(3) }, Now).Contacts.Count.ShouldBe(3);

    [Fact]
    public void More_than_three_contacts_are_refused() =>
        Refused(Profile() with { Contacts = Contacts(4) }).ShouldBe("联系人最多3位");

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Contact_without_phone_is_refused(string phone) =>
        Refused(Profile() with { Contacts = [new EnterpriseContact("李娜", null, phone)] }).ShouldBe("联系人电话不能为空");

    [Fact]
    public void Contact_without_name_is_refused() =>
        Refused(Profile() with { Contacts = [new EnterpriseContact(" ", null, "13812345678")] }).ShouldBe("联系人姓名不能为空");

    [Fact]
    public void Established_date_in_the_future_is_refused() =>
        Refused(Profile() with { EstablishedOn = new DateOnly(2025, 3, 17) }).ShouldBe("成立日期不能晚于今天");

    [Fact]
    public void Established_today_is_accepted() =>
        Enterprise.Register(Code, Profile() with { EstablishedOn = new DateOnly(2025, 3, 15) }, Now)
            .EstablishedOn.ShouldBe(new DateOnly(2025, 3, 15));

    [Fact]
    public void Update_profile_changes_the_fields_and_updated_at_but_not_created_at()
    {
        var enterprise = Enterprise.Register(Code, Profile(), Now);
        var later = Now.AddDays(3);

        enterprise.UpdateProfile(Profile() with
        {
            Name = "恒达智能装备有限公司",
            LegalRepresentative = null,
            ScaleClass = "services_above",
            IndustrySection = "I",
            TownId = 21,
            Tags = ["high_tech", "specialized"],
            Employees = 300,
            Address = null,
            EstablishedOn = new DateOnly(2013, 1, 1),
            Contacts = Contacts(2),
        }, later);

        enterprise.Name.ShouldBe("恒达智能装备有限公司");
        enterprise.LegalRepresentative.ShouldBeNull();
        enterprise.ScaleClass.ShouldBe("services_above");
        enterprise.IndustrySection.ShouldBe("I");
        enterprise.TownId.ShouldBe(21);
        enterprise.Tags.ShouldBe(["specialized", "high_tech"]);
        enterprise.Employees.ShouldBe(300);
        enterprise.Address.ShouldBeNull();
        enterprise.EstablishedOn.ShouldBe(new DateOnly(2013, 1, 1));
        enterprise.Contacts.Select(c => c.Name).ShouldBe(["联系人1", "联系人2"]);
        enterprise.UpdatedAt.ShouldBe(later);
        enterprise.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Update_profile_does_not_change_the_code()
    {
        var enterprise = Enterprise.Register(Code, Profile(), Now);

        enterprise.UpdateProfile(Profile() with { Name = "另一家公司" }, Now.AddHours(1));

        enterprise.Uscc.ShouldBe("91350100M000100Y43");
    }

    [Fact]
    public void Refused_update_leaves_the_enterprise_unchanged()
    {
        var enterprise = Enterprise.Register(Code, Profile(), Now);

        Should.Throw<DomainException>(() =>
            enterprise.UpdateProfile(Profile() with { Name = "新名称", Tags = ["high_tech"], Employees = -5 }, Now.AddDays(1)));

        enterprise.Name.ShouldBe("郑州恒达精密机械有限公司");
        enterprise.Tags.ShouldBe(["specialized"]);
        enterprise.Employees.ShouldBe(120);
        enterprise.UpdatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Changing_the_contact_list_passed_in_does_not_change_the_enterprise()
    {
        var contacts = new List<EnterpriseContact> { new("李娜", null, "13812345678") };
        var enterprise = Enterprise.Register(Code, Profile() with { Contacts = contacts }, Now);

        contacts.Add(new EnterpriseContact("张伟", null, "13912345678"));

        enterprise.Contacts.Count.ShouldBe(1);
    }

    private static List<EnterpriseContact> Contacts(int count) =>
        Enumerable.Range(1, count).Select(i => new EnterpriseContact($"联系人{i}", null, $"1381234567{i}")).ToList();

    [Theory]
    [InlineData(31, 1, 11, "联系人姓名不能超过30个字")]
    [InlineData(2, 31, 11, "联系人职务不能超过30个字")]
    [InlineData(2, 1, 21, "联系电话不能超过20个字符")]
    public void Overlong_contact_fields_are_refused(int nameLength, int titleLength, int phoneLength, string message)
    {
        var contact = new EnterpriseContact(new string('李', nameLength), new string('职', titleLength), new string('1', phoneLength));

        Refused(Profile() with { Contacts = [contact] }).ShouldBe(message);
    }
}
