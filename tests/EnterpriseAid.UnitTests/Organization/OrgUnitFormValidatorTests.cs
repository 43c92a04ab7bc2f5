using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Organization;

namespace EnterpriseAid.UnitTests.Organization;

public sealed class OrgUnitFormValidatorTests
{
    private readonly OrgUnitFormValidator _validator = new(TestLocalizer.Create());

    private static OrgUnitFormModel Valid() => new() { Kind = "Street", Code = "XH-T11", Name = "滨河街道", SortOrder = "110" };

    /// <summary>The single failure the change causes: its property name and message, in Chinese.</summary>
    private (string Property, string Message) OnlyFailure(Action<OrgUnitFormModel> change, string culture = "zh-CN")
    {
        var model = Valid();
        change(model);
        return TestLocalizer.OnlyFailure(_validator, model, culture);
    }

    [Fact]
    public void Valid_model_passes() => _validator.Validate(Valid()).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("410105")]
    [InlineData("xh-t01")]
    [InlineData("A.B_C-1")]
    [InlineData(" XH-T12 ")]
    public void Codes_of_letters_digits_and_separators_pass(string code) =>
        _validator.Validate(new OrgUnitFormModel { Kind = "Town", Code = code, Name = "某镇", SortOrder = "0" }).Errors.ShouldBeEmpty();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("city")]
    [InlineData("City, Town")]
    [InlineData("Province")]
    public void A_kind_the_form_does_not_offer_is_refused(string? kind) =>
        OnlyFailure(m => m.Kind = kind).ShouldBe(("Kind", "请选择机构类型"));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_blank_code_is_refused(string? code) =>
        OnlyFailure(m => m.Code = code).ShouldBe(("Code", "请填写机构代码"));

    [Fact]
    public void A_code_of_33_characters_is_refused() =>
        OnlyFailure(m => m.Code = new string('A', 33)).ShouldBe(("Code", "机构代码不能超过32个字"));

    [Theory]
    [InlineData("新河-01")]
    [InlineData("XH T01")]
    [InlineData("-XH")]
    [InlineData("XH/01")]
    public void A_code_with_other_characters_is_refused(string code) =>
        OnlyFailure(m => m.Code = code).ShouldBe(("Code", "机构代码只能包含字母、数字和 - _ .，并以字母或数字开头"));

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_blank_name_is_refused(string? name) =>
        OnlyFailure(m => m.Name = name).ShouldBe(("Name", "请填写机构名称"));

    [Fact]
    public void A_name_of_61_characters_is_refused() =>
        OnlyFailure(m => m.Name = new string('街', 61)).ShouldBe(("Name", "机构名称不能超过60个字"));

    [Fact]
    public void A_name_of_60_characters_passes() =>
        _validator.Validate(new OrgUnitFormModel { Kind = "Town", Code = "X1", Name = new string('街', 60), SortOrder = "1" }).Errors.ShouldBeEmpty();

    [Fact]
    public void A_name_with_control_characters_is_refused() =>
        OnlyFailure(m => m.Name = "滨河\u0000街道").ShouldBe(("Name", "机构名称含有不可见的控制字符"));

    [Fact]
    public void A_blank_sort_order_is_refused() =>
        OnlyFailure(m => m.SortOrder = " ").ShouldBe(("SortOrder", "请填写排序号"));

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("100000")]
    [InlineData("99999999999999999999")]
    public void A_sort_order_that_is_not_a_whole_number_up_to_99999_is_refused(string sortOrder) =>
        OnlyFailure(m => m.SortOrder = sortOrder).ShouldBe(("SortOrder", "排序号应为0至99999之间的整数"));

    [Theory]
    [InlineData("0", 0)]
    [InlineData(" 99999 ", 99_999)]
    public void Sort_orders_from_0_to_99999_pass(string sortOrder, int parsed)
    {
        var model = Valid();
        model.SortOrder = sortOrder;

        _validator.Validate(model).Errors.ShouldBeEmpty();
        model.ParsedSortOrder.ShouldBe(parsed);
    }

    [Fact]
    public void Messages_follow_the_user_language() =>
        OnlyFailure(m => m.Code = "", "en-US").ShouldBe(("Code", "Please enter the Unit code"));
}
