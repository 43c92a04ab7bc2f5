using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Dashboard;

namespace EnterpriseAid.UnitTests.Features.Dashboard;

public sealed class DashboardSnapshotKeyTests
{
    private static readonly DashboardPeriod Month = DashboardPeriod.Of(PeriodPreset.Month, new DateOnly(2026, 11, 22));

    [Fact]
    public void Everything_and_top_level_regions_of_standard_periods_have_a_key()
    {
        DashboardSnapshotKeys.Figures(DataScope.Everything, null, Month).ShouldBe("figures|*|20261101-20261130");
        DashboardSnapshotKeys.Figures(DataScope.Everything, "/7/", Month).ShouldBe("figures|/7/|20261101-20261130");
        DashboardSnapshotKeys.Breakdown(DataScope.Everything, BreakdownKind.Official, null, Month).ShouldBe("by-official|*|20261101-20261130");
        DashboardSnapshotKeys.Trend(DataScope.Everything, null, Month.Previous).ShouldBe("trend|*|20261001-20261031");
    }

    [Fact]
    public void A_city_users_own_region_is_the_same_snapshot_as_everything_narrowed_to_the_city()
    {
        DashboardSnapshotKeys.Figures(DataScope.Region("/7/"), null, Month)
            .ShouldBe(DashboardSnapshotKeys.Figures(DataScope.Everything, "/7/", Month));
    }

    [Theory]
    [InlineData("/7/12/")]     // a district: counted live, it is fast
    [InlineData("/7/12/30/")]  // a town
    public void Narrow_regions_are_live(string region)
    {
        DashboardSnapshotKeys.Figures(DataScope.Everything, region, Month).ShouldBeNull();
        DashboardSnapshotKeys.Figures(DataScope.Region(region), null, Month).ShouldBeNull();
    }

    [Fact]
    public void Custom_periods_departments_enterprises_and_foreign_regions_are_live()
    {
        DashboardSnapshotKeys.Figures(DataScope.Everything, null, new DashboardPeriod(PeriodPreset.Custom, Month.From, Month.To)).ShouldBeNull();
        DashboardSnapshotKeys.Figures(DataScope.Department(5), null, Month).ShouldBeNull();
        DashboardSnapshotKeys.Figures(DataScope.OfEnterprise(5), null, Month).ShouldBeNull();
        DashboardSnapshotKeys.Figures(DataScope.Region("/7/"), "/8/", Month).ShouldBeNull();
    }
}

public sealed class SnapshotJsonTests
{
    [Fact]
    public void Figures_and_breakdowns_read_back_equal()
    {
        var figures = new DashboardFigures(new Domain.Visits.VisitFigures(1132, 18, 990),
            new Domain.Problems.ProblemFigures(755, 578, 177, 700, 3, 150, 140, 400, 390), new FlagCounts(1, 2, 3), new NoticeCounts(4, 2));
        var rows = new List<BreakdownRow>
        {
            new("12", "城关街道", new Domain.Visits.VisitFigures(5, 1, 4), new Domain.Problems.ProblemFigures(9, 8, 7, 6, 5, 4, 3, 2, 1)),
            new("", "", null, Domain.Problems.ProblemFigures.None),
        };

        var json = System.Text.Json.JsonSerializer.Serialize(figures, SnapshotJson.Options);
        json.ShouldContain("[755,578,177,700,3,150,140,400,390]");
        System.Text.Json.JsonSerializer.Deserialize<DashboardFigures>(json, SnapshotJson.Options).ShouldBe(figures);
        System.Text.Json.JsonSerializer.Deserialize<List<BreakdownRow>>(System.Text.Json.JsonSerializer.Serialize(rows, SnapshotJson.Options), SnapshotJson.Options)
            .ShouldBe(rows);
    }

    [Fact]
    public void A_damaged_snapshot_is_refused()
    {
        Should.Throw<System.Text.Json.JsonException>(() =>
            System.Text.Json.JsonSerializer.Deserialize<Domain.Problems.ProblemFigures>("[1,2,3]", SnapshotJson.Options));
    }
}
