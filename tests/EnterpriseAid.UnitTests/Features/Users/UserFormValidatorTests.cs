using EnterpriseAid.Domain.Identity;
using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Users;

namespace EnterpriseAid.UnitTests.Features.Users;

public sealed class UserFormValidatorTests
{
    private const string ValidUscc = "91350100M000100Y43";

    private readonly UserFormValidator _validator = new(TestLocalizer.Create());

    private static UserFormModel Valid() => new()
    {
        UserName = "cg.zhangwei",
        DisplayName = "张伟",
        PhoneNumber = "13812345678",
        Roles = [PortalRoles.Official],
        OrgUnitId = "12",
        Password = "Chengguan#2026",
        IsNew = true,
    };

    /// <summary>The single failure the change causes: its property name and message.</summary>
    private (string Property, string Message) OnlyFailure(Action<UserFormModel> change, string culture = "zh-CN")
    {
        var model = Valid();
        change(model);
        return TestLocalizer.OnlyFailure(_validator, model, culture);
    }

    [Fact]
    public void Valid_model_passes() => _validator.Validate(Valid()).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("abc")]
    [InlineData("A.b_c-9")]
    [InlineData(" padded.name ")]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345")]
    public void User_names_of_3_to_32_letters_digits_and_separators_pass(string userName) =>
        _validator.Validate(Change(m => m.UserName = userName)).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("张伟")]
    [InlineData("has space")]
    [InlineData("a@b.cn")]
    public void Other_user_names_are_refused(string userName) =>
        OnlyFailure(m => m.UserName = userName).ShouldBe(("UserName", "用户名须为3–32位字母、数字或 - . _"));

    [Fact]
    public void A_missing_user_name_asks_for_one() => OnlyFailure(m => m.UserName = " ").ShouldBe(("UserName", "请填写用户名"));

    [Fact]
    public void A_missing_display_name_asks_for_one() => OnlyFailure(m => m.DisplayName = null).ShouldBe(("DisplayName", "请填写姓名"));

    [Fact]
    public void A_display_name_over_30_characters_is_refused() =>
        OnlyFailure(m => m.DisplayName = new string('张', 31)).ShouldBe(("DisplayName", "姓名不能超过30个字"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("19912345678")]
    [InlineData(" 13812345678 ")]
    public void The_mobile_is_optional_and_when_given_a_mainland_mobile(string? phone) =>
        _validator.Validate(Change(m => m.PhoneNumber = phone)).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("0371-12345678")]
    [InlineData("+8613812345678")]
    public void Other_phone_numbers_are_refused(string phone) =>
        OnlyFailure(m => m.PhoneNumber = phone).ShouldBe(("PhoneNumber", "手机应为11位中国大陆手机号码"));

    [Fact]
    public void At_least_one_role_is_required() => OnlyFailure(m => m.Roles = []).ShouldBe(("Roles", "请至少选择一个角色"));

    [Fact]
    public void An_unknown_role_is_refused() =>
        OnlyFailure(m => m.Roles = [PortalRoles.Official, "Root"]).ShouldBe(("Roles", "所选角色不存在，请刷新后重新选择"));

    [Fact]
    public void Several_government_roles_may_be_combined() =>
        _validator.Validate(Change(m => m.Roles = [PortalRoles.Dispatcher, PortalRoles.Supervisor, PortalRoles.Official])).Errors.ShouldBeEmpty();

    [Fact]
    public void An_enterprise_user_cannot_hold_a_government_role_too() =>
        OnlyFailure(m => { m.Roles = [PortalRoles.Enterprise, PortalRoles.Official]; m.EnterpriseUscc = ValidUscc; })
            .ShouldBe(("Roles", "企业用户不能兼任其他角色"));

    [Theory]
    [InlineData(null, "请选择所属机构")]
    [InlineData("", "请选择所属机构")]
    [InlineData("abc", "所选机构不存在，请刷新后重新选择")]
    [InlineData("-3", "所选机构不存在，请刷新后重新选择")]
    public void Government_roles_need_a_unit(string? unit, string message) =>
        OnlyFailure(m => m.OrgUnitId = unit).ShouldBe(("OrgUnitId", message));

    [Fact]
    public void An_enterprise_user_needs_no_unit_but_an_enterprise_code() =>
        OnlyFailure(m => { m.Roles = [PortalRoles.Enterprise]; m.OrgUnitId = null; })
            .ShouldBe(("EnterpriseUscc", "企业用户须填写所属企业的统一社会信用代码"));

    [Theory]
    [InlineData("91350100M000100Y4", "统一社会信用代码应为18位")]
    [InlineData("91350100M000100Y44", "统一社会信用代码校验位不正确，请核对后重新输入")]
    public void The_enterprise_code_must_be_a_valid_code(string uscc, string message) =>
        OnlyFailure(m => { m.Roles = [PortalRoles.Enterprise]; m.OrgUnitId = null; m.EnterpriseUscc = uscc; })
            .ShouldBe(("EnterpriseUscc", message));

    [Fact]
    public void An_enterprise_user_with_a_valid_code_in_lower_case_passes() =>
        _validator.Validate(Change(m => { m.Roles = [PortalRoles.Enterprise]; m.OrgUnitId = null; m.EnterpriseUscc = ValidUscc.ToLowerInvariant(); }))
            .Errors.ShouldBeEmpty();

    [Fact]
    public void A_new_user_needs_an_initial_password() => OnlyFailure(m => m.Password = "").ShouldBe(("Password", "请填写初始密码"));

    [Fact]
    public void An_edit_needs_no_password() =>
        _validator.Validate(Change(m => { m.IsNew = false; m.Password = null; })).Errors.ShouldBeEmpty();

    [Fact]
    public void Messages_follow_the_users_language() =>
        OnlyFailure(m => m.Roles = [], "en-US").ShouldBe(("Roles", "Select at least one role"));

    private static UserFormModel Change(Action<UserFormModel> change)
    {
        var model = Valid();
        change(model);
        return model;
    }
}
