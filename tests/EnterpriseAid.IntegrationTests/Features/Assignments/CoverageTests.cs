using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Assignments;

/// <summary>
/// The coverage view's figures against a data set built here, in 站前街道 (which the demo leaves
/// without assignments): three officials, five enterprises with leaders, liaisons, an ended and a
/// planned assignment, and visits on the first and last day of last quarter and just outside it.
/// </summary>
public sealed partial class CoverageTests(CoverageTests.Fixture fx) : IClassFixture<CoverageTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public PortalFixture Portal { get; } = new();
        public long Town { get; private set; }
        public int Enterprises { get; private set; }
        /// <summary>E1…E5: the first five enterprises of the town by id.</summary>
        public long[] E { get; private set; } = [];
        public long X { get; private set; }
        public long Y { get; private set; }
        public long Z { get; private set; }
        /// <summary>Last quarter, in Beijing time: the quarter the visits below fall in or around.</summary>
        public DateOnly QuarterStart { get; private set; }
        public DateOnly QuarterEnd { get; private set; }
        public string Quarter { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await Portal.InitializeAsync();
            var db = Portal.Database;
            Town = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T06'");
            Enterprises = (int)await db.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {Town}");
            (await db.ScalarAsync<long>($"SELECT count(*) FROM assignments a JOIN enterprises e ON e.id = a.enterprise_id WHERE e.town_id = {Town}"))
                .ShouldBe(0, "the demo leaves 站前街道 uncovered");
            var ids = await db.ScalarAsync<string>($"SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT id FROM enterprises WHERE town_id = {Town} ORDER BY id LIMIT 5) s");
            E = ids.Split(',').Select(long.Parse).ToArray();
            X = await OfficialAsync("zq.x", "站前甲");
            Y = await OfficialAsync("zq.y", "站前乙");
            Z = await OfficialAsync("zq.z", "站前丙");

            await AssignAsync(E[0], "leader", X, "current_date - 100", "NULL");
            await AssignAsync(E[1], "leader", X, "current_date - 100", "NULL");
            await AssignAsync(E[2], "liaison", X, "current_date - 100", "NULL");
            await AssignAsync(E[0], "liaison", Y, "current_date - 100", "NULL");
            // Not active today: ended yesterday, and planned to start in five days.
            await AssignAsync(E[3], "liaison", Y, "current_date - 200", "current_date - 1");
            await AssignAsync(E[3], "leader", Z, "current_date + 5", "NULL");
            await db.ExecuteAsync($"""
                INSERT INTO assignments (enterprise_id, role, org_unit_id, starts_on, created_at)
                VALUES ({E[4]}, 'department', (SELECT id FROM org_units WHERE code = 'XH-D02'), current_date - 100, now())
                """);

            var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var current = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
            QuarterStart = current.AddMonths(-3);
            QuarterEnd = current.AddDays(-1);
            Quarter = $"{QuarterStart.Year}-Q{(QuarterStart.Month - 1) / 3 + 1}";
            await VisitAsync(QuarterStart, [E[0]], X);
            await VisitAsync(QuarterEnd, [E[0]], X);
            await VisitAsync(QuarterStart.AddDays(-1), [E[1]], X);
            await VisitAsync(QuarterEnd.AddDays(1), [E[1]], X);
            await VisitAsync(QuarterStart.AddDays(10), [E[0], E[2]], Y, "Symposium");
            // Z joins another official's inspection of an enterprise in another town of the district: a visit of Z's all the
            // same, though not counted as a visit of its own in the figures.
            await db.ExecuteAsync($"""
                WITH first AS (
                    INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
                    SELECT '{QuarterStart.AddDays(20):yyyy-MM-dd}', 'Inspection', ARRAY[e.id], ARRAY[u.id], '检查', u.id, now()
                    FROM (SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id LIMIT 1) e,
                         (SELECT id FROM users WHERE user_name = 'official') u
                    RETURNING id, enterprise_ids)
                INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at, joins_inspection_id)
                SELECT '{QuarterStart.AddDays(20):yyyy-MM-dd}', 'Inspection', enterprise_ids, ARRAY[{Z}]::bigint[], '联合检查', {Z}, now(), id FROM first
                """);
            await db.ExecuteAsync("UPDATE portal_settings SET value = '2' WHERE key = 'coverage.visits_per_quarter'");
        }

        private async Task<long> OfficialAsync(string userName, string name)
        {
            var id = await Portal.Database.ScalarAsync<long>($"""
                INSERT INTO users (user_name, normalized_user_name, display_name, org_unit_id, is_disabled, created_at, email_confirmed,
                                   phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp, concurrency_stamp)
                VALUES ('{userName}', '{userName.ToUpperInvariant()}', '{name}', {Town}, false, now(), false, false, false, true, 0, 'x', 'y') RETURNING id
                """);
            await Portal.Database.ExecuteAsync($"INSERT INTO user_roles (user_id, role_id) SELECT {id}, id FROM roles WHERE name = 'Official'");
            return id;
        }

        private Task AssignAsync(long enterprise, string role, long user, string start, string end) =>
            Portal.Database.ExecuteAsync($"""
                INSERT INTO assignments (enterprise_id, role, user_id, starts_on, ends_on, created_at)
                VALUES ({enterprise}, '{role}', {user}, {start}, {end}, now())
                """);

        private Task VisitAsync(DateOnly on, long[] enterprises, long official, string kind = "OnSite") =>
            Portal.Database.ExecuteAsync($"""
                INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
                VALUES ('{on:yyyy-MM-dd}', '{kind}', ARRAY[{string.Join(",", enterprises)}]::bigint[], ARRAY[{official}]::bigint[], '走访', {official}, now())
                """);

        public Task DisposeAsync() => Portal.DisposeAsync();
    }

    private Task<HttpClient> DispatcherAsync() => fx.Portal.Factory.SignedInClientAsync("dispatcher");

    private string Url(string tab, string extra = "") => $"/assignments/coverage?tab={tab}&town={fx.Town}&quarter={fx.Quarter}{extra}";

    /// <summary>Every page of a list, following the 下一页 links.</summary>
    private static async Task<string> AllPagesAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        var all = html;
        while (NextLink().Match(html) is { Success: true } next)
        {
            html = await client.GetStringAsync(WebUtility.HtmlDecode(next.Groups[1].Value));
            all += html;
        }
        return all;
    }

    private static string Stat(string html, string name) => Regex.Match(html, $"data-stat=\"{name}\">(\\d+)<").Groups[1].Value;

    private static string Row(string html, string attribute, long id) =>
        Regex.Match(html, $"<tr {attribute}=\"{id}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;

    private static string Cell(string row, string column) =>
        Regex.Match(row, $"data-col=\"{column}\">\\s*(.*?)\\s*<", RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task The_summary_counts_enterprises_without_an_active_leader_or_liaison_and_below_the_visit_target()
    {
        var html = await (await DispatcherAsync()).GetStringAsync(Url("uncovered"));

        Stat(html, "enterprises").ShouldBe(fx.Enterprises.ToString());
        // E1 and E2 have a leader today; E1 and E3 a liaison. E4's liaison ended yesterday, its leader starts in five days.
        Stat(html, "without-leader").ShouldBe((fx.Enterprises - 2).ToString());
        Stat(html, "without-liaison").ShouldBe((fx.Enterprises - 2).ToString());
        // Target 2 a quarter: only E1 (first day, last day, and a symposium) reaches it.
        Stat(html, "below-target").ShouldBe((fx.Enterprises - 1).ToString());
    }

    [Fact]
    public async Task The_whole_province_and_one_town_are_counted_alike_and_equal_the_live_count()
    {
        // Everything without a town takes the joined sets; with a town, the probes per enterprise (CoverageQueries.SummaryAsync).
        var admin = await fx.Portal.Factory.SignedInClientAsync("admin");
        foreach (var town in new long?[] { null, fx.Town })
        {
            var html = await admin.GetStringAsync($"/assignments/coverage?tab=uncovered&quarter={fx.Quarter}{(town is null ? "" : $"&town={town}")}");
            var where = town is null ? "true" : $"e.town_id = {town}";
            async Task<string> CountAsync(string condition) =>
                (await fx.Portal.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises e WHERE {where} AND {condition}")).ToString();
            const string active = "a.enterprise_id = e.id AND a.starts_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date "
                                  + "AND (a.ends_on IS NULL OR a.ends_on >= (now() AT TIME ZONE 'Asia/Shanghai')::date)";

            Stat(html, "enterprises").ShouldBe(await CountAsync("true"));
            Stat(html, "without-leader").ShouldBe(await CountAsync($"NOT EXISTS (SELECT 1 FROM assignments a WHERE {active} AND a.role = 'leader')"));
            Stat(html, "without-liaison").ShouldBe(await CountAsync($"NOT EXISTS (SELECT 1 FROM assignments a WHERE {active} AND a.role = 'liaison')"));
            Stat(html, "below-target").ShouldBe(await CountAsync($"""
                (SELECT count(*) FROM visit_enterprises v WHERE v.enterprise_id = e.id
                   AND v.visited_on BETWEEN '{fx.QuarterStart:yyyy-MM-dd}' AND '{fx.QuarterEnd:yyyy-MM-dd}') < 2
                """));
        }
    }

    [Fact]
    public async Task The_uncovered_list_shows_who_is_missing_and_links_to_assign()
    {
        var client = await DispatcherAsync();

        var either = await AllPagesAsync(client, Url("uncovered"));
        var noLeader = await AllPagesAsync(client, Url("uncovered", "&missing=leader"));
        var noLiaison = await AllPagesAsync(client, Url("uncovered", "&missing=liaison"));

        either.ShouldContain($"共 {fx.Enterprises - 1} 家企业");
        Row(either, "data-enterprise", fx.E[0]).ShouldBeEmpty("E1 has a leader and a liaison");
        Cell(Row(either, "data-enterprise", fx.E[1]), "leader").ShouldBe("站前甲");
        Cell(Row(either, "data-enterprise", fx.E[2]), "liaisons").ShouldBe("站前甲");
        Row(either, "data-enterprise", fx.E[3]).ShouldContain("缺");
        either.ShouldContain($"href=\"/enterprises/{fx.E[3]}/assignments#add\"");
        noLeader.ShouldContain($"共 {fx.Enterprises - 2} 家企业");
        Row(noLeader, "data-enterprise", fx.E[1]).ShouldBeEmpty();
        Row(noLeader, "data-enterprise", fx.E[2]).ShouldNotBeEmpty();
        noLiaison.ShouldContain($"共 {fx.Enterprises - 2} 家企业");
        Row(noLiaison, "data-enterprise", fx.E[2]).ShouldBeEmpty();
        Row(noLiaison, "data-enterprise", fx.E[3]).ShouldNotBeEmpty("E4's liaison ended yesterday");
    }

    [Fact]
    public async Task Each_official_is_listed_with_the_enterprises_covered_today_and_the_visits_of_the_quarter()
    {
        var html = await AllPagesAsync(await DispatcherAsync(), Url("officials"));

        html.ShouldContain("共 3 名干部，其中 1 名暂无包联企业");
        var x = Row(html, "data-official", fx.X);
        (Cell(x, "leader"), Cell(x, "liaison"), Cell(x, "covered"), Cell(x, "visits")).ShouldBe(("2", "1", "3", "2"));
        var y = Row(html, "data-official", fx.Y);
        (Cell(y, "leader"), Cell(y, "liaison"), Cell(y, "covered"), Cell(y, "visits")).ShouldBe(("0", "1", "1", "1"));
        var z = Row(html, "data-official", fx.Z);
        // Z covers nothing but took part in one inspection (joining another's) elsewhere in the district.
        (Cell(z, "leader"), Cell(z, "liaison"), Cell(z, "visits")).ShouldBe(("0", "0", "1"));
        z.ShouldContain(">无</span>");
    }

    [Fact]
    public async Task Visits_of_the_quarter_count_its_first_and_last_day_but_not_the_days_around_it_and_those_below_target_come_first()
    {
        var html = await AllPagesAsync(await DispatcherAsync(), Url("visits"));

        var e1 = Row(html, "data-enterprise", fx.E[0]);
        var e2 = Row(html, "data-enterprise", fx.E[1]);
        var e3 = Row(html, "data-enterprise", fx.E[2]);
        (Cell(e1, "visits"), Cell(e1, "status"), Cell(e1, "last")).ShouldBe(("3", "达标", $"{fx.QuarterEnd:yyyy-MM-dd}"));
        // The visits the day before the quarter and the day after it do not count; the last one before its end shows.
        (Cell(e2, "visits"), Cell(e2, "status"), Cell(e2, "last")).ShouldBe(("0", "未达标", $"{fx.QuarterStart.AddDays(-1):yyyy-MM-dd}"));
        (Cell(e3, "visits"), Cell(e3, "status"), Cell(e3, "last")).ShouldBe(("1", "未达标", $"{fx.QuarterStart.AddDays(10):yyyy-MM-dd}"));
        Cell(Row(html, "data-enterprise", fx.E[4]), "last").ShouldBe("未走访");
        html.IndexOf($"data-enterprise=\"{fx.E[1]}\"", StringComparison.Ordinal)
            .ShouldBeLessThan(html.IndexOf($"data-enterprise=\"{fx.E[2]}\"", StringComparison.Ordinal));
        html.IndexOf($"data-enterprise=\"{fx.E[2]}\"", StringComparison.Ordinal)
            .ShouldBeLessThan(html.IndexOf($"data-enterprise=\"{fx.E[0]}\"", StringComparison.Ordinal));
        html.ShouldContain($"共 {fx.Enterprises} 家企业，未达标 {fx.Enterprises - 1} 家（目标：每家每季度走访 2 次）");

        var below = await AllPagesAsync(await DispatcherAsync(), Url("visits", "&below=1"));
        Row(below, "data-enterprise", fx.E[0]).ShouldBeEmpty();
        Row(below, "data-enterprise", fx.E[2]).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task The_quarter_defaults_to_the_current_one_in_Beijing_time()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var current = $"{today.Year}-Q{(today.Month - 1) / 3 + 1}";

        var html = await (await DispatcherAsync()).GetStringAsync($"/assignments/coverage?tab=visits&town={fx.Town}");

        html.ShouldContain($"<option value=\"{current}\" selected");
        // None of the visits above lies in the current quarter but the one the day after last quarter ended.
        Cell(Row(html, "data-enterprise", fx.E[1]), "visits").ShouldBe("1");
        Cell(Row(html, "data-enterprise", fx.E[0]), "visits").ShouldBe("0");
    }

    [Fact]
    public async Task A_supervisor_reads_the_coverage_but_is_offered_no_assignment_actions()
    {
        var html = await (await fx.Portal.Factory.SignedInClientAsync("leader")).GetStringAsync(Url("uncovered"));

        Stat(html, "without-leader").ShouldBe((fx.Enterprises - 2).ToString());
        html.ShouldNotContain("/assignments#add");
        html.ShouldNotContain("href=\"/assignments/bulk");
    }

    [Fact]
    public async Task An_official_may_not_open_the_coverage_view()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("official");

        (await client.GetAsync(Url("uncovered"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [GeneratedRegex("rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
