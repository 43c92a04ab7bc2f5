using System.Net;
using System.Text.RegularExpressions;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>The problem list's filters through the page: department, region, period, combined with keyset paging and the figures.</summary>
[Collection(ProblemDataCollection.Name)]
public sealed partial class ProblemListFilterTests(ProblemDataSet data)
{
    private sealed record ListResult(int Total, IReadOnlyList<string> Numbers, string? Next, string? Previous, string Html);

    private async Task<ListResult> ListAsync(string query, string user = "admin")
    {
        var client = await data.Portal.Factory.SignedInClientAsync(user);
        return await ListAsync(client, "/problems?" + query);
    }

    private static async Task<ListResult> ListAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        var total = Total().Match(html);
        return new ListResult(total.Success ? int.Parse(total.Groups[1].Value) : -1,
            Numbers().Matches(Regex.Match(html, "<table.*?</table>", RegexOptions.Singleline).Value).Select(m => m.Groups[1].Value).ToList(),
            Link(html, "next"), Link(html, "prev"), html);
    }

    private static string? Link(string html, string rel)
    {
        var m = Regex.Match(html, $"rel=\"{rel}\" href=\"([^\"]+)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    private static IEnumerable<string> Expected(Func<ProblemSpec, bool> where) =>
        ProblemDataSet.Specs.Where(where).Select(s => s.Number).OrderByDescending(n => n, StringComparer.Ordinal);

    private static bool In2019(ProblemSpec s) => s.Registered.Year == 2019;

    [Fact]
    public async Task A_department_filter_finds_the_problems_it_leads_or_co_handles()
    {
        var commerce = data.Departments["C"];

        var any = await ListAsync($"{ProblemDataSet.Year}&dept={commerce}");
        var lead = await ListAsync($"{ProblemDataSet.Year}&dept={commerce}&role=lead");
        var co = await ListAsync($"{ProblemDataSet.Year}&dept={commerce}&role=co");

        any.Numbers.ShouldBe(Expected(s => s.Lead == "C" || s.Co == "C"));
        any.Total.ShouldBe(4);
        lead.Numbers.ShouldBe(Expected(s => s.Lead == "C"));
        co.Numbers.ShouldBe(Expected(s => s.Co == "C"));
        co.Numbers.ShouldBe(["2019-000007"]);
    }

    [Fact]
    public async Task A_region_filter_takes_the_enterprises_town_or_a_whole_subtree()
    {
        var town = await ListAsync($"{ProblemDataSet.Year}&region={data.Towns["E2"]}");
        var district = await ListAsync($"{ProblemDataSet.Year}&region={data.District}");

        town.Total.ShouldBe(ProblemDataSet.Specs.Count(s => s.Enterprise == "E2"));
        town.Numbers.ShouldBe(Expected(s => s.Enterprise == "E2").Take(20));
        district.Total.ShouldBe(ProblemDataSet.Specs.Count);
    }

    [Fact]
    public async Task The_period_takes_whole_Beijing_days_at_both_ends()
    {
        var march = await ListAsync("from=2019-03-01&to=2019-03-31");
        var lastDay = await ListAsync("from=2019-02-28&to=2019-02-28");
        var oneDay = await ListAsync("from=2019-04-01&to=2019-04-01");

        // 2019-03-01 00:00:00 and 2019-03-31 23:59:59 Beijing time are in; a second either side is not.
        march.Numbers.ShouldBe(["2019-000003", "2019-000001"]);
        lastDay.Numbers.ShouldBe(["2019-000002"]);
        oneDay.Numbers.ShouldBe(["2019-000004"]);
    }

    [Fact]
    public async Task An_open_ended_period_is_allowed()
    {
        var from = await ListAsync("from=2019-06-01");
        var to = await ListAsync("to=2019-02-28");

        from.Total.ShouldBeGreaterThanOrEqualTo(25);
        from.Numbers.ShouldNotContain("2019-000011");
        to.Numbers.ShouldBe(["2019-000002"]);
    }

    [Fact]
    public async Task The_quick_periods_are_this_month_quarter_and_year_in_Beijing_time_and_keep_the_other_filters()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var html = (await ListAsync("status=Reported")).Html;

        var links = Regex.Matches(Regex.Match(html, "data-testid=\"periods\".*?</div>", RegexOptions.Singleline).Value, "href=\"([^\"]+)\"")
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        links.ShouldBe([
            $"/problems?status=Reported&from={monthStart:yyyy-MM-dd}&to={monthStart.AddMonths(1).AddDays(-1):yyyy-MM-dd}",
            $"/problems?status=Reported&from={quarterStart:yyyy-MM-dd}&to={quarterStart.AddMonths(3).AddDays(-1):yyyy-MM-dd}",
            $"/problems?status=Reported&from={today.Year}-01-01&to={today.Year}-12-31",
        ]);
    }

    [Theory]
    [InlineData("status=Reported")]
    [InlineData("region=DISTRICT")]
    [InlineData("category=labor&region=DISTRICT")]
    public async Task Walking_every_page_of_a_filtered_list_yields_each_problem_once(string filter)
    {
        var client = await data.Portal.Factory.SignedInClientAsync("dispatcher");
        var first = await ListAsync(client, $"/problems?{ProblemDataSet.Year}&{filter.Replace("DISTRICT", data.District.ToString())}");
        var seen = new List<string>(first.Numbers);
        var pages = new List<ListResult> { first };
        while (pages[^1].Next is { } next)
        {
            var page = await ListAsync(client, next);
            page.Total.ShouldBe(first.Total);
            seen.AddRange(page.Numbers);
            pages.Add(page);
        }

        pages.Count.ShouldBeGreaterThan(1);
        seen.Count.ShouldBe(first.Total);
        seen.Distinct().Count().ShouldBe(seen.Count);
        seen.ShouldBe(seen.OrderByDescending(n => n, StringComparer.Ordinal).ToList());
        seen.ShouldAllBe(n => n.StartsWith("2019-"));

        // And back again from the last page: the same pages in reverse.
        var back = new List<string>();
        var current = pages[^1];
        back.InsertRange(0, current.Numbers);
        while (current.Previous is { } previous)
        {
            current = await ListAsync(client, previous);
            back.InsertRange(0, current.Numbers);
        }
        back.ShouldBe(seen);
    }

    [Fact]
    public async Task The_flag_filter_still_works_with_the_new_filters()
    {
        var yellow = await ListAsync($"{ProblemDataSet.Year}&flag=yellow");
        var yellowInTown = await ListAsync($"{ProblemDataSet.Year}&flag=yellow&region={data.Towns["E2"]}");

        // Open and past the deadline (2019): late.
        yellow.Numbers.ShouldBe(["2019-000005", "2019-000004"]);
        yellowInTown.Numbers.ShouldBe(["2019-000004"]);
        Figure(yellowInTown.Html, "total").ShouldBe("1");
        Figure(yellowInTown.Html, "overdue").ShouldBe("1");
    }

    [Fact]
    public async Task The_figures_above_the_list_are_those_of_the_filtered_set()
    {
        var year = (await ListAsync(ProblemDataSet.Year)).Html;
        var march = (await ListAsync("from=2019-03-01&to=2019-03-31")).Html;
        var none = (await ListAsync("from=2019-01-01&to=2019-01-31")).Html;

        Figure(year, "total").ShouldBe("36");
        Figure(year, "on-spot").ShouldBe("2");
        Figure(year, "dispatched").ShouldBe("7");
        Figure(year, "resolved").ShouldBe("5");
        Figure(year, "resolution-rate").ShouldBe("13.9%");
        Figure(year, "overdue").ShouldBe("2");
        Figure(year, "on-time-rate").ShouldBe("66.7%");
        Figure(year, "satisfaction-rate").ShouldBe("80%");

        Figure(march, "total").ShouldBe("2");
        Figure(march, "resolution-rate").ShouldBe("50%");
        Figure(march, "on-time-rate").ShouldBe("—");
        Figure(march, "satisfaction-rate").ShouldBe("100%");

        // Nothing registered: every rate is "—", never NaN.
        Figure(none, "total").ShouldBe("0");
        Figure(none, "resolution-rate").ShouldBe("—");
        Figure(none, "on-time-rate").ShouldBe("—");
        Figure(none, "satisfaction-rate").ShouldBe("—");
        none.ShouldNotContain("NaN");
    }

    [Theory]
    [InlineData("from=2019-13-01", "登记日期（起）应为 年-月-日 格式的日期")]
    [InlineData("from=yesterday", "登记日期（起）应为 年-月-日 格式的日期")]
    [InlineData("to=9999-12-31", "登记日期（止）应为 年-月-日 格式的日期")]
    [InlineData("from=2019-04-01&to=2019-03-01", "登记日期的开始日期不能晚于结束日期")]
    [InlineData("status=Lost", "状态的取值无效，请重新选择")]
    [InlineData("category=weather", "类别的取值无效，请重新选择")]
    [InlineData("flag=green", "预警的取值无效，请重新选择")]
    [InlineData("role=boss&dept=1", "办理角色的取值无效，请重新选择")]
    [InlineData("dept=abc", "所选责任单位不存在或不在您的负责范围内")]
    [InlineData("dept=999999", "所选责任单位不存在或不在您的负责范围内")]
    [InlineData("region=-5", "所选所属区域不存在或不在您的负责范围内")]
    public async Task An_invalid_filter_is_named_in_Chinese_next_to_its_field_and_lists_nothing(string query, string message)
    {
        var result = await ListAsync(query);

        ValidationMessages(result.Html).ShouldContain(m => m.StartsWith(message, StringComparison.Ordinal));
        result.Html.ShouldContain("data-testid=\"filter-error\"");
        result.Numbers.ShouldBeEmpty();
        result.Html.ShouldNotContain("data-testid=\"export\"");
    }

    [Fact]
    public async Task A_department_handler_may_choose_only_its_own_department()
    {
        var handler = await ListAsync(ProblemDataSet.Year, "handler");
        var other = await ListAsync($"{ProblemDataSet.Year}&dept={data.Departments["F"]}", "handler");

        Regex.Matches(Regex.Match(handler.Html, "<select id=\"dept\".*?</select>", RegexOptions.Singleline).Value, "<option value=\"(\\d+)\"")
            .Select(m => long.Parse(m.Groups[1].Value)).ShouldBe([data.Departments["C"]]);
        ValidationMessages(other.Html).ShouldContain("所选责任单位不存在或不在您的负责范围内");
    }

    [Fact]
    public async Task A_town_official_chooses_among_the_town_and_the_districts_departments_and_sees_only_the_town()
    {
        var official = await ListAsync(ProblemDataSet.Year, "official");
        var elsewhere = await ListAsync($"{ProblemDataSet.Year}&region={data.Towns["E2"]}", "official");

        official.Total.ShouldBe(ProblemDataSet.Specs.Count(s => s.Enterprise == "E1"));
        Regex.Matches(Regex.Match(official.Html, "<select id=\"region\".*?</select>", RegexOptions.Singleline).Value, "<option value=\"(\\d+)\"")
            .Select(m => long.Parse(m.Groups[1].Value)).ShouldBe([data.Towns["E1"]]);
        official.Html.ShouldContain($"<option value=\"{data.Departments["C"]}\"");
        ValidationMessages(elsewhere.Html).ShouldContain("所选所属区域不存在或不在您的负责范围内");
    }

    /// <summary>The value shown for one figure, e.g. "13.9%".</summary>
    internal static string Figure(string html, string key)
    {
        var m = Regex.Match(html, $"data-figure=\"{key}\".*?data-value(?:=\"\")?>([^<]*)<", RegexOptions.Singleline);
        m.Success.ShouldBeTrue($"figure {key}");
        return WebUtility.HtmlDecode(m.Groups[1].Value).Trim();
    }

    [GeneratedRegex("data-testid=\"total\">共 (\\d+) 个问题")]
    private static partial Regex Total();

    [GeneratedRegex("<a href=\"/problems/\\d+\">(\\d{4}-\\d{6})</a>")]
    private static partial Regex Numbers();
}
