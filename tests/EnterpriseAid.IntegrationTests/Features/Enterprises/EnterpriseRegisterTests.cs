using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Enterprises;

public sealed partial class EnterpriseRegisterTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private HttpClient _client = null!;

    // The administrator sees every enterprise; scope is tested on its own.
    public async Task InitializeAsync() => _client = await portal.Factory.SignedInClientAsync("admin");

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> FirstTownIdAsync() =>
        await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind IN ('Town','Street') ORDER BY sort_order, id LIMIT 1");

    private async Task<List<KeyValuePair<string, string>>> ValidFormAsync(string uscc, string name) =>
    [
        F("Model.Uscc", uscc), F("Model.Name", name), F("Model.LegalRepresentative", "张建国"),
        F("Model.ScaleClass", "industry_above"), F("Model.IndustrySection", "C"),
        F("Model.TownId", (await FirstTownIdAsync()).ToString()), F("Model.Employees", "128"),
        F("Model.Address", "城关街道建设路88号"), F("Model.EstablishedOn", "2012-05-18"),
        F("Model.Tags", "specialized"), F("Model.Tags", "high_tech"),
        F("Model.Contacts[0].Name", "李敏"), F("Model.Contacts[0].Title", "财务负责人"), F("Model.Contacts[0].Phone", "13912345678"),
    ];

    private Task<long> CountAsync() => portal.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises");

    [Fact]
    public async Task Creating_an_enterprise_saves_it_and_redirects_to_its_page()
    {
        var uscc = Uscc.NewValid();

        var response = await PostAsync(_client, "/enterprises/new", "enterprise", await ValidFormAsync(uscc.ToLowerInvariant(), "鸿达精密机械有限公司"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = long.Parse(DetailLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
        (await portal.Database.ScalarAsync<string>($"SELECT uscc FROM enterprises WHERE id = {id}")).ShouldBe(uscc);
        (await portal.Database.ScalarAsync<string>($"SELECT array_to_string(tags, ',') FROM enterprises WHERE id = {id}")).ShouldBe("specialized,high_tech");
        (await portal.Database.ScalarAsync<string>($"SELECT contacts->0->>'Phone' FROM enterprises WHERE id = {id}")).ShouldBe("13912345678");
        var page = await _client.GetStringAsync(response.Headers.Location);
        page.ShouldContain("鸿达精密机械有限公司");
        page.ShouldContain("已保存");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_Chinese_messages_and_saves_nothing()
    {
        var before = await CountAsync();
        var form = await ValidFormAsync("91410105AY4CL12TH5", "");
        form.RemoveAll(f => f.Key is "Model.Employees" or "Model.Contacts[0].Phone" or "Model.EstablishedOn");
        form.Add(F("Model.Employees", "abc"));
        form.Add(F("Model.Contacts[0].Phone", "123"));
        form.Add(F("Model.EstablishedOn", "2099-01-01"));

        var response = await PostAsync(_client, "/enterprises/new", "enterprise", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var messages = ValidationMessages(await response.Content.ReadAsStringAsync());
        messages.ShouldContain("统一社会信用代码校验位不正确，请核对后重新输入");
        messages.ShouldContain("请填写企业名称");
        messages.ShouldContain("从业人数应为整数");
        messages.ShouldContain("成立日期不能晚于今天");
        messages.ShouldContain(m => m.StartsWith("联系电话应为11位手机号"));
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Values_a_browser_cannot_send_are_refused_without_a_server_error()
    {
        var before = await CountAsync();
        var form = await ValidFormAsync(Uscc.NewValid(), new string('企', 500));
        form.RemoveAll(f => f.Key is "Model.TownId" or "Model.Employees" or "Model.ScaleClass");
        form.Add(F("Model.TownId", "999999999"));
        form.Add(F("Model.Employees", "99999999999999999999"));
        form.Add(F("Model.ScaleClass", "<script>alert(1)</script>"));
        form.Add(F("Model.Tags", "'; DROP TABLE enterprises; --"));

        var response = await PostAsync(_client, "/enterprises/new", "enterprise", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("<script>alert(1)</script>");
        ValidationMessages(html).ShouldContain("企业名称不能超过100个字");
        ValidationMessages(html).ShouldContain("请选择规模类型");
        ValidationMessages(html).ShouldContain("未知的企业标签");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_town_that_does_not_exist_is_refused()
    {
        var before = await CountAsync();
        var form = await ValidFormAsync(Uscc.NewValid(), "不存在镇街测试有限公司");
        form.RemoveAll(f => f.Key == "Model.TownId");
        form.Add(F("Model.TownId", "999999999"));

        var response = await PostAsync(_client, "/enterprises/new", "enterprise", form);

        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldContain("所选镇街不存在");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_duplicate_code_is_refused_with_a_link_to_the_registered_enterprise()
    {
        var existing = await portal.Database.ScalarAsync<string>("SELECT uscc FROM enterprises ORDER BY id LIMIT 1");
        var existingId = await portal.Database.ScalarAsync<long>("SELECT id FROM enterprises ORDER BY id LIMIT 1");
        var before = await CountAsync();

        var response = await PostAsync(_client, "/enterprises/new", "enterprise", await ValidFormAsync(existing, "重复登记测试有限公司"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("该统一社会信用代码已登记为");
        html.ShouldContain($"href=\"/enterprises/{existingId}\"");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_the_newer_save_is_kept()
    {
        var create = await PostAsync(_client, "/enterprises/new", "enterprise", await ValidFormAsync(Uscc.NewValid(), "并发编辑测试有限公司"));
        var id = long.Parse(DetailLink().Match(create.Headers.Location!.OriginalString).Groups[1].Value);
        var version = await portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM enterprises WHERE id = {id}");

        // Two people opened the form at the same version; the first saves.
        var first = await ValidFormAsync("", "并发编辑测试有限公司（甲）");
        first.Add(F("Model.Version", version));
        (await PostAsync(_client, $"/enterprises/{id}/edit", "enterprise", first)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var second = await ValidFormAsync("", "并发编辑测试有限公司（乙）");
        second.Add(F("Model.Version", version));
        var response = await PostAsync(_client, $"/enterprises/{id}/edit", "enterprise", second);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("被他人修改，您的修改尚未保存");
        html.ShouldContain("并发编辑测试有限公司（甲）");
        html.ShouldContain("value=\"并发编辑测试有限公司（乙）\"");
        (await portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {id}")).ShouldBe("并发编辑测试有限公司（甲）");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        var before = await CountAsync();
        var form = await ValidFormAsync(Uscc.NewValid(), "无令牌提交有限公司");
        form.Add(F("_handler", "enterprise"));

        var response = await _client.PostAsync("/enterprises/new", new FormUrlEncodedContent(form));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Search_finds_by_part_of_the_name_and_by_the_start_of_the_code()
    {
        var name = await portal.Database.ScalarAsync<string>("SELECT name FROM enterprises ORDER BY id LIMIT 1 OFFSET 7");
        var uscc = await portal.Database.ScalarAsync<string>("SELECT uscc FROM enterprises ORDER BY id LIMIT 1 OFFSET 7");

        var byName = await _client.GetStringAsync($"/enterprises?q={Uri.EscapeDataString(name.Substring(1, 3))}");
        var byCode = await _client.GetStringAsync($"/enterprises?q={uscc[..14].ToLowerInvariant()}");

        Names(byName).ShouldContain(name);
        Names(byName).ShouldAllBe(n => n.Contains(name.Substring(1, 3)));
        Names(byCode).ShouldBe([name]);
    }

    [Fact]
    public async Task Filters_return_exactly_the_matching_enterprises()
    {
        var town = await FirstTownIdAsync();
        var expected = await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM enterprises WHERE town_id = {town} AND scale_class = 'industry_above' AND 'specialized' = ANY(tags)");

        var html = await _client.GetStringAsync($"/enterprises?town={town}&scale=industry_above&tag=specialized");

        html.ShouldContain($"共 {expected} 家企业");
        Names(html).Count.ShouldBe((int)Math.Min(expected, 20));
    }

    [Fact]
    public async Task Keyset_paging_visits_every_enterprise_once_in_pinyin_order_and_can_go_back()
    {
        var total = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises");
        var seen = new List<long>();
        var pages = new List<string>();
        string? url = "/enterprises";
        while (url is not null)
        {
            var html = await _client.GetStringAsync(url);
            pages.Add(url);
            seen.AddRange(Ids(html));
            var next = NextLink().Match(html);
            url = next.Success ? WebUtility.HtmlDecode(next.Groups[1].Value) : null;
            pages.Count.ShouldBeLessThan(100, "paging does not end");
        }

        seen.Count.ShouldBe((int)total);
        seen.Distinct().Count().ShouldBe(seen.Count);
        var ordered = await portal.Database.ScalarAsync<string>("SELECT string_agg(id::text, ',' ORDER BY name, id) FROM enterprises");
        string.Join(",", seen).ShouldBe(ordered);

        // From the third page, "previous" shows the second page again.
        var third = await _client.GetStringAsync(pages[2]);
        var previous = await _client.GetStringAsync(WebUtility.HtmlDecode(PreviousLink().Match(third).Groups[1].Value));
        Ids(previous).ShouldBe(Ids(await _client.GetStringAsync(pages[1])));
    }

    [Theory]
    [InlineData("/enterprises/987654321")]
    [InlineData("/enterprises/987654321/edit")]
    public async Task An_unknown_enterprise_answers_404(string url)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("页面不存在");
    }

    [Theory]
    [InlineData("/enterprises?town=abc&scale=%27&tag=%00")]
    [InlineData("/enterprises?after=not-a-cursor")]
    [InlineData("/enterprises?before=%E4%BC%81&q=%25_%5C")]
    public async Task Malformed_list_parameters_do_not_break_the_page(string url)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static List<string> Names(string html) =>
        RowLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)).ToList();

    private static List<long> Ids(string html) =>
        RowLink().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<td><a href=\"/enterprises/(\\d+)\">([^<]+)</a></td>")]
    private static partial Regex RowLink();

    [GeneratedRegex("/enterprises/(\\d+)")]
    private static partial Regex DetailLink();

    [GeneratedRegex("rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("rel=\"prev\" href=\"([^\"]+)\"")]
    private static partial Regex PreviousLink();
}
