using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Enterprises;
using FluentValidation.Results;

namespace EnterpriseAid.UnitTests.Features.Enterprises;

public sealed class EnterpriseFormValidatorTests
{
    // Local time zone of the fixed clock is UTC, so "today" is 2025-03-15.
    private static readonly DateTimeOffset Now = new(2025, 3, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly EnterpriseFormValidator _validator = new(new FixedTimeProvider(Now), TestLocalizer.Create());

    private static EnterpriseFormModel Valid() => new()
    {
        Uscc = "91350100M000100Y43",
        Name = "郑州恒达精密机械有限公司",
        LegalRepresentative = "王建国",
        ScaleClass = "industry_above",
        IndustrySection = "C",
        TownId = "17",
        Tags = ["specialized", "high_tech"],
        Employees = "120",
        Address = "郑州市金水区文化路 88 号",
        EstablishedOn = "2012-06-30",
        Contacts =
        [
            new ContactFormModel { Name = "李娜", Title = "办公室主任", Phone = "13812345678" },
            new ContactFormModel { Name = "张伟", Phone = "0371-12345678" },
            new ContactFormModel(),
        ],
    };

    private ValidationResult Validate(Action<EnterpriseFormModel> change)
    {
        var model = Valid();
        change(model);
        return TestLocalizer.InCulture("zh-CN", () => _validator.Validate(model));
    }

    /// <summary>The single failure the change causes: its property name and message.</summary>
    private (string Property, string Message) OnlyFailure(Action<EnterpriseFormModel> change)
    {
        var failure = Validate(change).Errors.ShouldHaveSingleItem();
        return (failure.PropertyName, failure.ErrorMessage);
    }

    [Fact]
    public void Valid_model_passes()
    {
        var result = _validator.Validate(Valid());

        result.Errors.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Model_with_only_the_required_fields_passes()
    {
        var result = _validator.Validate(new EnterpriseFormModel
        {
            Uscc = "91110108551385082q",
            Name = "恒达",
            ScaleClass = "other",
            IndustrySection = "T",
            TownId = "3",
            Employees = "0",
        });

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Valid_model_converts_to_a_profile_the_domain_accepts()
    {
        var model = Valid();
        model.Name = "  恒达机械  ";
        model.Employees = " 42 ";
        model.Contacts[0].Phone = " 13812345678 ";
        _validator.Validate(model).IsValid.ShouldBeTrue();

        var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(model.Uscc), model.ToProfile(), Now);

        enterprise.Name.ShouldBe("恒达机械");
        enterprise.Employees.ShouldBe(42);
        enterprise.TownId.ShouldBe(17);
        enterprise.EstablishedOn.ShouldBe(new DateOnly(2012, 6, 30));
        enterprise.Contacts.Select(c => c.Phone).ShouldBe(["13812345678", "0371-12345678"]);
    }

    [Theory]
    [InlineData(null, "请填写统一社会信用代码")]
    [InlineData("  ", "请填写统一社会信用代码")]
    [InlineData("91350100M000100Y4", "统一社会信用代码应为18位")]
    [InlineData("91350100M000100YO3", "统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）")]
    [InlineData("91350100M000100Y44", "统一社会信用代码校验位不正确，请核对后重新输入")]
    public void Bad_code_is_reported_on_uscc(string? uscc, string message) =>
        OnlyFailure(m => m.Uscc = uscc).ShouldBe(("Uscc", message));

    [Fact]
    public void Lower_case_code_passes() =>
        Validate(m => m.Uscc = " 91350100m000100y43 ").IsValid.ShouldBeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_name_is_reported(string? name) =>
        OnlyFailure(m => m.Name = name).ShouldBe(("Name", "请填写企业名称"));

    [Fact]
    public void Name_of_101_characters_is_reported() =>
        OnlyFailure(m => m.Name = new string('企', 101)).ShouldBe(("Name", "企业名称不能超过100个字"));

    [Fact]
    public void Name_of_100_characters_passes() =>
        Validate(m => m.Name = " " + new string('企', 100) + " ").IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("恒达\u0007机械")]
    [InlineData("恒达\n机械")]
    [InlineData("恒达机械\u0000")]
    public void Control_characters_in_the_name_are_reported(string name) =>
        OnlyFailure(m => m.Name = name).ShouldBe(("Name", "企业名称含有不可见的控制字符"));

    [Fact]
    public void Legal_representative_of_31_characters_is_reported() =>
        OnlyFailure(m => m.LegalRepresentative = new string('王', 31)).ShouldBe(("LegalRepresentative", "法定代表人不能超过30个字"));

    [Fact]
    public void Address_of_201_characters_is_reported() =>
        OnlyFailure(m => m.Address = new string('路', 201)).ShouldBe(("Address", "地址不能超过200个字"));

    [Theory]
    [InlineData("x")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_scale_class_is_reported(string? scale) =>
        OnlyFailure(m => m.ScaleClass = scale).ShouldBe(("ScaleClass", "请选择规模类型"));

    [Theory]
    [InlineData("c")]
    [InlineData("Z")]
    [InlineData(null)]
    public void Unknown_industry_section_is_reported(string? section) =>
        OnlyFailure(m => m.IndustrySection = section).ShouldBe(("IndustrySection", "请选择行业门类"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    public void Missing_town_is_reported(string? town) =>
        OnlyFailure(m => m.TownId = town).ShouldBe(("TownId", "请选择所属镇街"));

    [Fact]
    public void Unknown_tag_is_reported_at_its_index()
    {
        OnlyFailure(m => m.Tags = ["bogus"]).ShouldBe(("Tags[0]", "未知的企业标签"));
        OnlyFailure(m => m.Tags = ["specialized", "bogus"]).ShouldBe(("Tags[1]", "未知的企业标签"));
    }

    [Theory]
    [InlineData("abc", "从业人数应为整数")]
    [InlineData("12.5", "从业人数应为整数")]
    [InlineData("1,000", "从业人数应为整数")]
    [InlineData("+5", "从业人数应为整数")]
    [InlineData("-3", "从业人数不能为负数")]
    [InlineData(" -3 ", "从业人数不能为负数")]
    [InlineData("", "请填写从业人数")]
    [InlineData("  ", "请填写从业人数")]
    [InlineData(null, "请填写从业人数")]
    [InlineData("1000001", "从业人数不能超过1000000")]
    [InlineData("99999999999999999999", "从业人数不能超过1000000")]
    public void Bad_employees_are_reported(string? employees, string message) =>
        OnlyFailure(m => m.Employees = employees).ShouldBe(("Employees", message));

    [Theory]
    [InlineData("0")]
    [InlineData(" 42 ")]
    [InlineData("1000000")]
    public void Whole_numbers_of_employees_up_to_a_million_pass(string employees) =>
        Validate(m => m.Employees = employees).IsValid.ShouldBeTrue();

    [Theory]
    [InlineData("2015/06/30")]
    [InlineData("2015-6-30")]
    [InlineData("2015-02-30")]
    [InlineData("30-06-2015")]
    [InlineData("去年")]
    public void Established_date_in_a_bad_format_is_reported(string date) =>
        OnlyFailure(m => m.EstablishedOn = date).ShouldBe(("EstablishedOn", "成立日期格式应为 年-月-日，如 2015-06-30"));

    [Theory]
    [InlineData("2025-03-16")]
    [InlineData("2030-01-01")]
    public void Established_date_in_the_future_is_reported(string date) =>
        OnlyFailure(m => m.EstablishedOn = date).ShouldBe(("EstablishedOn", "成立日期不能晚于今天"));

    [Fact]
    public void Established_date_before_1900_is_reported() =>
        OnlyFailure(m => m.EstablishedOn = "1899-12-31").ShouldBe(("EstablishedOn", "成立日期不能早于1900年"));

    [Theory]
    [InlineData("2025-03-15")]
    [InlineData("1900-01-01")]
    [InlineData(" 2015-06-30 ")]
    [InlineData("")]
    [InlineData(null)]
    public void Established_date_from_1900_to_today_or_none_passes(string? date) =>
        Validate(m => m.EstablishedOn = date).IsValid.ShouldBeTrue();

    [Fact]
    public void Bad_phone_in_the_second_contact_is_reported_on_that_row() =>
        OnlyFailure(m => m.Contacts[1].Phone = "123")
            .ShouldBe(("Contacts[1].Phone", "联系电话应为11位手机号或带区号的固定电话，如 0371-12345678"));

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("371-12345678")]
    [InlineData("0371-123456")]
    [InlineData("１３８１２３４５６７８")]
    public void Phone_that_is_neither_mobile_nor_landline_is_reported(string phone) =>
        OnlyFailure(m => m.Contacts[0].Phone = phone).Property.ShouldBe("Contacts[0].Phone");

    [Theory]
    [InlineData("13812345678")]
    [InlineData("19912345678")]
    [InlineData("0371-12345678")]
    [InlineData("037112345678")]
    [InlineData("010-12345678-8021")]
    [InlineData(" 13812345678 ")]
    public void Mobile_and_landline_numbers_pass(string phone) =>
        Validate(m => m.Contacts[0].Phone = phone).IsValid.ShouldBeTrue();

    [Fact]
    public void Contact_with_a_phone_but_no_name_is_reported() =>
        OnlyFailure(m => m.Contacts[1].Name = " ").ShouldBe(("Contacts[1].Name", "请填写联系人姓名"));

    [Fact]
    public void Contact_with_a_name_but_no_phone_is_reported() =>
        OnlyFailure(m => m.Contacts[0].Phone = null).ShouldBe(("Contacts[0].Phone", "请填写联系电话"));

    [Fact]
    public void Contact_with_only_a_title_is_reported_on_name_and_phone()
    {
        var result = Validate(m => m.Contacts[2].Title = "经理");

        result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ShouldBe(
            [("Contacts[2].Name", "请填写联系人姓名"), ("Contacts[2].Phone", "请填写联系电话")], ignoreOrder: true);
    }

    [Fact]
    public void Control_characters_in_a_contact_name_are_reported() =>
        OnlyFailure(m => m.Contacts[0].Name = "李\t娜").ShouldBe(("Contacts[0].Name", "联系人姓名含有不可见的控制字符"));

    [Fact]
    public void Blank_contact_rows_are_ignored()
    {
        var result = Validate(m => m.Contacts =
        [
            new ContactFormModel(),
            new ContactFormModel { Name = "  ", Title = "", Phone = " " },
            new ContactFormModel { Name = "李娜", Phone = "13812345678" },
            new ContactFormModel(),
        ]);

        result.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Bad_row_after_a_blank_row_keeps_its_own_index() =>
        OnlyFailure(m => m.Contacts =
        [
            new ContactFormModel(),
            new ContactFormModel { Name = "李娜", Phone = "123" },
        ]).Property.ShouldBe("Contacts[1].Phone");

    [Fact]
    public void More_than_three_filled_contacts_are_reported()
    {
        var result = Validate(m => m.Contacts.AddRange(
        [
            new ContactFormModel { Name = "王五", Phone = "13912345678" },
            new ContactFormModel { Name = "赵六", Phone = "13712345678" },
        ]));

        result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ShouldBe([("Contacts", "联系人最多3位")]);
    }

    [Fact]
    public void Several_bad_fields_are_all_reported()
    {
        var result = Validate(m =>
        {
            m.Uscc = "";
            m.Name = "";
            m.Employees = "abc";
            m.TownId = "";
        });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["Uscc", "Name", "TownId", "Employees"], ignoreOrder: true);
    }

    [Fact]
    public void An_English_user_reads_the_messages_in_English()
    {
        var model = Valid();
        model.Name = "";
        model.Employees = "abc";

        var result = TestLocalizer.InCulture("en-US", () => _validator.Validate(model));

        result.Errors.Select(e => e.ErrorMessage).ShouldBe(
            ["Please enter the Enterprise name", "Employees must be a whole number"], ignoreOrder: true);
    }
}
