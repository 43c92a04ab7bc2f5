using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Calendar;

public sealed class DeadlineRulesTests
{
    private static readonly WorkingDayCalendar Calendar = ShippedCalendars.Load();

    public static TheoryData<string> Categories() => new(ProblemCategories.All.Select(c => c.Code));

    private static Dictionary<Urgency, int> Defaults(int ordinary = 7, int urgent = 3, int complex = 30) =>
        new() { [Urgency.Ordinary] = ordinary, [Urgency.Urgent] = urgent, [Urgency.Complex] = complex };

    [Fact]
    public void Problem_categories_are_the_twelve_of_the_campaign_in_order() =>
        ProblemCategories.All.Select(c => $"{c.Code}:{c.NameZh}").ShouldBe(
        [
            "policy:政策", "labor:用工", "land:用地", "funding:资金", "energy:用能", "materials:物资",
            "approval:审批手续", "logistics:物流", "market:市场", "legal:法务执法", "infrastructure:基础设施", "other:其他",
        ]);

    [Fact]
    public void Urgencies_have_codes_and_chinese_names()
    {
        Urgencies.Describe(Urgency.Ordinary).ShouldBe(new CatalogEntry("ordinary", "一般", "Ordinary"));
        Urgencies.Describe(Urgency.Urgent).ShouldBe(new CatalogEntry("urgent", "紧急", "Urgent"));
        Urgencies.Describe(Urgency.Complex).ShouldBe(new CatalogEntry("complex", "复杂", "Complex"));
        Urgencies.TryParse("complex", out var parsed).ShouldBeTrue();
        parsed.ShouldBe(Urgency.Complex);
        Urgencies.TryParse("Complex", out _).ShouldBeFalse();
    }

    [Fact]
    public void Default_dispatch_time_is_one_working_day() =>
        DeadlineRules.Default.DispatchDays.ShouldBe(1);

    [Theory]
    [MemberData(nameof(Categories))]
    public void Default_resolution_times_are_3_7_and_30_working_days_for_every_category(string category)
    {
        DeadlineRules.Default.ResolutionDays(category, Urgency.Urgent).ShouldBe(3);
        DeadlineRules.Default.ResolutionDays(category, Urgency.Ordinary).ShouldBe(7);
        DeadlineRules.Default.ResolutionDays(category, Urgency.Complex).ShouldBe(30);
    }

    [Fact]
    public void Default_has_no_overrides() =>
        DeadlineRules.Default.Overrides.ShouldBeEmpty();

    [Fact]
    public void Category_override_applies_only_to_its_category_and_urgency()
    {
        var rules = DeadlineRules.Default
            .WithOverride("approval", Urgency.Ordinary, 15)
            .WithOverride("land", Urgency.Ordinary, 15);

        rules.ResolutionDays("land", Urgency.Ordinary).ShouldBe(15);
        rules.ResolutionDays("approval", Urgency.Ordinary).ShouldBe(15);
        rules.ResolutionDays("land", Urgency.Urgent).ShouldBe(3);
        rules.ResolutionDays("land", Urgency.Complex).ShouldBe(30);
        rules.ResolutionDays("policy", Urgency.Ordinary).ShouldBe(7);
        rules.Overrides.Select(r => r.Category).ShouldBe(["land", "approval"]);
        DeadlineRules.Default.ResolutionDays("land", Urgency.Ordinary).ShouldBe(7);
    }

    [Fact]
    public void Setting_an_override_again_replaces_it_and_removing_it_restores_the_default()
    {
        var rules = DeadlineRules.Default.WithOverride("land", Urgency.Ordinary, 15).WithOverride("land", Urgency.Ordinary, 20);

        rules.ResolutionDays("land", Urgency.Ordinary).ShouldBe(20);
        rules.Overrides.Count.ShouldBe(1);
        rules.WithoutOverride("land", Urgency.Ordinary).ResolutionDays("land", Urgency.Ordinary).ShouldBe(7);
    }

    [Fact]
    public void Changing_a_default_keeps_the_overrides()
    {
        var rules = DeadlineRules.Default.WithOverride("land", Urgency.Ordinary, 15).WithDefaultResolutionDays(Urgency.Ordinary, 10).WithDispatchDays(2);

        rules.ResolutionDays("policy", Urgency.Ordinary).ShouldBe(10);
        rules.ResolutionDays("land", Urgency.Ordinary).ShouldBe(15);
        rules.DispatchDays.ShouldBe(2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    public void Dispatch_time_outside_1_to_365_is_refused(int days) =>
        Should.Throw<DomainException>(() => DeadlineRules.Default.WithDispatchDays(days))
            .Message.ShouldBe("交办时限应在1到365个工作日之间");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(366)]
    public void Default_resolution_time_outside_1_to_365_is_refused(int days) =>
        Should.Throw<DomainException>(() => DeadlineRules.Default.WithDefaultResolutionDays(Urgency.Complex, days))
            .Message.ShouldBe("“复杂”问题的办理时限应在1到365个工作日之间");

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    public void Override_outside_1_to_365_is_refused(int days) =>
        Should.Throw<DomainException>(() => DeadlineRules.Default.WithOverride("land", Urgency.Ordinary, days))
            .Message.ShouldBe("“用地·一般”的办理时限应在1到365个工作日之间");

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void Times_at_the_bounds_are_accepted(int days)
    {
        var rules = DeadlineRules.Default.WithDispatchDays(days).WithDefaultResolutionDays(Urgency.Urgent, days).WithOverride("land", Urgency.Complex, days);

        rules.DispatchDays.ShouldBe(days);
        rules.ResolutionDays("policy", Urgency.Urgent).ShouldBe(days);
        rules.ResolutionDays("land", Urgency.Complex).ShouldBe(days);
    }

    [Fact]
    public void Override_for_an_unknown_category_is_refused() =>
        Should.Throw<DomainException>(() => DeadlineRules.Default.WithOverride("tax", Urgency.Ordinary, 5))
            .Message.ShouldBe("未知的问题类别：tax");

    [Fact]
    public void Asking_for_an_unknown_category_is_refused() =>
        Should.Throw<DomainException>(() => DeadlineRules.Default.ResolutionDays("Land", Urgency.Ordinary))
            .Message.ShouldBe("未知的问题类别：Land");

    [Fact]
    public void Two_overrides_for_the_same_category_and_urgency_are_refused() =>
        Should.Throw<DomainException>(() => new DeadlineRules(1, Defaults(),
            [new DeadlineRule("land", Urgency.Ordinary, 15), new DeadlineRule("land", Urgency.Ordinary, 20)]))
            .Message.ShouldBe("“用地·一般”的办理时限重复设置");

    [Fact]
    public void Rules_missing_an_urgency_are_refused() =>
        Should.Throw<DomainException>(() => new DeadlineRules(1, new Dictionary<Urgency, int> { [Urgency.Ordinary] = 7, [Urgency.Urgent] = 3 }, []))
            .Message.ShouldBe("请填写“复杂”问题的办理时限");

    [Fact]
    public void Dispatch_deadline_counts_working_days_from_registration() =>
        DeadlineRules.Default.DispatchDueDate(new DateOnly(2026, 9, 30), Calendar).ShouldBe(new DateOnly(2026, 10, 8));

    [Fact]
    public void Resolution_deadline_counts_working_days_from_dispatch() =>
        DeadlineRules.Default.ResolutionDueDate(new DateOnly(2026, 9, 24), "policy", Urgency.Ordinary, Calendar)
            .ShouldBe(new DateOnly(2026, 10, 12));
}
