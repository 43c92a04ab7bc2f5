using System.Net;
using System.Text.RegularExpressions;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>The scoped visit list (/visits) the dashboard's visit figures link to, and the notice and problem lists' new filters.</summary>
[Collection(DashboardDataCollection.Name)]
public sealed partial class VisitListTests(DashboardDataSet data)
{
    private async Task<string> GetAsync(string user, string url)
    {
        var client = await data.Portal.Factory.SignedInClientAsync(user);
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_list_shows_the_visits_that_count_and_their_figures()
    {
        var html = await GetAsync("admin", "/visits?" + DashboardDataSet.May);

        // Four visits (the joining inspection is the same inspection), six 家次, three enterprises.
        Total().Match(html).Groups[0].Value.ShouldBe("data-testid=\"total\">共 4 次走访，6 家次，覆盖 3 家企业");
        Visits().Matches(html).Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_town_official_sees_only_the_towns_enterprises_of_a_shared_symposium()
    {
        var html = await GetAsync("official", "/visits?" + DashboardDataSet.May);
        var e3 = await data.Portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {data.Enterprises["E3"]}");

        Total().Match(html).Groups[0].Value.ShouldBe("data-testid=\"total\">共 3 次走访，4 家次，覆盖 2 家企业");
        html.ShouldNotContain(e3);
    }

    [Fact]
    public async Task A_region_outside_the_scope_or_a_bad_kind_is_named_and_nothing_is_listed()
    {
        var other = await data.Portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'");

        var region = await GetAsync("official", $"/visits?{DashboardDataSet.May}&region={other}");
        var kind = await GetAsync("official", $"/visits?{DashboardDataSet.May}&kind=Party");

        region.ShouldContain("不在您的负责范围内");
        Total().IsMatch(region).ShouldBeFalse();
        kind.ShouldContain("走访方式的取值无效");
        Total().IsMatch(kind).ShouldBeFalse();
    }

    [Fact]
    public async Task The_kind_filter_lists_the_symposia()
    {
        var html = await GetAsync("leader", $"/visits?{DashboardDataSet.May}&kind=Symposium");

        Total().Match(html).Groups[0].Value.ShouldBe("data-testid=\"total\">共 1 次走访，3 家次，覆盖 3 家企业");
    }

    [Fact]
    public async Task Keyset_paging_walks_every_visit_once()
    {
        var first = await GetAsync("admin", "/visits?from=2019-01-01&to=2019-12-31");
        var ids = Visits().Matches(first).Select(m => m.Groups[1].Value).ToList();
        // Six counted visits in 2019 (the joining inspection is not listed): one page.
        ids.Count.ShouldBe(6);
        ids.Distinct().Count().ShouldBe(6);
        first.ShouldNotContain("rel=\"next\"");
    }

    [Fact]
    public async Task The_problem_list_refuses_an_unknown_figure()
    {
        var html = await GetAsync("leader", "/problems?" + DashboardDataSet.May + "&figure=everything");

        html.ShouldContain("统计口径的取值无效");
    }

    [Fact]
    public async Task The_notice_list_takes_the_issue_period_and_refuses_a_bad_date()
    {
        var may = await GetAsync("leader", "/supervision/notices?" + DashboardDataSet.May);
        var bad = await GetAsync("leader", "/supervision/notices?from=2019-02-30");

        may.ShouldContain("data-testid=\"total\">共 2 份督办单");
        bad.ShouldContain("data-testid=\"filter-error\"");
    }

    [GeneratedRegex("data-testid=\"total\">共 (\\d+) 次走访，(\\d+) 家次，覆盖 (\\d+) 家企业")]
    private static partial Regex Total();

    [GeneratedRegex("data-visit=\"(\\d+)\"")]
    private static partial Regex Visits();
}
