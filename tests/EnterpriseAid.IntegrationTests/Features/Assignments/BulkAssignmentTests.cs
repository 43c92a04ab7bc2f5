using System.Net;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Assignments;

/// <summary>批量包联: one official for several enterprises, all or nothing.</summary>
public sealed class BulkAssignmentTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private HttpClient _dispatcher = null!;
    private long _town;

    public async Task InitializeAsync()
    {
        _dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        // 新华街道: the demo leaves it without any assignment.
        _town = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T04'");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Today's date in Beijing as SQL: the portal's "today", whatever the server's time zone.</summary>
    private const string BeijingToday = "(now() AT TIME ZONE 'Asia/Shanghai')::date";

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");

    private Task<long> UserIdAsync(string userName) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM users WHERE user_name = '{userName}'");

    private async Task<List<long>> EnterprisesAsync(int skip, int take)
    {
        var csv = await portal.Database.ScalarAsync<string>($"""
            SELECT string_agg(id::text, ',' ORDER BY id) FROM (
                SELECT id FROM enterprises WHERE town_id = {_town} ORDER BY id OFFSET {skip} LIMIT {take}) s
            """);
        return csv.Split(',').Select(long.Parse).ToList();
    }

    private Task<long> AssignmentCountAsync(IEnumerable<long> enterprises) =>
        portal.Database.ScalarAsync<long>($"SELECT count(*) FROM assignments WHERE enterprise_id IN ({string.Join(",", enterprises)})");

    private Task<HttpResponseMessage> BulkAsync(string role, long userId, IEnumerable<long> enterprises, string? query = null) =>
        PostAsync(_dispatcher, "/assignments/bulk" + query, "assignment-bulk",
        [
            F("Model.Role", role), F("Model.UserId", userId.ToString()), F("Model.StartsOn", Today), F("Model.EndsOn", ""), F("Model.Note", "批量指派"),
            .. enterprises.Select(e => F("Model.EnterpriseIds", e.ToString())),
        ]);

    [Fact]
    public async Task One_official_is_assigned_to_every_ticked_enterprise_at_once()
    {
        var enterprises = await EnterprisesAsync(0, 3);
        var official = await UserIdAsync("official");

        var response = await BulkAsync("liaison", official, enterprises, $"?town={_town}");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await portal.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM assignments WHERE user_id = {official} AND role = 'liaison' AND note = '批量指派' AND enterprise_id IN ({string.Join(",", enterprises)})"))
            .ShouldBe(3);
        (await portal.Database.ScalarAsync<long>(
                $"SELECT count(*) FROM audit_log WHERE entity_type = 'Assignment' AND action = 'Created' AND changes::text LIKE '%批量指派%'"))
            .ShouldBe(3);
        var page = await _dispatcher.GetStringAsync(response.Headers.Location);
        page.ShouldContain("已为 3 家企业指派包联干部");
        page.ShouldContain($"<option value=\"{_town}\" selected", customMessage: "the town filter is kept");
    }

    [Fact]
    public async Task If_one_enterprise_is_refused_none_is_assigned_and_every_refusal_is_listed()
    {
        var enterprises = await EnterprisesAsync(3, 4);
        var liu = await UserIdAsync("xh.liuzhiqiang");
        var chen = await UserIdAsync("xh.chenxiaoyan");
        // Two of them already have a leader.
        foreach (var e in enterprises.Take(2))
        {
            await portal.Database.ExecuteAsync($"""
                INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at) VALUES ({e}, 'leader', {chen}, current_date - 100, now())
                """);
        }
        var names = new List<string>();
        foreach (var e in enterprises.Take(2)) names.Add(await portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {e}"));
        var before = await AssignmentCountAsync(enterprises);

        var response = await BulkAsync("leader", liu, enterprises, $"?town={_town}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("以下 2 家企业不能指派，本次未保存任何包联关系");
        foreach (var name in names) html.ShouldContain($"<strong>{name}</strong>：该企业已有包联领导陈晓燕");
        (await AssignmentCountAsync(enterprises)).ShouldBe(before);
        foreach (var e in enterprises) html.ShouldContain($"value=\"{e}\" id=\"e-{e}\" checked", customMessage: "the ticks are kept");
    }

    [Fact]
    public async Task An_enterprise_outside_the_scope_spoils_the_whole_batch()
    {
        var enterprises = await EnterprisesAsync(7, 2);
        var outside = await portal.Database.ScalarAsync<long>($"""
            INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
            VALUES ('{Uscc.NewValid()}', '区外批量测试有限公司', 'industry_above', 'C',
                    (SELECT id FROM org_units WHERE code = 'JC'), ARRAY[]::text[], 50, now(), now(), '[]') RETURNING id
            """);

        var response = await BulkAsync("liaison", await UserIdAsync("official"), [.. enterprises, outside]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldContain("所选企业中有的不存在或不在您的管辖范围内，未保存任何包联关系");
        html.ShouldNotContain("区外批量测试有限公司");
        (await AssignmentCountAsync([.. enterprises, outside])).ShouldBe(0);
    }

    [Fact]
    public async Task The_bulk_form_refuses_a_missing_official_role_or_selection_in_Chinese()
    {
        var enterprises = await EnterprisesAsync(9, 1);

        var noOfficial = await PostAsync(_dispatcher, "/assignments/bulk", "assignment-bulk",
            [F("Model.Role", "liaison"), F("Model.StartsOn", Today), F("Model.EnterpriseIds", enterprises[0].ToString())]);
        var department = await BulkAsync("department", await UserIdAsync("official"), enterprises);
        var nothingTicked = await BulkAsync("liaison", await UserIdAsync("official"), []);

        ValidationMessages(await noOfficial.Content.ReadAsStringAsync()).ShouldContain("请选择包联干部");
        ValidationMessages(await department.Content.ReadAsStringAsync()).ShouldContain("批量指派请选择包联领导或联络员");
        ValidationMessages(await nothingTicked.Content.ReadAsStringAsync()).ShouldContain("请勾选要指派的企业");
        (await AssignmentCountAsync(enterprises)).ShouldBe(0);
    }

    [Fact]
    public async Task The_list_offers_the_towns_enterprises_that_still_lack_a_liaison()
    {
        var enterprises = await EnterprisesAsync(10, 2);
        await portal.Database.ExecuteAsync($"""
            INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at)
            VALUES ({enterprises[0]}, 'liaison', {await UserIdAsync("official")}, current_date - 10, now())
            """);
        var total = await portal.Database.ScalarAsync<long>($"""
            SELECT count(*) FROM enterprises e WHERE town_id = {_town}
              AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.enterprise_id = e.id AND a.role = 'liaison'
                              AND a.starts_on <= {BeijingToday} AND (a.ends_on IS NULL OR a.ends_on >= {BeijingToday}))
            """);

        var html = await _dispatcher.GetStringAsync($"/assignments/bulk?town={_town}&missing=liaison");

        html.ShouldContain($"可选企业 {total} 家");
        html.ShouldNotContain($"id=\"e-{enterprises[0]}\"");
        html.ShouldContain($"id=\"e-{enterprises[1]}\"");
    }
}
