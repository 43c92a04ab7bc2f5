using System.Net;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Assignments;

/// <summary>Managing an enterprise's 包联 through its page, as a dispatcher would: add, refuse, end, delete, and scope.</summary>
public sealed class AssignmentManagementTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private HttpClient _dispatcher = null!;
    private long _official;
    private long _liu;
    private long _chen;

    public async Task InitializeAsync()
    {
        _dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        _official = await UserIdAsync("official");
        _liu = await UserIdAsync("xh.liuzhiqiang");
        _chen = await UserIdAsync("xh.chenxiaoyan");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd");

    private Task<long> UserIdAsync(string userName) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM users WHERE user_name = '{userName}'");

    /// <summary>The n-th enterprise (by id) of a town the demo leaves without any assignment; each test takes its own.</summary>
    private Task<long> UncoveredAsync(string townCode, int n) => portal.Database.ScalarAsync<long>($"""
        SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id
        WHERE o.code = '{townCode}' AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.enterprise_id = e.id)
        ORDER BY e.id OFFSET {n} LIMIT 1
        """);

    private Task<long> CountAsync(long enterprise) =>
        portal.Database.ScalarAsync<long>($"SELECT count(*) FROM assignments WHERE enterprise_id = {enterprise}");

    private Task<HttpResponseMessage> AddAsync(long enterprise, string role, long? userId = null, long? departmentId = null,
        DateOnly? start = null, string? end = null, string? note = null) =>
        PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments", "assignment-add",
        [
            F("Model.Role", role), F("Model.UserId", userId?.ToString() ?? ""), F("Model.DepartmentId", departmentId?.ToString() ?? ""),
            F("Model.StartsOn", Day(start ?? Today)), F("Model.EndsOn", end ?? ""), F("Model.Note", note ?? ""),
        ]);

    private async Task<long> AddedAsync(long enterprise, string role, long? userId = null, long? departmentId = null, DateOnly? start = null)
    {
        var response = await AddAsync(enterprise, role, userId, departmentId, start);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.OriginalString.ShouldEndWith($"/enterprises/{enterprise}/assignments?done=added");
        return await portal.Database.ScalarAsync<long>($"SELECT max(id) FROM assignments WHERE enterprise_id = {enterprise}");
    }

    private Task<string> VersionAsync(long assignment) =>
        portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM assignments WHERE id = {assignment}");

    [Fact]
    public async Task A_liaison_is_added_listed_and_audited()
    {
        var enterprise = await UncoveredAsync("XH-T03", 0);

        var id = await AddedAsync(enterprise, "liaison", _official, start: Today.AddDays(-10));

        (await portal.Database.ScalarAsync<string>(
                $"SELECT concat_ws('|', role, user_id, org_unit_id, starts_on, ends_on, note) FROM assignments WHERE id = {id}"))
            .ShouldBe($"liaison|{_official}|{Day(Today.AddDays(-10))}");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE entity_type = 'Assignment' AND entity_id = '{id}' AND action = 'Created'"))
            .ShouldBe(1);
        var page = await _dispatcher.GetStringAsync($"/enterprises/{enterprise}/assignments?done=added");
        page.ShouldContain("已新增包联关系");
        page.ShouldContain("城关街道包联干部");
        page.ShouldContain($"{Day(Today.AddDays(-10))} 起");
    }

    [Fact]
    public async Task The_same_official_twice_in_an_overlapping_period_is_refused_in_Chinese_and_nothing_is_saved()
    {
        var enterprise = await UncoveredAsync("XH-T03", 1);
        await AddedAsync(enterprise, "liaison", _liu, start: new DateOnly(Today.Year, 1, 1));
        var before = await CountAsync(enterprise);

        var response = await AddAsync(enterprise, "liaison", _liu, start: Today, note: "重复录入");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldContain($"刘志强已是该企业的联络员（{Today.Year}-01-01起），与所填期间重叠，不能重复包联");
        html.ShouldContain("value=\"重复录入\"", customMessage: "the user's input is kept");
        (await CountAsync(enterprise)).ShouldBe(before);
    }

    [Fact]
    public async Task A_second_leader_for_the_same_days_is_refused_but_one_after_the_first_ends_is_accepted()
    {
        var enterprise = await UncoveredAsync("XH-T03", 2);
        var first = await AddedAsync(enterprise, "leader", _liu, start: Today.AddDays(-30));
        var before = await CountAsync(enterprise);

        var refused = await AddAsync(enterprise, "leader", _chen, start: Today);

        ValidationMessages(await refused.Content.ReadAsStringAsync()).ShouldContain(
            $"该企业已有包联领导刘志强（{Day(Today.AddDays(-30))}起），同一时期只能有一名包联领导；请先结束原包联关系，或把开始日期定在其结束之后");
        (await CountAsync(enterprise)).ShouldBe(before);

        var ended = await PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments?end={first}", "assignment-end",
            [F("EndModel.AssignmentId", first.ToString()), F("EndModel.Version", await VersionAsync(first)), F("EndModel.EndsOn", Day(Today))]);
        ended.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await AddedAsync(enterprise, "leader", _chen, start: Today.AddDays(1));

        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM assignments WHERE enterprise_id = {enterprise} AND role = 'leader'")).ShouldBe(2);
    }

    [Fact]
    public async Task Bad_input_is_reported_next_to_the_field_and_nothing_is_saved()
    {
        var enterprise = await UncoveredAsync("XH-T03", 3);

        var noOfficial = await AddAsync(enterprise, "liaison");
        var endBeforeStart = await AddAsync(enterprise, "liaison", _official, start: Today, end: Day(Today.AddDays(-1)));
        var badDate = await AddAsync(enterprise, "liaison", _official, end: "2026-02-30");
        var noDepartment = await AddAsync(enterprise, "department");
        var noRole = await AddAsync(enterprise, "boss", _official);

        ValidationMessages(await noOfficial.Content.ReadAsStringAsync()).ShouldContain("请选择包联干部");
        ValidationMessages(await endBeforeStart.Content.ReadAsStringAsync()).ShouldContain("结束日期不能早于开始日期");
        ValidationMessages(await badDate.Content.ReadAsStringAsync()).ShouldContain("结束日期格式应为 年-月-日，如 2015-06-30");
        ValidationMessages(await noDepartment.Content.ReadAsStringAsync()).ShouldContain("请选择行业主管单位");
        ValidationMessages(await noRole.Content.ReadAsStringAsync()).ShouldContain("请选择包联角色");
        foreach (var r in new[] { noOfficial, endBeforeStart, badDate, noDepartment, noRole }) r.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CountAsync(enterprise)).ShouldBe(0);
    }

    [Fact]
    public async Task Ending_with_a_stale_version_is_refused_and_the_current_state_is_shown()
    {
        var enterprise = await UncoveredAsync("XH-T03", 4);
        var id = await AddedAsync(enterprise, "liaison", _official, start: Today.AddDays(-60));
        var seen = await VersionAsync(id);
        // Someone else ends it first.
        var first = await PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments?end={id}", "assignment-end",
            [F("EndModel.AssignmentId", id.ToString()), F("EndModel.Version", seen), F("EndModel.EndsOn", Day(Today.AddDays(-5)))]);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var stale = await PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments?end={id}", "assignment-end",
            [F("EndModel.AssignmentId", id.ToString()), F("EndModel.Version", seen), F("EndModel.EndsOn", Day(Today.AddDays(-1)))]);

        stale.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await stale.Content.ReadAsStringAsync();
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain($"{Day(Today.AddDays(-60))} 至 {Day(Today.AddDays(-5))}", customMessage: "the current end date is shown");
        html.ShouldContain($"value=\"{Day(Today.AddDays(-1))}\"", customMessage: "the user's date is kept");
        (await portal.Database.ScalarAsync<string>($"SELECT ends_on::text FROM assignments WHERE id = {id}")).ShouldBe(Day(Today.AddDays(-5)));
    }

    [Fact]
    public async Task Ending_keeps_the_assignment_as_history()
    {
        var enterprise = await UncoveredAsync("XH-T03", 5);
        var id = await AddedAsync(enterprise, "liaison", _official, start: Today.AddDays(-90));
        var form = await _dispatcher.GetStringAsync($"/enterprises/{enterprise}/assignments?end={id}");
        form.ShouldContain("结束包联关系");

        var response = await PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments?end={id}", "assignment-end",
            [F("EndModel.AssignmentId", id.ToString()), F("EndModel.Version", await VersionAsync(id)), F("EndModel.EndsOn", Day(Today.AddDays(-1)))]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<string>($"SELECT ends_on::text FROM assignments WHERE id = {id}")).ShouldBe(Day(Today.AddDays(-1)));
        var page = await _dispatcher.GetStringAsync(response.Headers.Location);
        page.ShouldContain("包联关系已结束");
        var history = page[page.IndexOf("data-testid=\"history\"", StringComparison.Ordinal)..];
        history.ShouldContain($"data-assignment=\"{id}\"");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE entity_type = 'Assignment' AND entity_id = '{id}' AND action = 'Updated'"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task Only_an_assignment_entered_today_may_be_deleted()
    {
        var enterprise = await UncoveredAsync("XH-T03", 6);
        var today = await AddedAsync(enterprise, "liaison", _official);
        var older = await AddedAsync(enterprise, "liaison", _liu);
        await portal.Database.ExecuteAsync($"UPDATE assignments SET created_at = now() - interval '2 days' WHERE id = {older}");

        (await _dispatcher.GetStringAsync($"/enterprises/{enterprise}/assignments?delete={today}")).ShouldContain("删除误录的包联关系");
        var deleted = await PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments?delete={today}", "assignment-delete",
            [F("DeleteModel.AssignmentId", today.ToString()), F("DeleteModel.Version", await VersionAsync(today))]);
        var refused = await PostAsync(_dispatcher, $"/enterprises/{enterprise}/assignments", "assignment-delete",
            [F("DeleteModel.AssignmentId", older.ToString()), F("DeleteModel.Version", await VersionAsync(older))]);

        deleted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM assignments WHERE id = {today}")).ShouldBe(0);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE entity_type = 'Assignment' AND entity_id = '{today}' AND action = 'Deleted'"))
            .ShouldBe(1);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("只能删除当天录入的包联关系；以前录入的请结束，保留历史记录");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM assignments WHERE id = {older}")).ShouldBe(1);
    }

    [Fact]
    public async Task A_department_assignment_brings_the_enterprise_into_the_department_handlers_scope()
    {
        var enterprise = await UncoveredAsync("XH-T04", 0);
        var commerce = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-D03'");
        var handler = await portal.Factory.SignedInClientAsync("handler");
        (await handler.GetAsync($"/enterprises/{enterprise}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await AddedAsync(enterprise, "department", departmentId: commerce);
        var town = await AddedAsync(enterprise, "town_office");

        (await handler.GetAsync($"/enterprises/{enterprise}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await portal.Database.ScalarAsync<long>($"SELECT org_unit_id FROM assignments WHERE id = {town}"))
            .ShouldBe(await portal.Database.ScalarAsync<long>($"SELECT town_id FROM enterprises WHERE id = {enterprise}"));
    }

    [Fact]
    public async Task An_official_or_department_outside_the_users_scope_cannot_be_chosen()
    {
        var (_, otherTown) = await OtherDistrictAsync();
        var outsider = await portal.Database.ScalarAsync<long>($"""
            INSERT INTO users (user_name, normalized_user_name, display_name, org_unit_id, is_disabled, created_at, email_confirmed,
                               phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp, concurrency_stamp)
            VALUES ('dc.outsider', 'DC.OUTSIDER', '东城外区干部', {otherTown}, false, now(), false, false, false, true, 0, 'x', 'y') RETURNING id
            """);
        await portal.Database.ExecuteAsync($"""
            INSERT INTO user_roles (user_id, role_id) SELECT {outsider}, id FROM roles WHERE name = 'Official'
            """);
        var enterprise = await UncoveredAsync("XH-T04", 1);

        var fragment = await _dispatcher.GetStringAsync($"/assignments/official-search?q={Uri.EscapeDataString("东城外区")}");
        var response = await AddAsync(enterprise, "liaison", outsider);

        fragment.ShouldNotContain("东城外区干部");
        fragment.ShouldContain("没有找到符合条件的干部");
        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldContain("所选干部不存在、已停用或不在您的管辖范围内");
        (await CountAsync(enterprise)).ShouldBe(0);
        (await _dispatcher.GetStringAsync($"/assignments/official-search?q={Uri.EscapeDataString("刘")}")).ShouldContain("刘志强");
    }

    [Fact]
    public async Task An_enterprise_outside_the_scope_answers_404_by_address_and_by_form_post()
    {
        var (enterprise, _) = await OtherDistrictAsync();
        var token = await _dispatcher.GetStringAsync($"/enterprises/{await UncoveredAsync("XH-T04", 2)}/assignments");

        (await _dispatcher.GetAsync($"/enterprises/{enterprise}/assignments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var post = await _dispatcher.PostAsync($"/enterprises/{enterprise}/assignments", new FormUrlEncodedContent(
        [
            F("_handler", "assignment-add"), F("__RequestVerificationToken", AntiforgeryTokenOf(token)),
            F("Model.Role", "liaison"), F("Model.UserId", _official.ToString()), F("Model.StartsOn", Day(Today)),
        ]));

        post.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CountAsync(enterprise)).ShouldBe(0);
    }

    [Theory]
    [InlineData("official")]
    [InlineData("handler")]
    [InlineData("enterprise")]
    [InlineData("leader")]
    public async Task Only_administrators_and_dispatchers_manage_assignments(string user)
    {
        var client = await portal.Factory.SignedInClientAsync(user);
        var enterprise = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");

        (await client.GetAsync($"/enterprises/{enterprise}/assignments")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/assignments/bulk")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/assignments/official-search?q=a")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/admin/settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/assignments/coverage")).StatusCode.ShouldBe(user == "leader" ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_enterprise_page_links_to_its_assignments_for_managers_only()
    {
        var enterprise = await UncoveredAsync("XH-T04", 3);
        var leader = await portal.Factory.SignedInClientAsync("leader");

        (await _dispatcher.GetStringAsync($"/enterprises/{enterprise}")).ShouldContain($"href=\"/enterprises/{enterprise}/assignments\"");
        (await leader.GetStringAsync($"/enterprises/{enterprise}")).ShouldNotContain($"href=\"/enterprises/{enterprise}/assignments\"");
    }

    private static string AntiforgeryTokenOf(string html)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>An enterprise and a street office in a second district, outside the dispatcher's 新河区 (created once).</summary>
    private async Task<(long Enterprise, long Town)> OtherDistrictAsync()
    {
        var db = portal.Database;
        if (await db.ScalarAsync<long>("SELECT count(*) FROM org_units WHERE code = 'DC-T01'") == 0)
        {
            var city = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'JC'");
            var district = await db.ScalarAsync<long>($"""
                INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC', '东城区', 'District', {city}, '/', 2) RETURNING id
                """);
            await db.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {city}) || id || '/' WHERE id = {district}");
            var town = await db.ScalarAsync<long>($"""
                INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC-T01', '东城街道', 'Street', {district}, '/', 1) RETURNING id
                """);
            await db.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {district}) || id || '/' WHERE id = {town}");
            await db.ExecuteAsync($"""
                INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
                VALUES ('{Uscc.NewValid()}', '东城外区精工有限公司', 'industry_above', 'C', {town}, ARRAY[]::text[], 50, now(), now(), '[]')
                """);
        }
        return (await db.ScalarAsync<long>("SELECT id FROM enterprises WHERE name = '东城外区精工有限公司'"),
            await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'DC-T01'"));
    }
}
