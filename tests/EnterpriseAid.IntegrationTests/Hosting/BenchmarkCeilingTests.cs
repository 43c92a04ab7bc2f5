using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Hosting;

/// <summary>
/// The HTTP benchmark's ceilings (ADR-025) exist only with Benchmark:CeilingEndpoints, list what the page lists for
/// the same user (same scope, order and page size), and keep the page's roles; X-EA-Node appears only when configured.
/// </summary>
public sealed partial class BenchmarkCeilingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PortalFactory _on = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("ceiling");
        _on = new PortalFactory(_db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Benchmark:CeilingEndpoints"] = "true",
            ["Hosting:NodeHeader"] = "node-x",
        });
        _on.StartServer();
        for (var i = 0; i < 25; i++)
            await TestProblems.DispatchedAsync(_on.Services, $"上限对照问题{i}", new DateOnly(2026, 12, 31));
    }

    public async Task DisposeAsync()
    {
        await _on.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task The_problem_ceiling_lists_the_numbers_of_the_first_page_of_problems_for_the_same_user_in_the_same_order()
    {
        foreach (var user in new[] { "leader", "official" })
        {
            var client = await _on.SignedInClientAsync(user);
            var page = await client.GetAsync("/problems");
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            var pageNumbers = PageNumber().Matches(await page.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).Distinct().ToList();

            var ceiling = await client.GetAsync("/bench/ceiling/problems");
            ceiling.StatusCode.ShouldBe(HttpStatusCode.OK);
            var rows = Row().Matches(await ceiling.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();

            pageNumbers.Count.ShouldBeGreaterThan(0, user);
            // The ceiling reads one row more than the page shows, as the page does to know there is a next page.
            rows.Take(pageNumbers.Count).ShouldBe(pageNumbers, user);
            rows.Count.ShouldBeLessThanOrEqualTo(21);
        }
    }

    [Fact]
    public async Task The_portal_ceiling_lists_the_applications_and_the_open_programmes_the_page_lists()
    {
        var own = await _db.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        // Three programmes open in the enterprise's town; it has applied to the first, so the page offers the other two.
        await _db.ExecuteAsync($"""
            INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                          standard_amount, notice_days, stage, created_at, created_by_user_id)
            SELECT (SELECT min(id) FROM policies), e.town_id, '上限对照项目' || g, '2026年第一批', 100000, 0, date '2020-01-01', date '2099-12-31',
                   false, NULL, 7, 'Open', now(), (SELECT min(id) FROM users)
            FROM enterprises e, generate_series(1, 3) AS g WHERE e.id = {own}
            """);
        await _db.ExecuteAsync($"""
            INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, automatic, created_at, updated_at)
            SELECT min(id), {own}, 'Submitted', 5000, false, now(), now() FROM subsidy_programs WHERE name = '上限对照项目1'
            """);
        var enterprise = await _on.SignedInClientAsync("enterprise");

        var page = await enterprise.GetStringAsync("/portal/subsidies");
        var pageApplications = PageApplication().Matches(page).Select(m => m.Groups[1].Value).ToList();
        var pageOpen = PageOption().Matches(page).Select(m => m.Groups[1].Value).ToList();

        var ceiling = await enterprise.GetStringAsync("/bench/ceiling/portal-subsidies");
        var parts = PortalRow().Matches(ceiling).Select(m => (Part: m.Groups[1].Value, Id: m.Groups[2].Value)).ToList();

        pageApplications.Count.ShouldBeGreaterThan(0);
        pageOpen.Count.ShouldBe(2);
        parts.Where(p => p.Part == "1").Select(p => p.Id).Distinct().ShouldBe(pageApplications);
        parts.Where(p => p.Part == "2").Select(p => p.Id).ShouldBe(pageOpen, ignoreOrder: true);
    }

    [Fact]
    public async Task Ceilings_keep_the_roles_of_their_pages_and_the_node_header_names_the_node()
    {
        var enterprise = await _on.SignedInClientAsync("enterprise");
        (await enterprise.GetAsync("/bench/ceiling/problems")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var own = await enterprise.GetAsync("/bench/ceiling/portal-subsidies");
        own.StatusCode.ShouldBe(HttpStatusCode.OK);
        own.Headers.GetValues("X-EA-Node").ShouldBe(["node-x"]);

        var leader = await _on.SignedInClientAsync("leader");
        (await leader.GetAsync("/bench/ceiling/portal-subsidies")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_the_setting_there_are_no_ceilings_and_no_node_header()
    {
        await using var off = new PortalFactory(_db.ConnectionString);
        var client = await off.SignedInClientAsync("leader");
        var response = await client.GetAsync("/bench/ceiling/problems");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Headers.Contains("X-EA-Node").ShouldBeFalse();
    }

    [GeneratedRegex("<td class=\"font-monospace text-nowrap\"><a href=\"/problems/\\d+\">([^<]+)</a></td>")]
    private static partial Regex PageNumber();

    [GeneratedRegex("<tr><td>\\d+</td><td>([^<]+)</td>")]
    private static partial Regex Row();

    [GeneratedRegex("data-application=\"(\\d+)\"")]
    private static partial Regex PageApplication();

    [GeneratedRegex("<option value=\"(\\d+)\"")]
    private static partial Regex PageOption();

    [GeneratedRegex("<tr><td>([12])</td><td>(\\d+)</td>")]
    private static partial Regex PortalRow();
}
