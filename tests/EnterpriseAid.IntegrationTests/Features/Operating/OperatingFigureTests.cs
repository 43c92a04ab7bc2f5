using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Operating;

/// <summary>
/// The 复工复产 table on a fixture in 东湖街道 (XH-T02) for a day D: each enterprise's latest report on or before D counts,
/// reports after D do not, never-reported enterprises count only as enterprises; split by scale class; narrowed by region
/// and by the user's scope; and the workbook holds the same table.
/// </summary>
public sealed partial class OperatingFigureTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private static readonly DateOnly D = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-10);
    private long _town;
    private int _townEnterprises;

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd");

    public async Task InitializeAsync()
    {
        _town = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'");
        _townEnterprises = (int)await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {_town}");
        var official = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'official'");
        // E1..E3 规上工业, E4..E5 规上服务业, the rest 其他; only the fixture's reports in the town.
        await portal.Database.ExecuteAsync($"""
            DELETE FROM operating_reports WHERE enterprise_id IN (SELECT id FROM enterprises WHERE town_id = {_town});
            WITH ranked AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM enterprises WHERE town_id = {_town})
            UPDATE enterprises e SET scale_class = CASE WHEN r.n <= 3 THEN 'industry_above' WHEN r.n <= 5 THEN 'services_above' ELSE 'other' END
            FROM ranked r WHERE r.id = e.id;
            """);
        var ids = new List<long>();
        for (var n = 0; n < 5; n++)
            ids.Add(await portal.Database.ScalarAsync<long>($"SELECT id FROM enterprises WHERE town_id = {_town} ORDER BY id OFFSET {n} LIMIT 1"));
        string Row(long e, DateOnly day, bool operating, int onDuty, int usual, int capacity) =>
            $"({e}, '{Text(day)}', {operating}, {onDuty}, {usual}, {capacity}, 'Staff', {official}, now())";
        await portal.Database.ExecuteAsync($"""
            INSERT INTO operating_reports (enterprise_id, reported_on, operating, staff_on_duty, usual_staff, capacity_percent, source, entered_by_user_id, entered_at)
            VALUES {string.Join(",\n", [
                // E1: stopped, then back the day before D, stopped again after D: the report before D counts.
                Row(ids[0], D.AddDays(-5), false, 0, 100, 0), Row(ids[0], D.AddDays(-1), true, 90, 100, 80), Row(ids[0], D.AddDays(1), false, 0, 100, 0),
                // E2: a report on D itself counts.
                Row(ids[1], D, true, 50, 50, 100),
                // E3: only after D: not reported on D.
                Row(ids[2], D.AddDays(2), true, 10, 10, 100),
                // E4: an old report, still its latest on D.
                Row(ids[3], D.AddDays(-30), false, 2, 20, 0),
                // E5: never reported.
            ])};
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, List<string>> Table(string html)
    {
        var table = Regex.Match(html, "data-testid=\"operating-table\".*?</table>", RegexOptions.Singleline).Value;
        return RowPattern().Matches(table).ToDictionary(m => m.Groups[1].Value,
            m => CellPattern().Matches(m.Groups[2].Value).Select(c => WebUtility.HtmlDecode(c.Groups[1].Value).Trim()).ToList());
    }

    [Fact]
    public async Task Latest_report_on_or_before_the_day_by_scale_class_with_totals()
    {
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var html = await client.GetStringAsync($"/operating?date={Text(D)}&region={_town}");
        var rows = Table(html);

        // 企业数, 已报告, 在产, 复工率, 在岗, 正常用工, 用工恢复率
        rows["industry_above"].ShouldBe(["规上工业", "3", "2", "2", "100%", "140", "150", "93.3%"]);
        rows["services_above"].ShouldBe(["规上服务业", "2", "1", "0", "0%", "2", "20", "10%"]);
        // Nobody reported: the rates are "—", not 0%.
        rows["other"].ShouldBe(["其他", (_townEnterprises - 5).ToString(), "0", "0", "—", "0", "0", "—"]);
        rows["industry_below"].ShouldBe(["规下工业", "0", "0", "0", "—", "0", "0", "—"]);
        rows["total"].ShouldBe(["合计", _townEnterprises.ToString(), "3", "2", "66.7%", "142", "170", "83.5%"]);

        // A day later E1's stop after D counts, and E2 is unchanged: 1 of 2 operating, 50/150.
        var later = Table(await client.GetStringAsync($"/operating?date={Text(D.AddDays(1))}&region={_town}"));
        later["industry_above"].ShouldBe(["规上工业", "3", "2", "1", "50%", "50", "150", "33.3%"]);
    }

    [Fact]
    public async Task The_workbook_holds_the_same_table()
    {
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var page = Table(await client.GetStringAsync($"/operating?date={Text(D)}&region={_town}"));
        var response = await client.GetAsync($"/operating/export?date={Text(D)}&region={_town}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        XlsxBook.SchemaErrors(bytes).ShouldBeEmpty();
        var sheet = XlsxBook.Read(bytes).Single();
        var header = Enumerable.Range(0, sheet.Rows.Count).First(i => sheet.Texts(i, 1)[0] == "规模类型");
        sheet.Texts(header, 8).ShouldBe(["规模类型", "企业数", "已报告", "在产", "复工率", "在岗人数", "正常用工人数", "用工恢复率"]);
        var lines = Enumerable.Range(header + 1, sheet.Rows.Count - header - 1).Select(i => sheet.Texts(i, 8).Select(t => t ?? "").ToList()).ToList();
        lines.Count.ShouldBe(page.Count);
        foreach (var line in lines)
        {
            var key = page.Single(kv => kv.Value[0] == line[0]).Key;
            line.ShouldBe(page[key], key);
        }
    }

    [Fact]
    public async Task A_region_narrows_and_the_users_scope_bounds_the_table()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var chengguan = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
        var chengguanCount = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {chengguan}");
        var districtCount = await portal.Database.ScalarAsync<long>(
            "SELECT count(*) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code LIKE 'XH-T%'");

        Table(await dispatcher.GetStringAsync($"/operating?date={Text(D)}&region={chengguan}"))["total"][1].ShouldBe(chengguanCount.ToString());
        Table(await dispatcher.GetStringAsync($"/operating?date={Text(D)}"))["total"][1].ShouldBe(districtCount.ToString());

        // The 城关街道 official sees 城关街道 only, and cannot ask for 东湖街道.
        var official = await portal.Factory.SignedInClientAsync("official");
        Table(await official.GetStringAsync($"/operating?date={Text(D)}"))["total"][1].ShouldBe(chengguanCount.ToString());
        var refused = await official.GetStringAsync($"/operating?date={Text(D)}&region={_town}");
        refused.ShouldNotContain("data-testid=\"operating-table\"");
        (await official.GetAsync($"/operating/export?date={Text(D)}&region={_town}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_future_or_malformed_date_is_refused_next_to_the_field()
    {
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var future = await client.GetStringAsync($"/operating?date={Text(D.AddDays(30))}");
        Forms.ValidationMessages(future).ShouldContain("统计日期不能晚于今天");
        var bad = await client.GetStringAsync("/operating?date=2026-13-45");
        Forms.ValidationMessages(bad).ShouldContain("统计日期格式应为 年-月-日，如 2015-06-30");
        bad.ShouldContain("value=\"2026-13-45\"");
    }

    [GeneratedRegex("<tr data-row=\"([a-z_]+)\"[^>]*>(.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();
}
