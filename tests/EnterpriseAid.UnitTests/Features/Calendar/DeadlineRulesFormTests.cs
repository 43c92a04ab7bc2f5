using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.UnitTests.Support;
using EnterpriseAid.Web.Features.Calendar;

namespace EnterpriseAid.UnitTests.Features.Calendar;

public sealed class DeadlineRulesFormTests
{
    private readonly DeadlineRulesFormValidator _validator = new(TestLocalizer.Create());

    private static DeadlineRulesFormModel Valid() => DeadlineRulesFormModel.From(DeadlineRules.Default, "v1");

    private static int Cell(string category, string urgency) =>
        ProblemCategories.All.ToList().FindIndex(c => c.Code == category) * 3 + Urgencies.All.ToList().FindIndex(u => u.Code == urgency);

    private (string Property, string Message) OnlyFailure(Action<DeadlineRulesFormModel> change, string culture = "zh-CN")
    {
        var model = Valid();
        change(model);
        model.Normalize();
        return TestLocalizer.OnlyFailure(_validator, model, culture);
    }

    [Fact]
    public void The_default_rules_fill_every_cell_in_catalogue_order()
    {
        var model = Valid();

        model.DispatchDays.ShouldBe("1");
        model.Defaults.Select(c => (c.Urgency, c.Days)).ShouldBe([("ordinary", "7"), ("urgent", "3"), ("complex", "30")]);
        model.Overrides.Count.ShouldBe(ProblemCategories.All.Count * 3);
        model.Overrides.ShouldAllBe(c => c.Days == null);
        _validator.Validate(model).Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData(" 365 ", 365)]
    [InlineData("１０", 10)]
    public void Whole_numbers_from_1_to_365_are_accepted_also_in_full_width_digits(string text, int days)
    {
        var model = Valid();
        model.Overrides[Cell("land", "complex")].Days = text;

        _validator.Validate(model).Errors.ShouldBeEmpty();
        model.ToRules().ResolutionDays("land", Urgency.Complex).ShouldBe(days);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("366")]
    [InlineData("-3")]
    [InlineData("7.5")]
    [InlineData("abc")]
    [InlineData("1e2")]
    public void An_override_outside_1_to_365_is_refused_against_its_own_cell(string text) =>
        OnlyFailure(m => m.Overrides[Cell("funding", "urgent")].Days = text)
            .ShouldBe(($"Overrides[{Cell("funding", "urgent")}].Days", "应为1到365之间的整数，留空则用默认值"));

    [Fact]
    public void An_empty_override_means_the_default()
    {
        var model = Valid();
        model.Overrides[Cell("labor", "ordinary")].Days = "  ";

        _validator.Validate(model).Errors.ShouldBeEmpty();
        model.ToRules().Overrides.ShouldBeEmpty();
    }

    [Fact]
    public void The_dispatch_time_is_required() =>
        OnlyFailure(m => m.DispatchDays = "").ShouldBe(("DispatchDays", "请填写交办时限"));

    [Fact]
    public void A_default_out_of_range_names_its_urgency() =>
        OnlyFailure(m => m.Defaults[1].Days = "400").ShouldBe(("Defaults[1].Days", "“紧急”问题的默认办理时限应为1到365之间的整数"));

    [Fact]
    public void Messages_follow_the_users_language() =>
        OnlyFailure(m => m.Defaults[2].Days = "", "en-US").ShouldBe(("Defaults[2].Days", "Please enter the default time for Complex problems"));

    [Fact]
    public void Posted_cells_are_laid_out_by_their_key_and_unknown_ones_dropped()
    {
        var model = new DeadlineRulesFormModel
        {
            DispatchDays = "2",
            Defaults = [new() { Urgency = "complex", Days = "20" }, new() { Urgency = "urgent", Days = "2" }, new() { Urgency = "ordinary", Days = "5" }],
            Overrides = [new() { Category = "energy", Urgency = "urgent", Days = "1" }, new() { Category = "bribery", Urgency = "urgent", Days = "1" }],
        };

        model.Normalize();

        model.Defaults.Select(c => c.Days).ShouldBe(["5", "2", "20"]);
        model.Overrides.Count.ShouldBe(ProblemCategories.All.Count * 3);
        model.Overrides[Cell("energy", "urgent")].Days.ShouldBe("1");
        var rules = model.ToRules();
        rules.DispatchDays.ShouldBe(2);
        rules.Overrides.ShouldBe([new DeadlineRule("energy", Urgency.Urgent, 1)]);
    }

    [Fact]
    public void A_missing_default_is_reported_rather_than_assumed()
    {
        var model = new DeadlineRulesFormModel { DispatchDays = "1", Defaults = [new() { Urgency = "ordinary", Days = "7" }] };
        model.Normalize();

        _validator.Validate(model).Errors.Select(e => e.PropertyName).ShouldBe(["Defaults[1].Days", "Defaults[2].Days"]);
    }
}
