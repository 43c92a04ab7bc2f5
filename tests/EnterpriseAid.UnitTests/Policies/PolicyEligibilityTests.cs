using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Policies;

namespace EnterpriseAid.UnitTests.Policies;

public sealed class PolicyEligibilityTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static EnterpriseFacts Firm(string scale = "industry_above", string section = "C", string[]? tags = null, long town = 5,
        int employees = 120, DateOnly? established = null) =>
        new(scale, section, tags ?? [], town, employees, established ?? new DateOnly(2015, 6, 1));

    [Fact]
    public void Empty_criteria_fit_every_enterprise()
    {
        var everyone = PolicyEligibility.Create();
        everyone.IsEveryone.ShouldBeTrue();
        everyone.Fits(Firm(), Today).ShouldBeTrue();
        everyone.Fits(Firm(scale: "other", section: "A", employees: 0, established: null) with { EstablishedOn = null }, Today).ShouldBeTrue();
    }

    [Fact]
    public void Any_listed_scale_class_is_enough()
    {
        var e = PolicyEligibility.Create(scaleClasses: ["industry_above", "services_above"]);
        e.Fits(Firm(scale: "services_above"), Today).ShouldBeTrue();
        e.Fits(Firm(scale: "industry_below"), Today).ShouldBeFalse();
    }

    [Fact]
    public void Industry_sections_and_towns_are_lists_of_alternatives()
    {
        var e = PolicyEligibility.Create(industrySections: ["C", "D"], townIds: [5, 7]);
        e.Fits(Firm(section: "D", town: 7), Today).ShouldBeTrue();
        e.Fits(Firm(section: "G", town: 7), Today).ShouldBeFalse();
        e.Fits(Firm(section: "C", town: 6), Today).ShouldBeFalse();
    }

    [Fact]
    public void One_matching_tag_is_enough_and_an_untagged_firm_does_not_fit()
    {
        var e = PolicyEligibility.Create(tags: ["specialized", "high_tech"]);
        e.Fits(Firm(tags: ["high_tech", "foreign_trade"]), Today).ShouldBeTrue();
        e.Fits(Firm(tags: ["foreign_trade"]), Today).ShouldBeFalse();
        e.Fits(Firm(tags: []), Today).ShouldBeFalse();
    }

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(200, true)]
    [InlineData(201, false)]
    public void Employee_range_includes_both_bounds(int employees, bool fits) =>
        PolicyEligibility.Create(employeesMin: 10, employeesMax: 200).Fits(Firm(employees: employees), Today).ShouldBe(fits);

    [Fact]
    public void An_open_employee_bound_places_no_limit_on_that_side()
    {
        PolicyEligibility.Create(employeesMin: 50).Fits(Firm(employees: 1_000_000), Today).ShouldBeTrue();
        PolicyEligibility.Create(employeesMax: 50).Fits(Firm(employees: 0), Today).ShouldBeTrue();
    }

    [Theory]
    // Founded on 31 January: one month is reached on the last day of February (28th, or 29th in a leap year).
    [InlineData("2026-01-31", "2026-02-27", 1, false)]
    [InlineData("2026-01-31", "2026-02-28", 1, true)]
    [InlineData("2024-01-31", "2024-02-28", 1, false)]
    [InlineData("2024-01-31", "2024-02-29", 1, true)]
    [InlineData("2026-01-30", "2026-02-28", 1, true)]
    // An ordinary day: the same day number N months later.
    [InlineData("2026-03-15", "2026-04-14", 1, false)]
    [InlineData("2026-03-15", "2026-04-15", 1, true)]
    // Over a year end, and a whole number of years from a leap day.
    [InlineData("2025-11-30", "2026-11-29", 12, false)]
    [InlineData("2025-11-30", "2026-11-30", 12, true)]
    [InlineData("2024-02-29", "2025-02-28", 12, true)]
    [InlineData("2024-02-29", "2025-02-27", 12, false)]
    // Founded 31 August, six months later is the end of February.
    [InlineData("2025-08-31", "2026-02-28", 6, true)]
    [InlineData("2025-08-31", "2026-02-27", 6, false)]
    public void Registered_months_are_calendar_months_across_month_ends(string established, string asOf, int months, bool fits)
    {
        var e = PolicyEligibility.Create(registeredMonthsMin: months);
        e.Fits(Firm(established: DateOnly.Parse(established)), DateOnly.Parse(asOf)).ShouldBe(fits);
    }

    [Fact]
    public void Cutoff_agrees_with_adding_months_to_the_founding_date_for_every_day_of_three_years()
    {
        foreach (var months in new[] { 1, 2, 6, 12, 13, 36 })
        {
            for (var asOf = new DateOnly(2023, 1, 1); asOf <= new DateOnly(2025, 12, 31); asOf = asOf.AddDays(1))
            {
                var cutoff = PolicyEligibility.RegisteredCutoff(asOf, months);
                // The cut-off itself counts; the day after does not.
                cutoff.AddMonths(months).ShouldBeLessThanOrEqualTo(asOf, $"{asOf} {months}");
                cutoff.AddDays(1).AddMonths(months).ShouldBeGreaterThan(asOf, $"{asOf} {months}");
            }
        }
    }

    [Fact]
    public void A_firm_without_a_founding_date_fits_only_rules_that_do_not_ask_for_one()
    {
        var unknown = Firm() with { EstablishedOn = null };
        PolicyEligibility.Create(registeredMonthsMin: 1).Fits(unknown, Today).ShouldBeFalse();
        PolicyEligibility.Create(employeesMin: 1).Fits(unknown, Today).ShouldBeTrue();
    }

    [Fact]
    public void Zero_months_is_no_condition()
    {
        var e = PolicyEligibility.Create(registeredMonthsMin: 0);
        e.RegisteredMonthsMin.ShouldBeNull();
        e.IsEveryone.ShouldBeTrue();
    }

    [Fact]
    public void All_given_criteria_must_hold_together()
    {
        var e = PolicyEligibility.Create(scaleClasses: ["industry_above"], tags: ["specialized"], employeesMax: 300);
        e.Fits(Firm(tags: ["specialized"], employees: 300), Today).ShouldBeTrue();
        e.Fits(Firm(tags: ["specialized"], employees: 301), Today).ShouldBeFalse();
        e.Fits(Firm(scale: "services_above", tags: ["specialized"]), Today).ShouldBeFalse();
    }

    [Fact]
    public void Lists_are_kept_distinct_and_in_catalogue_order_so_equal_rules_are_equal()
    {
        var a = PolicyEligibility.Create(scaleClasses: ["services_above", "industry_above", "industry_above"], tags: ["high_tech", "specialized"], townIds: [9, 3, 9]);
        var b = PolicyEligibility.Create(scaleClasses: ["industry_above", "services_above"], tags: ["specialized", "high_tech"], townIds: [3, 9]);
        a.ShouldBe(b);
        a.GetHashCode().ShouldBe(b.GetHashCode());
        a.ScaleClasses.ShouldBe(["industry_above", "services_above"]);
        a.TownIds.ShouldBe([3L, 9L]);
    }

    [Theory]
    [InlineData(10, 9, "从业人数下限不能大于上限")]
    [InlineData(-1, null, "从业人数范围不能为负数")]
    public void A_bad_employee_range_is_refused(int? min, int? max, string message) =>
        Should.Throw<DomainException>(() => PolicyEligibility.Create(employeesMin: min, employeesMax: max)).Message.ShouldBe(message);

    [Fact]
    public void Unknown_codes_and_impossible_periods_are_refused()
    {
        Should.Throw<DomainException>(() => PolicyEligibility.Create(scaleClasses: ["huge"])).Message.ShouldBe("未知的规模类型：huge");
        Should.Throw<DomainException>(() => PolicyEligibility.Create(industrySections: ["Z"])).Message.ShouldBe("未知的行业门类：Z");
        Should.Throw<DomainException>(() => PolicyEligibility.Create(tags: ["vip"])).Message.ShouldBe("未知的企业标签：vip");
        Should.Throw<DomainException>(() => PolicyEligibility.Create(townIds: [0])).Message.ShouldBe("适用镇街无效");
        Should.Throw<DomainException>(() => PolicyEligibility.Create(registeredMonthsMin: 1201)).Message.ShouldBe("成立时长为0至1200个月");
    }

    [Fact]
    public void The_expression_form_selects_exactly_what_the_in_memory_rule_accepts()
    {
        var random = new Random(20261120);
        var scales = ScaleClasses.All.Select(s => s.Code).ToArray();
        var sections = IndustrySections.All.Select(s => s.Code).ToArray();
        var tags = EnterpriseTags.All.Select(s => s.Code).ToArray();
        var firms = Enumerable.Range(0, 300).Select(i => Enterprise.Register(
            UnifiedSocialCreditCode.Parse(ValidUscc(i)),
            new EnterpriseProfile($"企业{i}", null, scales[random.Next(scales.Length)], sections[random.Next(sections.Length)],
                random.Next(1, 5), tags.Where(_ => random.Next(4) == 0).ToList(), random.Next(0, 400), null,
                random.Next(5) == 0 ? null : new DateOnly(2020, 1, 1).AddDays(random.Next(0, 2500)), []),
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero))).ToList();

        for (var round = 0; round < 60; round++)
        {
            int? min = random.Next(3) == 0 ? random.Next(0, 200) : null;
            var rule = PolicyEligibility.Create(
                scaleClasses: scales.Where(_ => random.Next(4) == 0),
                industrySections: sections.Where(_ => random.Next(5) == 0),
                tags: tags.Where(_ => random.Next(5) == 0),
                townIds: Enumerable.Range(1, 4).Select(t => (long)t).Where(_ => random.Next(3) == 0),
                employeesMin: min,
                employeesMax: random.Next(3) == 0 ? (min ?? 0) + random.Next(0, 300) : null,
                registeredMonthsMin: random.Next(3) == 0 ? random.Next(0, 80) : null);
            var asOf = new DateOnly(2026, 1, 31).AddDays(random.Next(0, 300));
            var compiled = rule.Matches(asOf).Compile();
            firms.Where(compiled).Select(f => f.Uscc).ShouldBe(firms.Where(f => rule.Fits(f, asOf)).Select(f => f.Uscc));
        }
    }

    private static string ValidUscc(int i)
    {
        var body = $"91419902{i:D9}";
        return body + UnifiedSocialCreditCode.ComputeCheckCharacter(body);
    }
}
