using System.Text.RegularExpressions;
using EnterpriseAid.IntegrationTests.Features.Dashboard;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Assignments;

/// <summary>
/// The coverage summary of everything or a city, current quarter, no town or class, is the snapshot pass's (ADR-032): the
/// stored figures with "统计于 HH:mm" while fresh; live again once stale, and always live for a town, a class, an earlier
/// quarter or a district user.
/// </summary>
public sealed class CoverageSnapshotTests(SnapshotPortal fixture) : IClassFixture<SnapshotPortal>
{
    private const string Page = "/assignments/coverage";
    private readonly TestDatabase _db = fixture.Db;
    private readonly PortalFactory _portal = fixture.Portal;

    [Fact]
    public async Task The_whole_province_shows_the_counted_summary_with_its_time_until_it_is_stale_and_filters_count_live()
    {
        var admin = await _portal.SignedInClientAsync("admin");
        var before = await admin.GetStringAsync(Page);
        before.ShouldNotContain("data-testid=\"as-of\"");
        var live = Stats(before);

        (await _portal.Services.GetRequiredService<DashboardSnapshotRefresher>().RunOnceAsync(evenIfRecent: true)).Ran.ShouldBeTrue();
        var counted = await admin.GetStringAsync(Page);
        Stats(counted).ShouldBe(live);
        var time = await _db.ScalarAsync<string>(
            "SELECT to_char(computed_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI') FROM dashboard_snapshots WHERE key LIKE 'coverage|*|%'");
        AsOf(counted).ShouldBe($"统计于 {time}");

        // What the page shows is what was stored, not a count.
        await _db.ExecuteAsync("""
            UPDATE dashboard_snapshots SET payload = '{"enterprises":9001,"withoutLeader":7002,"withoutLiaison":5003,"belowTarget":3004,"target":1}'
            WHERE key LIKE 'coverage|*|%'
            """);
        Stats(await admin.GetStringAsync(Page)).ShouldBe(["9001", "7002", "5003", "3004"]);
        Stats(await admin.GetStringAsync($"{Page}?tab=visits")).ShouldBe(["9001", "7002", "5003", "3004"]);
        var english = await _portal.SignedInClientAsync("admin");
        await english.GetAsync($"/culture?culture=en-US&returnUrl=%2Fassignments%2Fcoverage");
        AsOf(await english.GetStringAsync(Page)).ShouldBe($"Counted at {time}");

        // A town, a class, an earlier quarter and a district user are counted live.
        var town = await _db.ScalarAsync<long>("SELECT town_id FROM enterprises GROUP BY town_id ORDER BY count(*) DESC, town_id LIMIT 1");
        var inTown = await admin.GetStringAsync($"{Page}?town={town}");
        inTown.ShouldNotContain("data-testid=\"as-of\"");
        Stats(inTown)[0].ShouldBe((await _db.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {town}")).ToString());
        var scale = await _db.ScalarAsync<string>("SELECT scale_class FROM enterprises ORDER BY id LIMIT 1");
        var ofClass = await admin.GetStringAsync($"{Page}?scale={scale}");
        ofClass.ShouldNotContain("data-testid=\"as-of\"");
        Stats(ofClass)[0].ShouldBe((await _db.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE scale_class = '{scale}'")).ToString());
        var quarter = Regex.Match(before, "<option value=\"(\\d{4}-Q\\d)\"(?! selected)").Groups[1].Value;
        quarter.ShouldNotBeEmpty();
        var earlier = await admin.GetStringAsync($"{Page}?quarter={quarter}");
        earlier.ShouldNotContain("data-testid=\"as-of\"");
        Stats(earlier)[0].ShouldBe(live[0]);
        var district = await (await _portal.SignedInClientAsync("leader")).GetStringAsync(Page);
        district.ShouldNotContain("data-testid=\"as-of\"");

        // Stale (the job stopped): live again.
        await _db.ExecuteAsync("UPDATE dashboard_snapshots SET computed_at = computed_at - interval '1 hour'");
        var stale = await admin.GetStringAsync(Page);
        stale.ShouldNotContain("data-testid=\"as-of\"");
        Stats(stale).ShouldBe(live);
    }

    private static string[] Stats(string html) =>
        new[] { "enterprises", "without-leader", "without-liaison", "below-target" }
            .Select(name => Regex.Match(html, $"data-stat=\"{name}\">(\\d+)<").Groups[1].Value).ToArray();

    private static string AsOf(string html) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(html, "data-testid=\"as-of\"[^>]*>([^<]+)<").Groups[1].Value);
}
