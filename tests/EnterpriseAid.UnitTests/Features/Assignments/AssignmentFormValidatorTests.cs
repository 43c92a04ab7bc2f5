using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Assignments;

namespace EnterpriseAid.UnitTests.Features.Assignments;

public sealed class AssignmentFormValidatorTests
{
    private readonly AssignmentFormValidator _validator = new(TestLocalizer.Create());
    private readonly BulkAssignmentFormValidator _bulk = new(TestLocalizer.Create());
    private readonly VisitTargetFormValidator _target = new(TestLocalizer.Create());

    private static AssignmentFormModel Valid(Action<AssignmentFormModel>? change = null)
    {
        var model = new AssignmentFormModel { Role = "liaison", UserId = "7", StartsOn = "2026-01-01", EndsOn = "", Note = "重点联系" };
        change?.Invoke(model);
        return model;
    }

    [Fact]
    public void A_liaison_with_an_official_and_a_start_date_is_valid()
    {
        TestLocalizer.InCulture("zh-CN", () => _validator.Validate(Valid())).IsValid.ShouldBeTrue();
        TestLocalizer.InCulture("zh-CN", () => _validator.Validate(Valid(m => { m.Role = "town_office"; m.UserId = null; }))).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("leader", "", "", "UserId", "请选择包联干部")]
    [InlineData("liaison", "abc", "", "UserId", "请选择包联干部")]
    [InlineData("department", "", "", "DepartmentId", "请选择行业主管单位")]
    [InlineData("department", "", "0", "DepartmentId", "请选择行业主管单位")]
    [InlineData("", "7", "", "Role", "请选择包联角色")]
    public void The_role_decides_whom_the_form_must_name(string role, string user, string department, string field, string message)
    {
        TestLocalizer.OnlyFailure(_validator, Valid(m => { m.Role = role; m.UserId = user; m.DepartmentId = department; }))
            .ShouldBe((field, message));
    }

    [Theory]
    [InlineData("", "", "StartsOn", "请填写开始日期")]
    [InlineData("2026/01/01", "", "StartsOn", "开始日期格式应为 年-月-日，如 2015-06-30")]
    [InlineData("1999-12-31", "", "StartsOn", "开始日期不能早于2000年1月1日")]
    [InlineData("2026-03-01", "2026-02-28", "EndsOn", "结束日期不能早于开始日期")]
    [InlineData("2026-03-01", "2026-02-30", "EndsOn", "结束日期格式应为 年-月-日，如 2015-06-30")]
    public void The_period_must_be_real_dates_in_order(string start, string end, string field, string message)
    {
        TestLocalizer.OnlyFailure(_validator, Valid(m => { m.StartsOn = start; m.EndsOn = end; })).ShouldBe((field, message));
    }

    [Fact]
    public void A_one_day_period_is_allowed()
    {
        TestLocalizer.InCulture("zh-CN", () => _validator.Validate(Valid(m => { m.StartsOn = "2026-03-01"; m.EndsOn = "2026-03-01"; }))).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_long_note_or_one_with_control_characters_is_refused()
    {
        TestLocalizer.OnlyFailure(_validator, Valid(m => m.Note = new string('注', 201))).ShouldBe(("Note", "备注不能超过200个字"));
        TestLocalizer.OnlyFailure(_validator, Valid(m => m.Note = "重点\u0007联系")).ShouldBe(("Note", "备注含有不可见的控制字符"));
    }

    [Fact]
    public void Messages_follow_the_users_language()
    {
        TestLocalizer.OnlyFailure(_validator, Valid(m => m.UserId = ""), "en-US").Message.ShouldBe("Please choose the Official");
    }

    [Fact]
    public void A_bulk_assignment_names_a_leader_or_liaison_and_at_least_one_enterprise()
    {
        var model = new BulkAssignmentFormModel { Role = "liaison", UserId = "7", StartsOn = "2026-01-01", EnterpriseIds = ["5", "6", "abc", "5"] };
        TestLocalizer.InCulture("zh-CN", () => _bulk.Validate(model)).IsValid.ShouldBeTrue();
        model.ParsedEnterpriseIds.ShouldBe([5, 6]);

        TestLocalizer.OnlyFailure(_bulk, new BulkAssignmentFormModel { Role = "department", UserId = "7", StartsOn = "2026-01-01", EnterpriseIds = ["5"] })
            .ShouldBe(("Role", "批量指派请选择包联领导或联络员"));
        TestLocalizer.OnlyFailure(_bulk, new BulkAssignmentFormModel { Role = "leader", UserId = "7", StartsOn = "2026-01-01" })
            .ShouldBe(("EnterpriseIds", "请勾选要指派的企业"));
        TestLocalizer.OnlyFailure(_bulk, new BulkAssignmentFormModel
            {
                Role = "leader", UserId = "7", StartsOn = "2026-01-01",
                EnterpriseIds = Enumerable.Range(1, BulkAssignmentFormModel.MaxEnterprises + 1).Select(i => i.ToString()).ToList(),
            })
            .ShouldBe(("EnterpriseIds", "一次最多指派100家企业"));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("30", true)]
    [InlineData(" 12 ", true)]
    [InlineData("0", false)]
    [InlineData("31", false)]
    [InlineData("-3", false)]
    [InlineData("1.5", false)]
    [InlineData("一", false)]
    public void The_visit_target_is_a_whole_number_from_one_to_thirty(string value, bool valid)
    {
        var model = new VisitTargetFormModel { PerQuarter = value };
        if (valid) TestLocalizer.InCulture("zh-CN", () => _target.Validate(model)).IsValid.ShouldBeTrue();
        else TestLocalizer.OnlyFailure(_target, model).ShouldBe(("PerQuarter", "走访目标须为1至30之间的整数"));
    }
}
