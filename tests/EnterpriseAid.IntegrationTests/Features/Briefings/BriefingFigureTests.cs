using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Briefings;

public sealed class BriefingFigureTests(BriefingFixture fixture) : IClassFixture<BriefingFixture>
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly BriefingPeriod Week = BriefingPeriod.Preset(BriefingPeriodKind.Week, new DateOnly(2026, 3, 4));

    private Task<string> DistrictPathAsync() => fixture.Database.ScalarAsync<string>("SELECT path FROM org_units WHERE kind = 'District' ORDER BY id LIMIT 1");

    private async Task<T> WithSourceAsync<T>(DataScope scope, Func<BriefingFigureSource, Task<T>> read)
    {
        await using var services = fixture.Factory.Services.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = scope;
        return await read(new BriefingFigureSource(db));
    }

    [Fact]
    public async Task The_generated_briefing_prints_the_bulletins_figures_exactly()
    {
        var district = await DistrictPathAsync();
        var f = await WithSourceAsync(DataScope.Everything, s => s.FiguresAsync(district, "全区", Week, Today));

        Week.From.ShouldBe(BulletinDataset.Monday);
        f.Visits.ShouldBe(1132);
        f.Symposia.ShouldBe(18);
        f.EnterprisesCovered.ShouldBe(fixture.Data.EnterprisesCovered);
        f.Problems.Total.ShouldBe(755);
        f.Problems.SolvedOnSpot.ShouldBe(578);
        f.Problems.Dispatched.ShouldBe(177);
        f.RedFlags.ShouldBe(BulletinDataset.RedFlags);
        f.YellowFlags.ShouldBe(BulletinDataset.YellowFlags);
        BriefingComposer.Overview(f).ShouldBe(
            "本周全区累计走访企业1132家次，召开座谈会18场，梳理问题755个，现场解决578个，其余177个已责任到人督办落实，解决率76.6%。");
    }

    [Fact]
    public async Task A_town_supervisor_sees_only_the_town()
    {
        var district = await DistrictPathAsync();
        var townId = await fixture.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
        var townPath = await fixture.Database.ScalarAsync<string>("SELECT path FROM org_units WHERE code = 'XH-T01'");
        var expected = fixture.Data.Towns[townId];

        // Asking for the whole district within a town's scope still gives the town alone.
        var f = await WithSourceAsync(DataScope.Region(townPath), s => s.FiguresAsync(district, "城关街道", Week, Today));

        expected.Problems.ShouldBeGreaterThan(0);
        expected.Problems.ShouldBeLessThan(BulletinDataset.Problems);
        f.Visits.ShouldBe(expected.Visits);
        f.Symposia.ShouldBe(expected.Symposia);
        f.Problems.Total.ShouldBe(expected.Problems);
        f.Problems.SolvedOnSpot.ShouldBe(expected.SolvedOnSpot);

        var ranking = await WithSourceAsync(DataScope.Region(townPath), s => s.TownRankingAsync(district, Week, Today));
        ranking.Select(r => r.Town).ShouldBe(["城关街道"]);
        ranking[0].Problems.ShouldBe(expected.Problems);
    }

    [Fact]
    public async Task The_ranking_covers_every_town_and_adds_up_to_the_district()
    {
        var district = await DistrictPathAsync();
        var ranking = await WithSourceAsync(DataScope.Everything, s => s.TownRankingAsync(district, Week, Today));

        ranking.Count.ShouldBe(10);
        ranking.Sum(r => r.Problems).ShouldBe(755);
        ranking.Sum(r => r.Resolved).ShouldBe(578);
        ranking.Select(r => r.ResolutionRate ?? -1m).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task The_briefing_and_the_dashboard_print_the_same_figures_for_the_same_period_and_region()
    {
        var district = await DistrictPathAsync();
        await using var services = fixture.Factory.Services.CreateAsyncScope();
        var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        var dashboard = services.ServiceProvider.GetRequiredService<Web.Features.Dashboard.DashboardQueries>();
        var d = await dashboard.FiguresAsync(district, new Web.Features.Dashboard.DashboardPeriod(Web.Features.Dashboard.PeriodPreset.Week, Week.From, Week.To));
        var b = await new BriefingFigureSource(db).FiguresAsync(district, "全区", Week, dashboard.Today);

        (b.Visits, b.Symposia, b.EnterprisesCovered).ShouldBe((d.Visits.EnterpriseVisits, d.Visits.Symposia, d.Visits.EnterprisesCovered));
        b.Problems.ShouldBe(d.Problems);
        b.Overdue.ShouldBe(d.Problems.Overdue);
        (b.RedFlags, b.YellowFlags, b.BlueFlags).ShouldBe((d.Flags.Red, d.Flags.Yellow, d.Flags.Blue));
        (b.NoticesIssued, b.NoticesReplied).ShouldBe((d.Notices.Issued, d.Notices.Replied));
        b.RedFlags.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Red_flagged_problems_are_listed_with_days_late()
    {
        var district = await DistrictPathAsync();
        var red = await WithSourceAsync(DataScope.Everything, s => s.RedFlagsAsync(district, Week, Today));

        red.Count.ShouldBe(BulletinDataset.RedFlags);
        red.ShouldAllBe(r => r.DaysLate == Today.DayNumber - BulletinDataset.Deadline.DayNumber && r.Department != null);
    }

    [Theory]
    [InlineData("2026-03-01", 1, 1)] // the Sunday before: the visit and the problem just outside the week
    [InlineData("2026-03-02", 1132 / 7 + 1, 1)] // registered at 00:00:00 Beijing time on Monday
    [InlineData("2026-03-09", 1, 1)] // registered at 00:00:00 on the Monday after
    public async Task Period_boundaries_are_Beijing_midnights(string day, int minVisits, int minProblems)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var district = await DistrictPathAsync();
        var f = await WithSourceAsync(DataScope.Everything,
            s => s.FiguresAsync(district, "全区", new BriefingPeriod(BriefingPeriodKind.Custom, date, date), Today));

        f.Visits.ShouldBeGreaterThanOrEqualTo(minVisits);
        f.Problems.Total.ShouldBeGreaterThanOrEqualTo(minProblems);
    }

    [Fact]
    public async Task The_last_microsecond_of_Sunday_belongs_to_the_week_and_the_next_one_does_not()
    {
        var district = await DistrictPathAsync();
        async Task<int> ProblemsOn(DateOnly from, DateOnly to) => (await WithSourceAsync(DataScope.Everything,
            s => s.FiguresAsync(district, "全区", new BriefingPeriod(BriefingPeriodKind.Custom, from, to), Today))).Problems.Total;

        (await ProblemsOn(new(2026, 3, 1), new(2026, 3, 1))).ShouldBe(1);
        (await ProblemsOn(new(2026, 3, 9), new(2026, 3, 9))).ShouldBe(1);
        (await ProblemsOn(new(2026, 3, 1), new(2026, 3, 9))).ShouldBe(757);
        var sunday = await ProblemsOn(BulletinDataset.Sunday, BulletinDataset.Sunday);
        var monday = await ProblemsOn(BulletinDataset.Monday, BulletinDataset.Monday);
        var midweek = await ProblemsOn(BulletinDataset.Monday.AddDays(1), BulletinDataset.Sunday.AddDays(-1));
        (monday + midweek + sunday).ShouldBe(755);
        sunday.ShouldBeGreaterThanOrEqualTo(1);
    }
}
