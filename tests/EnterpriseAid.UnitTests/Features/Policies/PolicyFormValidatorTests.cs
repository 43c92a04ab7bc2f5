using EnterpriseAid.Domain.Policies;
using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Policies;

namespace EnterpriseAid.UnitTests.Features.Policies;

public sealed class PolicyFormValidatorTests
{
    private readonly PolicyFormValidator _validator = new(TestLocalizer.Create());

    private static PolicyFormModel Valid() => new()
    {
        Title = "关于支持外贸企业稳订单拓市场的若干措施",
        DocumentNo = "新商发〔2026〕6号",
        IssuingDepartmentId = "21",
        Category = "ForeignTrade",
        EffectiveFrom = "2026-01-15",
        EffectiveTo = "2026-12-31",
        Clauses = "第一条 对参展企业给予补助。\r\n\r\n第二条 对投保出口信用保险给予补助。",
        Tags = ["foreign_trade"],
        EmployeesMin = "10",
        EmployeesMax = "10",
        RegisteredMonthsMin = "0",
    };

    private Dictionary<string, string> Errors(PolicyFormModel model) =>
        TestLocalizer.InCulture("zh-CN", () => _validator.Validate(model).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage));

    [Fact]
    public void A_complete_form_passes_and_becomes_the_domain_content()
    {
        var model = Valid();
        Errors(model).ShouldBeEmpty();
        var content = model.ToContent();
        content.Category.ShouldBe(PolicyCategory.ForeignTrade);
        content.Clauses.ShouldBe(["第一条 对参展企业给予补助。", "第二条 对投保出口信用保险给予补助。"]);
        content.EffectiveTo.ShouldBe(new DateOnly(2026, 12, 31));
        content.Eligibility.ShouldBe(PolicyEligibility.Create(tags: ["foreign_trade"], employeesMin: 10, employeesMax: 10));
    }

    [Fact]
    public void An_open_ended_policy_has_no_end_date()
    {
        var model = Valid();
        model.EffectiveTo = " ";
        Errors(model).ShouldBeEmpty();
        model.ToContent().EffectiveTo.ShouldBeNull();
    }

    [Theory]
    [InlineData(nameof(PolicyFormModel.EffectiveFrom), "2026-02-30", "生效日期格式应为 年-月-日，如 2015-06-30")]
    [InlineData(nameof(PolicyFormModel.EffectiveTo), "2025-12-31", "失效日期不能早于生效日期")]
    [InlineData(nameof(PolicyFormModel.EmployeesMin), "-1", "请填写0至1000000之间的整数")]
    [InlineData(nameof(PolicyFormModel.EmployeesMax), "9", "从业人数上限不能小于下限")]
    [InlineData(nameof(PolicyFormModel.RegisteredMonthsMin), "1201", "请填写0至1200之间的整数")]
    [InlineData(nameof(PolicyFormModel.Category), "Lottery", "请选择政策类别")]
    [InlineData(nameof(PolicyFormModel.IssuingDepartmentId), "x", "请选择发文单位")]
    public void A_bad_field_is_named_in_chinese(string field, string value, string message)
    {
        var model = Valid();
        typeof(PolicyFormModel).GetProperty(field)!.SetValue(model, value);
        Errors(model).ShouldContainKeyAndValue(field, message);
    }

    [Fact]
    public void Too_many_or_too_long_clauses_are_refused()
    {
        var model = Valid();
        model.Clauses = string.Join('\n', Enumerable.Range(1, 101).Select(i => $"第{i}条"));
        model.ImplementingRules = new string('细', 4001);
        var errors = Errors(model);
        errors[nameof(PolicyFormModel.Clauses)].ShouldBe("政策条款最多100条");
        errors[nameof(PolicyFormModel.ImplementingRules)].ShouldBe("实施细则每条不能超过4000个字");
    }

    [Fact]
    public void The_eligibility_reads_as_words()
    {
        var rule = PolicyEligibility.Create(scaleClasses: ["industry_above", "services_above"], tags: ["specialized"], townIds: [7],
            employeesMax: 300, registeredMonthsMin: 12);
        var lines = TestLocalizer.InCulture("zh-CN", () => PolicyDisplay.Eligibility(TestLocalizer.Create(), rule, new Dictionary<long, string> { [7] = "青山镇" }));
        lines.ShouldBe(
        [
            ("规模类型", "规上工业、规上服务业"),
            ("企业标签", "专精特新（具备其一即可）"),
            ("所属镇街", "青山镇"),
            ("从业人数", "不超过300人"),
            ("成立时间满（月）", "成立满12个月"),
        ]);
        TestLocalizer.InCulture("zh-CN", () => PolicyDisplay.Eligibility(TestLocalizer.Create(), PolicyEligibility.Everyone, new Dictionary<long, string>()))
            .ShouldBe([("适用条件", "不限，所有企业均适用")]);
    }
}
