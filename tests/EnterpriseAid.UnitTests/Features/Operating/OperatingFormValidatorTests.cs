using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Operating;

namespace EnterpriseAid.UnitTests.Features.Operating;

public sealed class OperatingFormValidatorTests
{
    private readonly OperatingFormValidator _validator = new(TestLocalizer.Create());

    private static OperatingFormModel Valid() => new()
    {
        ReportedOn = "2026-05-31", Operating = OperatingFormModel.Yes, StaffOnDuty = "80", UsualStaff = "100", CapacityPercent = "90",
    };

    private Dictionary<string, string> Errors(OperatingFormModel model) =>
        TestLocalizer.InCulture("zh-CN", () => _validator.Validate(model).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage));

    [Fact]
    public void A_complete_form_passes_and_becomes_the_status()
    {
        var model = Valid();
        Errors(model).ShouldBeEmpty();
        model.ToStatus().ShouldBe(new EnterpriseAid.Domain.Operating.OperatingStatus(true, 80, 100, 90, null));
        model.ParsedReportedOn.ShouldBe(new DateOnly(2026, 5, 31));
    }

    [Fact]
    public void Missing_and_malformed_fields_are_named_in_Chinese()
    {
        var errors = Errors(new OperatingFormModel { ReportedOn = "31/05/2026", Operating = "maybe", StaffOnDuty = "8.5", UsualStaff = "", CapacityPercent = "" });

        errors["ReportedOn"].ShouldBe("报告日期格式应为 年-月-日，如 2015-06-30");
        errors["Operating"].ShouldBe("请选择是否在产（复工）");
        errors["StaffOnDuty"].ShouldBe("在岗人数应为整数");
        errors["UsualStaff"].ShouldBe("请填写正常用工人数");
        errors["CapacityPercent"].ShouldBe("请填写产能利用率");
        Errors(new OperatingFormModel { Operating = "yes", StaffOnDuty = "1", UsualStaff = "1", CapacityPercent = "1" })["ReportedOn"].ShouldBe("请填写报告日期");
    }

    [Fact]
    public void A_stopped_firm_may_leave_the_capacity_blank()
    {
        var model = Valid();
        model.Operating = OperatingFormModel.No;
        model.CapacityPercent = " ";
        Errors(model).ShouldBeEmpty();
        model.ToStatus().CapacityPercent.ShouldBe(0);
    }
}
