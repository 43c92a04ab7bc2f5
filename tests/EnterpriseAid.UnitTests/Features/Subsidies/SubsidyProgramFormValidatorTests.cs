using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Subsidies;

namespace EnterpriseAid.UnitTests.Features.Subsidies;

public sealed class SubsidyProgramFormValidatorTests
{
    private readonly SubsidyProgramFormValidator _validator = new(TestLocalizer.Create());

    private static SubsidyProgramForm Valid() => new()
    {
        PolicyId = 3, Name = "稳岗补贴兑现", Batch = "2026年第一批", Budget = "1,000,000.50", ApplyFrom = "2026-11-01", ApplyTo = "2026-11-30", NoticeDays = 7,
    };

    private Dictionary<string, string> Errors(SubsidyProgramForm model, string culture = "zh-CN") =>
        TestLocalizer.InCulture(culture, () => _validator.Validate(model).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage));

    [Fact]
    public void A_complete_form_passes()
    {
        Errors(Valid()).ShouldBeEmpty();
    }

    [Fact]
    public void Each_bad_field_gets_its_own_chinese_message()
    {
        var form = Valid();
        form.PolicyId = null;
        form.Name = " ";
        form.Budget = "12.345";
        form.ApplyTo = "2026-10-31";
        form.NoticeDays = 0;
        form.MianShenJiXiang = true;
        form.StandardAmount = "一万";

        var errors = Errors(form);

        errors["PolicyId"].ShouldBe("请选择所属政策");
        errors["Name"].ShouldBe("请填写兑现项目");
        errors["Budget"].ShouldBe("预算须为大于0的金额，单位元，最多两位小数");
        errors["ApplyTo"].ShouldBe("申报截止日期不能早于开始日期");
        errors["NoticeDays"].ShouldBe("公示期为1至60天");
        errors["StandardAmount"].ShouldBe("每户兑现标准须为大于0的金额，单位元，最多两位小数");
        errors.ShouldNotContainKey("Batch");
    }

    [Fact]
    public void Messages_follow_the_users_language()
    {
        var form = Valid();
        form.ApplyFrom = "11/01/2026";
        Errors(form, "en-US")["ApplyFrom"].ShouldBe("Applications from must be a date such as 2026-01-31");
    }
}
