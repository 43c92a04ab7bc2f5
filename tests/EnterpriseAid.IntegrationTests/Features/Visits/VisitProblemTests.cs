using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Visits;

/// <summary>Problems raised in the visit form: registered with the visit in one transaction, or not at all.</summary>
public sealed partial class VisitProblemTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
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

    private Task<long> ChengguanAsync(int n) => portal.Database.ScalarAsync<long>(
        $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id OFFSET {n} LIMIT 1");

    private Task<string> NameAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {id}");

    private Task<long> CountAsync(string sql) => portal.Database.ScalarAsync<long>(sql);

    private Task<long> VisitCountAsync() => CountAsync("SELECT count(*) FROM visits");

    private Task<long> ProblemCountAsync() => CountAsync("SELECT count(*) FROM problems");

    private Task<long> CounterAsync() => CountAsync("SELECT coalesce(sum(last), 0)::bigint FROM problem_number_counters");

    private List<KeyValuePair<string, string>> Form(string kind, params long[] enterprises)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            F("Model.Kind", kind), F("Model.VisitedOn", Today), F("Model.OfficialIds", _officialId.ToString()),
            F("Model.Summary", "走访企业，听取企业诉求。"),
        };
        form.AddRange(enterprises.Select(e => F("Model.EnterpriseIds", e.ToString())));
        return form;
    }

    private static IEnumerable<KeyValuePair<string, string>> Row(int index, string category, string title, string description,
        string? resolution = null, long? enterprise = null, string urgency = "ordinary")
    {
        var prefix = $"Model.ProblemRows[{index}].";
        yield return F(prefix + "Category", category);
        yield return F(prefix + "Urgency", urgency);
        yield return F(prefix + "Title", title);
        yield return F(prefix + "Description", description);
        if (resolution is not null)
        {
            yield return F(prefix + "SolvedOnSpot", "true");
            yield return F(prefix + "Resolution", resolution);
        }
        if (enterprise is not null) yield return F(prefix + "EnterpriseId", enterprise.Value.ToString());
    }

    private Task<HttpResponseMessage> PostAsync(IEnumerable<KeyValuePair<string, string>> form) =>
        Forms.PostAsync(_client, "/visits/new", "visit", form);

    private static long SavedId(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return long.Parse(SavedLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    [Fact]
    public async Task Three_problems_are_registered_with_the_visit_with_consecutive_numbers_and_one_solved_on_the_spot()
    {
        var enterprise = await ChengguanAsync(11);
        var form = Form("OnSite", enterprise);
        form.AddRange(Row(0, "labor", "普工招聘困难", "春节后普工缺口约30人，希望人社部门组织专场招聘。"));
        form.AddRange(Row(1, "policy", "不清楚技改补贴申报条件", "企业想了解技改补贴的申报条件。", resolution: "现场讲解了技改补贴政策并发放申报指南。"));
        form.AddRange(Row(2, "logistics", "园区道路破损", "园区主干道破损，重车通行困难。", urgency: "urgent"));

        var visit = SavedId(await PostAsync(form));

        var rows = await portal.Database.ScalarAsync<string>($"""
            SELECT string_agg(number || '|' || title || '|' || status || '|' || resolved_on_spot || '|' || source || '|' || urgency || '|' || enterprise_id,
                              ';' ORDER BY number)
            FROM problems WHERE visit_id = {visit}
            """);
        var parsed = rows.Split(';').Select(r => r.Split('|')).ToList();
        parsed.Select(r => r[1]).ShouldBe(["普工招聘困难", "不清楚技改补贴申报条件", "园区道路破损"]);
        parsed.Select(r => r[2]).ShouldBe(["Reported", "Resolved", "Reported"]);
        parsed.Select(r => r[3]).ShouldBe(["false", "true", "false"]);
        parsed.ShouldAllBe(r => r[4] == "Visit" && r[6] == enterprise.ToString());
        parsed[2][5].ShouldBe("Urgent");
        var sequences = parsed.Select(r => int.Parse(r[0][5..])).ToList();
        sequences.ShouldBe([sequences[0], sequences[0] + 1, sequences[0] + 2]);
        parsed[0][0][..4].ShouldBe(Today[..4]);

        var onSpot = await portal.Database.ScalarAsync<long>($"SELECT id FROM problems WHERE visit_id = {visit} AND resolved_on_spot");
        (await portal.Database.ScalarAsync<string>($"SELECT string_agg(kind, ',' ORDER BY id) FROM problem_events WHERE problem_id = {onSpot}"))
            .ShouldBe("Registered,SolvedOnSpot");
        (await portal.Database.ScalarAsync<string>($"SELECT resolution FROM problems WHERE id = {onSpot}")).ShouldBe("现场讲解了技改补贴政策并发放申报指南。");
        (await CountAsync($"SELECT count(*) FROM problems WHERE visit_id = {visit} AND registered_by_user_id = {_officialId}")).ShouldBe(3);

        // The page after saving lists the problems with their numbers, each linking to it.
        var page = WebUtility.HtmlDecode(await _client.GetStringAsync($"/visits/new?saved={visit}"));
        page.ShouldContain("登记问题3个，其中现场解决1个");
        foreach (var number in parsed.Select(r => r[0])) page.ShouldContain(number);
        (await CountAsync($"SELECT count(*) FROM problems WHERE visit_id = {visit}")).ShouldBe(3);
        ProblemLink().Matches(page).Count.ShouldBe(3);
    }

    [Fact]
    public async Task At_a_symposium_each_problem_names_the_enterprise_that_raised_it()
    {
        var a = await ChengguanAsync(12);
        var b = await ChengguanAsync(13);
        var visitsBefore = await VisitCountAsync();
        var form = Form("Symposium", a, b);
        form.AddRange(Row(0, "funding", "贷款审批慢", "企业反映银行贷款审批周期长。", enterprise: b));
        form.AddRange(Row(1, "energy", "用电增容", "二期厂房需要用电增容。"));

        // The second row names no enterprise: refused next to that row's field, nothing saved.
        var refused = await PostAsync(form);

        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await refused.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldBe(["请选择提出该问题的企业"]);
        FieldIsInvalid(html, "problem-1-enterprise").ShouldBeTrue();
        FieldIsInvalid(html, "problem-0-enterprise").ShouldBeFalse();
        (await VisitCountAsync()).ShouldBe(visitsBefore);

        form.AddRange(Row(1, "energy", "用电增容", "二期厂房需要用电增容。", enterprise: a).Where(f => f.Key.EndsWith("EnterpriseId")));
        var visit = SavedId(await PostAsync(form));

        (await portal.Database.ScalarAsync<string>($"SELECT string_agg(enterprise_id || ':' || source, ',' ORDER BY number) FROM problems WHERE visit_id = {visit}"))
            .ShouldBe($"{b}:Symposium,{a}:Symposium");
        var page = WebUtility.HtmlDecode(await _client.GetStringAsync($"/visits/new?saved={visit}"));
        page.ShouldContain($"（{await NameAsync(b)}）");
    }

    [Fact]
    public async Task A_bad_third_row_saves_neither_the_visit_nor_any_problem_and_says_why_next_to_its_fields()
    {
        var enterprise = await ChengguanAsync(14);
        var visits = await VisitCountAsync();
        var problems = await ProblemCountAsync();
        var counter = await CounterAsync();
        var form = Form("OnSite", enterprise);
        form.AddRange(Row(0, "labor", "招工难", "技术工人紧缺。"));
        form.AddRange(Row(1, "market", "订单下滑", "外贸订单同比下降两成。"));
        form.AddRange(Row(2, "", "", "仓库租金上涨明显。", resolution: ""));

        var response = await PostAsync(form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldBe(["请选择问题类别", "请填写问题标题", "请填写解决情况"]);
        FieldIsInvalid(html, "problem-2-category").ShouldBeTrue();
        FieldIsInvalid(html, "problem-2-title").ShouldBeTrue();
        FieldIsInvalid(html, "problem-2-resolution").ShouldBeTrue();
        FieldIsInvalid(html, "problem-0-title").ShouldBeFalse();
        // Everything typed is still there.
        html.ShouldContain("value=\"招工难\"");
        html.ShouldContain("外贸订单同比下降两成。");
        html.ShouldContain("仓库租金上涨明显。");
        html.ShouldContain("走访企业，听取企业诉求。");
        (await VisitCountAsync()).ShouldBe(visits);
        (await ProblemCountAsync()).ShouldBe(problems);
        (await CounterAsync()).ShouldBe(counter);
    }

    [Fact]
    public async Task A_refused_inspection_registers_none_of_its_problems_and_uses_no_number()
    {
        var enterprise = await ChengguanAsync(15);
        SavedId(await PostAsync(Form("Inspection", enterprise)));
        var problems = await ProblemCountAsync();
        var counter = await CounterAsync();
        var second = Form("Inspection", enterprise);
        second.AddRange(Row(0, "legal", "重复检查", "同一天接受多次检查。"));

        var response = await PostAsync(second);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain("一家企业一天最多接受一次检查");
        (await ProblemCountAsync()).ShouldBe(problems);
        (await CounterAsync()).ShouldBe(counter);
    }

    [Fact]
    public async Task Without_javascript_adding_and_removing_rows_posts_back_keeps_the_input_and_saves_nothing()
    {
        var enterprise = await ChengguanAsync(16);
        var visits = await VisitCountAsync();
        var form = Form("OnSite", enterprise);
        form.Add(F("Model.Situation", "主营包装材料"));
        form.AddRange(Row(0, "labor", "缺电工", "需要持证电工两名。"));
        form.Add(F("Model.RowCommand", "add"));

        var added = await PostAsync(form);

        added.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await added.Content.ReadAsStringAsync();
        html.ShouldContain("name=\"Model.ProblemRows[1].Title\"");
        html.ShouldNotContain("name=\"Model.ProblemRows[2].Title\"");
        html.ShouldContain("value=\"缺电工\"");
        html.ShouldContain("需要持证电工两名。");
        html.ShouldContain("主营包装材料");
        html.ShouldContain("走访企业，听取企业诉求。");
        ValidationMessages(html).ShouldBeEmpty();
        (await VisitCountAsync()).ShouldBe(visits);

        // Remove the first of two rows: the second moves up, with what was typed in it.
        var twoRows = Form("OnSite", enterprise);
        twoRows.AddRange(Row(0, "labor", "缺电工", "需要持证电工两名。"));
        twoRows.AddRange(Row(1, "land", "用地指标", "扩建需要新增用地指标。"));
        twoRows.Add(F("Model.RowCommand", "remove-0"));

        var removed = await (await PostAsync(twoRows)).Content.ReadAsStringAsync();

        removed.ShouldNotContain("缺电工");
        removed.ShouldContain("value=\"用地指标\"");
        Regex.IsMatch(removed, "name=\"Model.ProblemRows\\[0\\].Title\"[^>]*value=\"用地指标\"|value=\"用地指标\"[^>]*name=\"Model.ProblemRows\\[0\\].Title\"").ShouldBeTrue();
        removed.ShouldNotContain("name=\"Model.ProblemRows[1].Title\"");
        (await VisitCountAsync()).ShouldBe(visits);
    }

    [Fact]
    public async Task A_blank_row_is_left_out()
    {
        var enterprise = await ChengguanAsync(17);
        var form = Form("OnSite", enterprise);
        form.Add(F("Model.ProblemRows[0].Urgency", "ordinary"));
        form.Add(F("Model.ProblemRows[0].Title", "  "));

        var visit = SavedId(await PostAsync(form));

        (await CountAsync($"SELECT count(*) FROM problems WHERE visit_id = {visit}")).ShouldBe(0);
    }

    [Fact]
    public async Task The_row_fragment_is_the_next_row_offering_only_the_enterprises_in_scope()
    {
        var a = await ChengguanAsync(18);
        var b = await ChengguanAsync(19);
        var outside = await portal.Database.ScalarAsync<long>(
            "SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.name = '青山镇' ORDER BY e.id LIMIT 1");

        var fragment = await _client.GetStringAsync(
            $"/visits/problem-row?index=3&Model.Kind=Symposium&Model.EnterpriseIds={a}&Model.EnterpriseIds={b}&Model.EnterpriseIds={outside}");

        fragment.ShouldNotContain("<html");
        fragment.ShouldContain("name=\"Model.ProblemRows[3].Title\"");
        fragment.ShouldContain("问题 4");
        Regex.IsMatch(fragment, "id=\"problem-next\"[^>]*value=\"4\"").ShouldBeTrue();
        fragment.ShouldContain("hx-swap-oob");
        fragment.ShouldContain(await NameAsync(a));
        fragment.ShouldContain(await NameAsync(b));
        fragment.ShouldNotContain(await NameAsync(outside));

        // Asked again for row 3 after the visit's enterprises changed, it keeps the row's choice.
        var again = await _client.GetStringAsync(
            $"/visits/problem-row?index=3&Model.Kind=Symposium&Model.EnterpriseIds={a}&Model.EnterpriseIds={b}&Model.ProblemRows%5B3%5D.EnterpriseId={b}");
        Regex.IsMatch(again, $"<option value=\"{b}\" selected").ShouldBeTrue();

        var enterprise = await portal.Factory.SignedInClientAsync("enterprise");
        (await enterprise.GetAsync("/visits/problem-row?index=0")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    /// <summary>Whether the input, select or textarea with this id carries Bootstrap's is-invalid.</summary>
    private static bool FieldIsInvalid(string html, string id)
    {
        var tag = Regex.Match(html, $"<(input|select|textarea)[^>]*id=\"{id}\"[^>]*>");
        tag.Success.ShouldBeTrue($"no field {id}");
        return tag.Value.Contains("is-invalid");
    }

    [GeneratedRegex(@"/visits/new\?saved=(\d+)")]
    private static partial Regex SavedLink();

    [GeneratedRegex("<a class=\"alert-link font-monospace me-1\" href=\"/problems/\\d+\"")]
    private static partial Regex ProblemLink();
}
