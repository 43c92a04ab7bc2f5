using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Visits;

public sealed partial class VisitTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private HttpClient _client = null!;
    private long _officialId;

    public async Task InitializeAsync()
    {
        _client = await portal.Factory.SignedInClientAsync("official");
        _officialId = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'official'");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");

    /// <summary>The n-th enterprise of 城关街道, the official's own street; each test takes its own.</summary>
    private Task<long> ChengguanAsync(int n) => portal.Database.ScalarAsync<long>(
        $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id OFFSET {n} LIMIT 1");

    private Task<string> NameAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {id}");

    private Task<long> VisitCountAsync() => portal.Database.ScalarAsync<long>("SELECT count(*) FROM visits");

    private List<KeyValuePair<string, string>> Form(string kind, params long[] enterprises)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            F("Model.Kind", kind), F("Model.VisitedOn", Today), F("Model.OfficialIds", _officialId.ToString()),
            F("Model.Summary", "了解企业生产经营情况，现场查看新建产线。"),
        };
        form.AddRange(enterprises.Select(e => F("Model.EnterpriseIds", e.ToString())));
        return form;
    }

    private Task<HttpResponseMessage> PostAsync(List<KeyValuePair<string, string>> form) =>
        Forms.PostAsync(_client, "/visits/new", "visit", form);

    private static long SavedId(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return long.Parse(SavedLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    [Fact]
    public async Task The_official_logs_an_on_site_visit_with_the_four_notes()
    {
        var enterprise = await ChengguanAsync(1);
        var form = Form("OnSite", enterprise);
        form.Add(F("Model.Situation", "主营汽车零部件，订单饱满"));
        form.Add(F("Model.Problems", "用工缺口约30人"));
        form.Add(F("Model.Goals", "年内新增一条自动化产线"));
        form.Add(F("Model.Policies", "稳岗补贴、技改贴息"));

        var response = await PostAsync(form);

        var id = SavedId(response);
        (await portal.Database.ScalarAsync<string>($"SELECT kind FROM visits WHERE id = {id}")).ShouldBe("OnSite");
        (await portal.Database.ScalarAsync<string>($"SELECT array_to_string(enterprise_ids, ',') FROM visits WHERE id = {id}")).ShouldBe(enterprise.ToString());
        (await portal.Database.ScalarAsync<string>($"SELECT array_to_string(official_ids, ',') FROM visits WHERE id = {id}")).ShouldBe(_officialId.ToString());
        (await portal.Database.ScalarAsync<string>($"SELECT notes_situation FROM visits WHERE id = {id}")).ShouldBe("主营汽车零部件，订单饱满");
        (await portal.Database.ScalarAsync<string>($"SELECT notes_problems FROM visits WHERE id = {id}")).ShouldBe("用工缺口约30人");
        (await portal.Database.ScalarAsync<string>($"SELECT notes_goals FROM visits WHERE id = {id}")).ShouldBe("年内新增一条自动化产线");
        (await portal.Database.ScalarAsync<string>($"SELECT notes_policies FROM visits WHERE id = {id}")).ShouldBe("稳岗补贴、技改贴息");
        (await portal.Database.ScalarAsync<long>($"SELECT recorded_by_user_id FROM visits WHERE id = {id}")).ShouldBe(_officialId);

        var page = await _client.GetStringAsync(response.Headers.Location);
        page.ShouldContain("走访已登记");
        page.ShouldContain($"href=\"/enterprises/{enterprise}\"");
        page.ShouldContain(await NameAsync(enterprise));
    }

    [Fact]
    public async Task A_symposium_with_two_enterprises_is_one_visit_covering_both()
    {
        var a = await ChengguanAsync(2);
        var b = await ChengguanAsync(3);

        var id = SavedId(await PostAsync(Form("Symposium", a, b)));

        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM visits WHERE enterprise_ids @> ARRAY[{a},{b}]::bigint[]")).ShouldBe(1);
        (await portal.Database.ScalarAsync<int>($"SELECT cardinality(enterprise_ids) FROM visits WHERE id = {id}")).ShouldBe(2);
    }

    [Fact]
    public async Task Two_enterprises_on_an_on_site_visit_are_refused_in_Chinese_and_nothing_is_saved()
    {
        var before = await VisitCountAsync();

        var response = await PostAsync(Form("OnSite", await ChengguanAsync(4), await ChengguanAsync(5)));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldContain("只有座谈会可以同时涉及多家企业");
        (await VisitCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_second_inspection_the_same_day_is_refused_naming_the_first_unless_it_joins_it()
    {
        var enterprise = await ChengguanAsync(6);
        var name = await NameAsync(enterprise);
        var first = SavedId(await PostAsync(Form("Inspection", enterprise)));
        var before = await VisitCountAsync();

        var second = await PostAsync(Form("Inspection", enterprise));

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        html.ShouldContain($"{name}在");
        html.ShouldContain("已接受过一次检查（城关街道包联干部于");
        (await VisitCountAsync()).ShouldBe(before);

        var joining = Form("Inspection", enterprise);
        joining.Add(F("Model.JoinExisting", "true"));
        var joined = SavedId(await PostAsync(joining));

        (await portal.Database.ScalarAsync<long>($"SELECT joins_inspection_id FROM visits WHERE id = {joined}")).ShouldBe(first);
    }

    [Fact]
    public async Task Two_simultaneous_inspections_of_one_enterprise_cannot_both_pass()
    {
        var enterprise = await ChengguanAsync(7);
        var other = await portal.Factory.SignedInClientAsync("official");

        var responses = await Task.WhenAll(
            Forms.PostAsync(_client, "/visits/new", "visit", Form("Inspection", enterprise)),
            Forms.PostAsync(other, "/visits/new", "visit", Form("Inspection", enterprise)));

        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1);
        (await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM visits WHERE kind = 'Inspection' AND enterprise_ids @> ARRAY[{enterprise}]::bigint[]")).ShouldBe(1);
    }

    [Fact]
    public async Task An_enterprise_outside_the_officials_street_cannot_be_used_nor_found()
    {
        var outside = await portal.Database.ScalarAsync<long>(
            "SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.name = '青山镇' ORDER BY e.id LIMIT 1");
        var name = await NameAsync(outside);
        var uscc = await portal.Database.ScalarAsync<string>($"SELECT uscc FROM enterprises WHERE id = {outside}");
        var before = await VisitCountAsync();

        var response = await PostAsync(Form("OnSite", outside));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldContain("所选企业不存在或不在您的负责范围内");
        html.ShouldNotContain(name);
        (await VisitCountAsync()).ShouldBe(before);

        var byCode = Form("OnSite");
        byCode.Add(F("Model.Uscc", uscc));
        (await PostAsync(byCode)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await VisitCountAsync()).ShouldBe(before);

        (await _client.GetStringAsync($"/visits/enterprise-search?q={Uri.EscapeDataString(name)}")).ShouldNotContain(name);
        (await _client.GetStringAsync($"/visits/enterprise-search?q={uscc}")).ShouldNotContain(name);
        (await _client.GetStringAsync($"/visits/enterprise-search?q=%E5%85%AC%E5%8F%B8&Model.EnterpriseIds={outside}")).ShouldNotContain(name);
        (await _client.GetStringAsync($"/visits/new?enterprise={outside}")).ShouldNotContain(name);
    }

    [Fact]
    public async Task The_search_fragment_offers_matching_enterprises_of_the_officials_street()
    {
        var enterprise = await ChengguanAsync(0);
        var name = await NameAsync(enterprise);

        var fragment = await _client.GetStringAsync($"/visits/enterprise-search?q={Uri.EscapeDataString(name[..2])}");

        fragment.ShouldContain(name);
        fragment.ShouldContain("type=\"radio\"");
        fragment.ShouldNotContain("<html");
        OptionCount().Matches(fragment).Count.ShouldBeLessThanOrEqualTo(10);
        (await _client.GetStringAsync($"/visits/enterprise-search?q={Uri.EscapeDataString(name[..2])}&Model.Kind=Symposium"))
            .ShouldContain("type=\"checkbox\"");
        (await _client.GetStringAsync($"/visits/new?enterprise={enterprise}")).ShouldContain(name);
    }

    [Fact]
    public async Task A_future_date_is_refused()
    {
        var before = await VisitCountAsync();
        var form = Form("OnSite", await ChengguanAsync(8));
        form.RemoveAll(f => f.Key == "Model.VisitedOn");
        form.Add(F("Model.VisitedOn", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(1).ToString("yyyy-MM-dd")));

        var response = await PostAsync(form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldContain("走访日期不能晚于今天");
        (await VisitCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task My_enterprises_lists_the_street_and_then_the_officials_assignments()
    {
        // The demo makes the official liaison of some enterprises; without any assignment the page lists the street.
        var seeded = await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM assignments WHERE user_id = {_officialId} AND role = 'liaison' AND ends_on IS NULL");
        seeded.ShouldBeGreaterThan(0);
        (await _client.GetStringAsync("/my/enterprises")).ShouldContain($"包联企业 {seeded} 家");
        await portal.Database.ExecuteAsync($"DELETE FROM assignments WHERE user_id = {_officialId}");

        var street = await portal.Database.ScalarAsync<long>(
            "SELECT count(*) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01'");
        var html = await _client.GetStringAsync("/my/enterprises");
        html.ShouldContain($"辖区企业 {street} 家");
        html.ShouldContain("走访次数（本季度）");
        html.ShouldContain("/visits/new?enterprise=");

        var enterprise = await ChengguanAsync(9);
        SavedId(await PostAsync(Form("OnSite", enterprise)));
        await portal.Database.ExecuteAsync($"""
            INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at)
            VALUES ({enterprise}, 'liaison', {_officialId}, current_date - 30, now())
            """);
        try
        {
            html = await _client.GetStringAsync("/my/enterprises");

            html.ShouldContain("包联企业 1 家");
            html.ShouldContain(await NameAsync(enterprise));
            html.ShouldContain("联络员");
            html.ShouldContain(Today);
        }
        finally
        {
            await portal.Database.ExecuteAsync($"DELETE FROM assignments WHERE user_id = {_officialId}");
        }
    }

    [GeneratedRegex(@"/visits/new\?saved=(\d+)")]
    private static partial Regex SavedLink();

    [GeneratedRegex("name=\"Model.EnterpriseIds\"")]
    private static partial Regex OptionCount();
}
