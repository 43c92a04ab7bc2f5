using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>比学赶超: the breakdown tables on the page, their server-side sort, and the Excel export that parses back to the same table.</summary>
[Collection(DashboardDataCollection.Name)]
public sealed partial class DashboardBreakdownTests(DashboardDataSet data)
{
    private const string Period = "period=custom&" + DashboardDataSet.May;

    private async Task<List<List<string>>> TableAsync(string user, string query)
    {
        var client = await data.Portal.Factory.SignedInClientAsync(user);
        var html = await client.GetStringAsync("/dashboard?" + query);
        return Table(html);
    }

    private static List<List<string>> Table(string html)
    {
        var table = Regex.Match(html, "<table[^>]*data-testid=\"breakdown\".*?</table>", RegexOptions.Singleline).Value;
        return Regex.Matches(table, "<tr>(.*?)</tr>", RegexOptions.Singleline)
            .Select(tr => Regex.Matches(tr.Groups[1].Value, "<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)
                .Select(td => WebUtility.HtmlDecode(Regex.Replace(td.Groups[1].Value, "<[^>]+>", "")).Replace(" ▲", "").Replace(" ▼", "").Trim()).ToList())
            .ToList();
    }

    [Fact]
    public async Task The_region_table_has_each_town_with_the_dashboard_figures()
    {
        var table = await TableAsync("leader", Period);

        table[0].ShouldBe(["名称", "走访企业（家次）", "座谈会（场）", "走访覆盖企业（家）", "问题总数", "现场解决", "交办", "已解决", "解决率", "逾期", "按期办结率", "满意率"]);
        var chengguan = table.Single(r => r[0] == "城关街道");
        var chengxi = table.Single(r => r[0] == "东湖街道");
        chengguan.ShouldBe(["城关街道", "4", "1", "2", "4", "1", "2", "2", "50%", "1", "100%", "100%"]);
        // The symposium also reached 东湖街道's enterprise: it counts once in each town's row.
        chengxi.ShouldBe(["东湖街道", "2", "1", "1", "1", "0", "1", "0", "0%", "1", "—", "—"]);
        table.Skip(1).Sum(r => int.Parse(r[1])).ShouldBe(6);
        table.Skip(1).Sum(r => int.Parse(r[4])).ShouldBe(5);
    }

    [Fact]
    public async Task The_official_table_counts_each_officials_visits_within_the_scope()
    {
        var table = await TableAsync("leader", Period + "&by=official");
        table[0].Take(4).ShouldBe(["名称", "走访企业（家次）", "座谈会（场）", "走访覆盖企业（家）"]);
        // Every visit of May was made by the administrator: 6 家次 (the joining inspection is not one), 1 座谈会, 3 enterprises.
        var admin = table.Single(r => r[0] == "系统管理员");
        admin.Take(5).ShouldBe(["系统管理员", "6", "1", "3", "5"]);

        var town = await TableAsync("cgleader", Period + "&by=official");
        town.Single(r => r[0] == "系统管理员").Take(4).ShouldBe(["系统管理员", "4", "1", "2"]);
    }

    [Fact]
    public async Task A_department_row_links_to_the_problems_it_leads()
    {
        var client = await data.Portal.Factory.SignedInClientAsync("leader");
        var html = await client.GetStringAsync("/dashboard?" + Period + "&by=department");
        var link = Regex.Match(html, @"href=""(/problems\?[^""]*dept=\d+[^""]*)""[^>]*>(\d+)</a>");
        link.Success.ShouldBeTrue();
        var list = await client.GetStringAsync(WebUtility.HtmlDecode(link.Groups[1].Value));
        Regex.Match(list, @"data-testid=""total"">共 (\d+) 个问题").Groups[1].Value.ShouldBe(link.Groups[2].Value);
    }

    [Fact]
    public async Task An_unknown_period_is_reported_not_replaced()
    {
        var client = await data.Portal.Factory.SignedInClientAsync("leader");
        var page = await client.GetAsync("/dashboard?period=fortnight");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("时段不可识别");
        html.ShouldNotContain("data-testid=\"problem-figures\"");
        (await client.GetAsync("/dashboard/breakdown.xlsx?period=fortnight")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_town_supervisor_sees_only_the_town()
    {
        var table = await TableAsync("cgleader", Period);

        table.Skip(1).Select(r => r[0]).ShouldBe(["城关街道"]);
        table[1][1].ShouldBe("4");
    }

    [Fact]
    public async Task Tables_sort_on_the_server_by_the_column_asked_for()
    {
        var byTotal = await TableAsync("leader", Period + "&by=region&sort=total&dir=desc");
        var byDepartment = await TableAsync("leader", Period + "&by=department&sort=total&dir=desc");

        byTotal[1][0].ShouldBe("城关街道");
        byTotal[2][0].ShouldBe("东湖街道");
        byTotal.Skip(1).Select(r => int.Parse(r[4])).ShouldBeInOrder(SortDirection.Descending);
        byDepartment[0].Count.ShouldBe(9);
        byDepartment.Skip(1).Select(r => r[0]).Count().ShouldBe(2);
        byDepartment[1][0].ShouldEndWith("商务局");
        byDepartment[1][1].ShouldBe("3");
        byDepartment[2].Take(2).ShouldBe(["未交办", "2"]);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("department")]
    [InlineData("category")]
    [InlineData("official")]
    public async Task The_export_parses_back_to_the_table(string by)
    {
        var query = $"{Period}&by={by}&sort=total&dir=desc";
        var client = await data.Portal.Factory.SignedInClientAsync("leader");
        var html = await client.GetStringAsync("/dashboard?" + query);
        var table = Table(html);
        var exportHref = WebUtility.HtmlDecode(Regex.Match(html, "data-testid=\"breakdown-export\"\\s+href=\"([^\"]+)\"").Groups[1].Value);
        exportHref.ShouldStartWith("/dashboard/breakdown.xlsx?");

        var response = await client.GetAsync(exportHref);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadAsByteArrayAsync();
        XlsxBook.SchemaErrors(body).ShouldBeEmpty();
        var sheet = XlsxBook.Read(body).ShouldHaveSingleItem();
        var columns = table[0].Count;
        var rows = Enumerable.Range(2, sheet.Rows.Count - 2).Select(i => sheet.Texts(i, columns).Select(t => t ?? "").ToList()).ToList();

        rows.ShouldBe(table);
    }

    [Fact]
    public async Task An_export_for_a_region_out_of_scope_is_refused()
    {
        var other = await data.Portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'");
        var client = await data.Portal.Factory.SignedInClientAsync("cgleader");

        var response = await client.GetAsync($"/dashboard/breakdown.xlsx?{Period}&region={other}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("不在您的负责范围内");
    }

    [Fact]
    public async Task The_charts_carry_their_data_for_the_script()
    {
        var client = await data.Portal.Factory.SignedInClientAsync("leader");
        var html = await client.GetStringAsync("/dashboard?" + Period);
        var charts = Regex.Matches(html, "data-echarts=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

        charts.Count.ShouldBe(3);
        // The ranking: towns with problems, lowest 解决率 first (ECharts draws a category axis from the bottom up).
        var bar = System.Text.Json.JsonDocument.Parse(charts.Single(c => c.Contains("\"type\":\"bar\""))).RootElement;
        bar.GetProperty("yAxis").GetProperty("data").EnumerateArray().Select(e => e.GetString()).ShouldBe(["东湖街道", "城关街道"]);
        charts.ShouldContain(c => c.Contains("\"type\":\"pie\""));
        // May 2019 spans five ISO weeks from Monday 29 April. Registered: 1 May; 10, 11, 12 May; 31 May.
        // Resolved: P6 on 14 May (P3, registered 31 May, was resolved on 3 June, outside).
        var trend = charts.Single(c => c.Contains("\"type\":\"line\""));
        trend.ShouldContain("\"data\":[\"04-29\",\"05-06\",\"05-13\",\"05-20\",\"05-27\"]");
        trend.ShouldContain("\"data\":[1,3,0,0,1]");
        trend.ShouldContain("\"data\":[0,0,1,0,0]");
    }
}
