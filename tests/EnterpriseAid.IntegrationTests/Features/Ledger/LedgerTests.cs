using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Ledger;

/// <summary>一企一台账: the page and its Excel export, their content and who may see them.</summary>
public sealed partial class LedgerTests(LedgerTests.Fixture fx) : IClassFixture<LedgerTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public PortalFixture Portal { get; } = new();
        /// <summary>The enterprise user's own enterprise, in 城关街道.</summary>
        public long Own { get; private set; }
        public string OwnName { get; private set; } = "";
        /// <summary>An enterprise in 青山镇: outside the official's scope; 商务局 leads one of its problems.</summary>
        public long Other { get; private set; }
        public string OtherName { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await Portal.InitializeAsync();
            var db = Portal.Database;
            Own = await db.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
            OwnName = await db.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {Own}");
            Other = await db.ScalarAsync<long>("SELECT min(e.id) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T07'");
            OtherName = await db.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {Other}");
            const string official = "(SELECT id FROM users WHERE user_name = 'official')";
            const string leader = "(SELECT id FROM users WHERE user_name = 'leader')";
            const string commerce = "(SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%商务局')";
            const string finance = "(SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%财政局')";
            const string town = "(SELECT id FROM org_units WHERE code = 'XH-T01')";

            // The demo seed assigns officials and units to many enterprises; these two carry only what is listed here.
            await db.ExecuteAsync($"DELETE FROM assignments WHERE enterprise_id IN ({Own}, {Other})");
            await db.ExecuteAsync($"""
                INSERT INTO assignments (enterprise_id, role, user_id, org_unit_id, starts_on, ends_on, note, created_at) VALUES
                    ({Own}, 'liaison', {official}, NULL, '2026-01-01', NULL, '每月走访一次', now()),
                    ({Own}, 'leader', {leader}, NULL, '2025-01-01', '2025-12-31', NULL, now()),
                    ({Own}, 'department', NULL, {commerce}, '2026-01-01', NULL, NULL, now()),
                    ({Own}, 'town_office', NULL, {town}, '2099-01-01', NULL, NULL, now());
                INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at,
                                    notes_situation, notes_problems, notes_goals, notes_policies) VALUES
                    ('2026-03-05', 'OnSite', ARRAY[{Own}], ARRAY[{official}], '第一次走访，了解订单情况', {official}, now(),
                     '订单饱满，产能利用率九成', '二期厂房用电增容未批复', '年产值突破两亿元', '技术改造补贴'),
                    ('2026-06-10', 'Remote', ARRAY[{Own}], ARRAY[{official}, {leader}], '电话回访用电增容进展', {official}, now(),
                     NULL, NULL, NULL, NULL),
                    ('2026-09-01', 'Symposium', ARRAY[{Own}, {Other}], ARRAY[{leader}], '重点企业座谈会', {official}, now(),
                     NULL, NULL, NULL, NULL);
                """);
            await ProblemAsync(1, Own, "InProgress", commerce, "'2026-01-05'", null, "用电增容迟迟未批复");
            await ProblemAsync(2, Own, "Closed", finance, "'2026-02-20'", "'Satisfied'", "技改补贴兑现慢");
            await ProblemAsync(3, Other, "Assigned", commerce, "'2099-01-05'", null, "青山镇企业外贸订单对接");
            await ProblemAsync(4, Other, "Assigned", finance, "'2099-01-05'", null, "青山镇企业贷款贴息");
        }

        private Task ProblemAsync(int seq, long enterprise, string status, string lead, string deadline, string? satisfaction, string title) =>
            Portal.Database.ExecuteAsync($"""
                INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, lead_department_id,
                                      lead_department_name, dispatched_at, deadline, resolved_at, resolved_on_spot, resolved_by_deadline,
                                      closed_at, reopen_count, satisfaction, rated_at, extension_count, registered_by_user_id, created_at, updated_at)
                VALUES ('2026-90000{seq}', {enterprise}, 'energy', 'Ordinary', 'Visit', '{title}', '{title}的描述', '{status}', {lead},
                        (SELECT name FROM org_units WHERE id = {lead}), '2026-01-02', {deadline}::date,
                        {(status == "Closed" ? "'2026-02-10'" : "NULL")}, false, {(status == "Closed" ? "true" : "NULL")},
                        {(status == "Closed" ? "'2026-02-12'" : "NULL")}, 0, {satisfaction ?? "NULL"},
                        {(satisfaction is null ? "NULL" : "'2026-02-11'")}, 0, (SELECT id FROM users WHERE user_name = 'admin'),
                        '2026-01-01 10:00+08', '2026-01-01 10:00+08')
                """);

        public Task DisposeAsync() => Portal.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Html)> PageAsync(string user, long id)
    {
        var client = await fx.Portal.Factory.SignedInClientAsync(user);
        var response = await client.GetAsync($"/enterprises/{id}/ledger");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> ExportAsync(string user, long id)
    {
        var client = await fx.Portal.Factory.SignedInClientAsync(user);
        return await client.GetAsync($"/enterprises/{id}/ledger.xlsx");
    }

    /// <summary>From one section of the page to the next.</summary>
    private static string Section(string html, string testId)
    {
        var start = html.IndexOf($"data-testid=\"{testId}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, testId);
        var end = html.IndexOf("data-testid=\"ledger-", start + testId.Length, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    [Fact]
    public async Task The_ledger_shows_the_enterprise_its_assignments_visits_and_problems()
    {
        var (status, html) = await PageAsync("official", fx.Own);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain(fx.OwnName);
        Section(html, "ledger-facts").ShouldContain("城关街道");

        var assignments = Section(html, "ledger-assignments");
        States(assignments).ShouldBe(["Current", "Current", "Upcoming", "Ended"]);
        assignments.ShouldContain("城关街道包联干部");
        assignments.ShouldContain("每月走访一次");
        assignments.ShouldContain("新河区商务局");
        assignments.ShouldContain("新河区督查组");
        assignments.ShouldContain("2025-01-01 至 2025-12-31");
        assignments.ShouldContain("2026-01-01 起");

        var visits = Section(html, "ledger-visits");
        Regex.Matches(visits, "fw-semibold text-nowrap\">(\\d{4}-\\d\\d-\\d\\d)<").Select(m => m.Groups[1].Value)
            .ShouldBe(["2026-09-01", "2026-06-10", "2026-03-05"]);
        visits.ShouldContain("共 3 次");
        visits.ShouldContain("（共2家企业）");
        visits.ShouldContain("城关街道包联干部、新河区督查组");
        visits.ShouldContain("二期厂房用电增容未批复");
        visits.ShouldContain("技术改造补贴");
        visits.ShouldContain("企业情况");

        var problems = Section(html, "ledger-problems");
        problems.ShouldContain("2026-900001");
        problems.ShouldContain("用电增容迟迟未批复");
        problems.ShouldContain("办理中");
        problems.ShouldContain("已销号");
        problems.ShouldContain("新河区财政局");
        problems.ShouldContain("2026-01-05");
        problems.ShouldContain("满意");
        var lateRow = Regex.Match(problems, "<tr>(?:(?!</tr>).)*2026-900001.*?</tr>", RegexOptions.Singleline).Value;
        Regex.Match(lateRow, "data-flag=\"(\\w+)\"").Groups[1].Value.ShouldBeOneOf("yellow", "red");
        problems.ShouldNotContain("2026-900003");
        ProblemFigure(html, "total").ShouldBe("2");
        ProblemFigure(html, "resolution-rate").ShouldBe("50%");
        ProblemFigure(html, "overdue").ShouldBe("1");
        ProblemFigure(html, "on-time-rate").ShouldBe("100%");
        ProblemFigure(html, "satisfaction-rate").ShouldBe("100%");
    }

    [Fact]
    public async Task An_enterprise_user_is_refused_the_ledger_even_of_its_own_enterprise()
    {
        // The ledger holds the officials' working notes (四个一口清), which are not the enterprise's to read.
        var (status, html) = await PageAsync("enterprise", fx.Own);
        var export = await ExportAsync("enterprise", fx.Own);

        status.ShouldBe(HttpStatusCode.Forbidden);
        html.ShouldNotContain("二期厂房用电增容未批复");
        export.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_enterprise_outside_the_users_scope_has_no_ledger_and_no_export()
    {
        var (status, html) = await PageAsync("official", fx.Other);
        var export = await ExportAsync("official", fx.Other);
        var missing = await ExportAsync("admin", 987654321);

        status.ShouldBe(HttpStatusCode.NotFound);
        html.ShouldNotContain(fx.OtherName);
        html.ShouldNotContain("青山镇企业外贸订单对接");
        export.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        export.Content.Headers.ContentType?.MediaType.ShouldNotBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_department_sees_the_ledger_of_an_enterprise_it_works_for_with_only_its_own_problems()
    {
        var (status, html) = await PageAsync("handler", fx.Other);
        var (assigned, ownHtml) = await PageAsync("handler", fx.Own);

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("青山镇企业外贸订单对接");
        html.ShouldNotContain("青山镇企业贷款贴息");
        ProblemFigure(html, "total").ShouldBe("1");
        // Assigned to the enterprise as its competent department: every problem of it.
        assigned.ShouldBe(HttpStatusCode.OK);
        ProblemFigure(ownHtml, "total").ShouldBe("2");
    }

    [Fact]
    public async Task The_ledger_export_has_the_four_sheets_with_every_row_and_real_dates()
    {
        var response = await ExportAsync("dispatcher", fx.Own);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith($"一企一台账-{fx.OwnName}-");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        XlsxBook.SchemaErrors(bytes).ShouldBeEmpty();
        var book = XlsxBook.Read(bytes);
        // Other features' sections (ILedgerSection) follow the ledger's own four sheets.
        book.Take(4).Select(s => s.Name).ShouldBe(["企业信息", "包联", "走访", "问题"]);
        book.ShouldAllBe(s => s.Rows[0][0].Text == $"一企一台账：{fx.OwnName}");

        var facts = book[0];
        facts.Texts(2, 2).ShouldBe(["项目", "内容"]);
        facts.Rows.Skip(3).Select(r => r[0].Text).ShouldContain("统一社会信用代码");
        facts.Rows.Single(r => r[0].Text == "解决率")[1].Text.ShouldBe("50%");
        facts.Rows.Single(r => r[0].Text == "问题总数")[1].Text.ShouldBe("2");

        var assignments = book[1];
        assignments.Texts(2, 7).ShouldBe(["包联角色", "包联干部/单位", "所在单位", "开始日期", "结束日期", "状态", "备注"]);
        assignments.Rows.Count.ShouldBe(3 + 4);
        var ended = assignments.Rows.Single(r => r.Any(c => c.Text == "已结束"));
        ended.Single(c => c.Reference.StartsWith('E')).IsDate.ShouldBeTrue();
        ended.Single(c => c.Reference.StartsWith('E')).AsDate().ShouldBe(new DateTime(2025, 12, 31));

        var visits = book[2];
        visits.Texts(2, 8).ShouldBe(["走访日期", "走访方式", "参加走访的干部", "走访情况", "企业情况", "存在问题", "发展目标", "适用政策"]);
        visits.Rows.Skip(3).Select(r => r[0].AsDate()).ShouldBe([new DateTime(2026, 9, 1), new DateTime(2026, 6, 10), new DateTime(2026, 3, 5)]);
        visits.Rows[5].Select(c => c.Text).ShouldContain("二期厂房用电增容未批复");

        var problems = book[3];
        problems.Texts(2, 3).ShouldBe(["编号", "企业", "统一社会信用代码"]);
        problems.Rows.Skip(3).Select(r => r[0].Text).ShouldBe(["2026-900002", "2026-900001"]);
    }

    [Fact]
    public async Task The_enterprise_page_and_my_enterprises_link_to_the_ledger()
    {
        var official = await fx.Portal.Factory.SignedInClientAsync("official");
        var enterprise = await fx.Portal.Factory.SignedInClientAsync("enterprise");

        (await official.GetStringAsync($"/enterprises/{fx.Own}")).ShouldContain($"href=\"/enterprises/{fx.Own}/ledger\"");
        (await official.GetStringAsync("/my/enterprises")).ShouldContain($"href=\"/enterprises/{fx.Own}/ledger\"");
        (await enterprise.GetStringAsync($"/enterprises/{fx.Own}")).ShouldNotContain("/ledger\"");
    }

    private static List<string> States(string html) =>
        Regex.Matches(html, "data-state=\"(\\w+)\"").Select(m => m.Groups[1].Value).ToList();

    private static string ProblemFigure(string html, string key) =>
        EnterpriseAid.IntegrationTests.Features.Problems.ProblemListFilterTests.Figure(html, key);
}
