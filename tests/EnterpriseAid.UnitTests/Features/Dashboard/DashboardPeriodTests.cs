using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Web.Features.Dashboard;
using EnterpriseAid.Web.Features.Problems;

namespace EnterpriseAid.UnitTests.Features.Dashboard;

public sealed class DashboardPeriodTests
{
    private static readonly DateOnly Sunday = new(2026, 11, 22);

    [Fact]
    public void Presets_are_whole_calendar_units_around_today()
    {
        DashboardPeriod.Of(PeriodPreset.Week, Sunday).ShouldBe(new DashboardPeriod(PeriodPreset.Week, new(2026, 11, 16), new(2026, 11, 22)));
        DashboardPeriod.Of(PeriodPreset.Week, new(2026, 11, 16)).From.ShouldBe(new DateOnly(2026, 11, 16));
        DashboardPeriod.Of(PeriodPreset.Month, Sunday).ShouldBe(new DashboardPeriod(PeriodPreset.Month, new(2026, 11, 1), new(2026, 11, 30)));
        DashboardPeriod.Of(PeriodPreset.Quarter, Sunday).ShouldBe(new DashboardPeriod(PeriodPreset.Quarter, new(2026, 10, 1), new(2026, 12, 31)));
        DashboardPeriod.Of(PeriodPreset.Year, Sunday).ShouldBe(new DashboardPeriod(PeriodPreset.Year, new(2026, 1, 1), new(2026, 12, 31)));
    }

    [Fact]
    public void The_previous_period_is_the_previous_unit_or_as_many_days_just_before()
    {
        new DashboardPeriod(PeriodPreset.Month, new(2026, 3, 1), new(2026, 3, 31)).Previous
            .ShouldBe(new DashboardPeriod(PeriodPreset.Month, new(2026, 2, 1), new(2026, 2, 28)));
        new DashboardPeriod(PeriodPreset.Quarter, new(2026, 1, 1), new(2026, 3, 31)).Previous
            .ShouldBe(new DashboardPeriod(PeriodPreset.Quarter, new(2025, 10, 1), new(2025, 12, 31)));
        new DashboardPeriod(PeriodPreset.Week, new(2026, 11, 16), new(2026, 11, 22)).Previous
            .ShouldBe(new DashboardPeriod(PeriodPreset.Week, new(2026, 11, 9), new(2026, 11, 15)));
        new DashboardPeriod(PeriodPreset.Custom, new(2026, 3, 10), new(2026, 3, 19)).Previous
            .ShouldBe(new DashboardPeriod(PeriodPreset.Custom, new(2026, 2, 28), new(2026, 3, 9)));
    }

    [Fact]
    public void A_request_names_what_is_wrong_and_yields_no_period()
    {
        var options = new ProblemFilterOptions([], [new RegionOption(7, "城关街道", "/1/2/7/", 0)]);

        DashboardRequest.Parse("custom", "2026-03-10", "2026-03-01", null, options, Sunday).Errors.ShouldBe([("to", "Dashboard.FromAfterTo")]);
        DashboardRequest.Parse("custom", "2026-02-30", "2026-03-01", null, options, Sunday).Errors.ShouldBe([("from", "Problems.Filter.BadDate")]);
        DashboardRequest.Parse("custom", "2020-01-01", "2026-03-01", null, options, Sunday).Errors.ShouldBe([("to", "Dashboard.PeriodTooLong")]);
        var outOfScope = DashboardRequest.Parse("month", null, null, "8", options, Sunday);
        outOfScope.Errors.ShouldBe([("region", "Problems.Filter.NotInScope")]);
        outOfScope.Period.ShouldBeNull();

        var ok = DashboardRequest.Parse(null, null, null, "7", options, Sunday);
        ok.Period.ShouldBe(DashboardPeriod.Of(PeriodPreset.Month, Sunday));
        ok.Region!.Path.ShouldBe("/1/2/7/");
    }

    [Fact]
    public void Breakdown_rows_sort_by_a_column_with_rates_without_a_base_last()
    {
        static BreakdownRow Row(string name, int total, int resolved) =>
            new(name, name, new VisitFigures(total, 0, 0), new ProblemFigures(total, 0, 0, resolved, 0, 0, 0, 0, 0));
        var rows = new[] { Row("甲", 4, 1), Row("乙", 0, 0), Row("丙", 2, 2) };

        BreakdownColumns.Sort(rows, "rate", descending: true).Select(r => r.Name).ShouldBe(["丙", "甲", "乙"]);
        BreakdownColumns.Sort(rows, "rate", descending: false).Select(r => r.Name).ShouldBe(["甲", "丙", "乙"]);
        BreakdownColumns.Sort(rows, "total", descending: true).Select(r => r.Name).ShouldBe(["甲", "丙", "乙"]);
        BreakdownColumns.Sort(rows, "nonsense", descending: false).Count.ShouldBe(3);
    }
}
