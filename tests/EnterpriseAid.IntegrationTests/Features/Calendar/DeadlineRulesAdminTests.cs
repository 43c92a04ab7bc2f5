using System.Net;
using EnterpriseAid.Domain.Calendar;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Calendar;

/// <summary>
/// /admin/deadline-rules through HTTP, as an administrator would use it. Each test edits cells of its own
/// category, so the tests of this class do not depend on their order.
/// </summary>
public sealed class DeadlineRulesAdminTests(CalendarAdminFixture fx) : IClassFixture<CalendarAdminFixture>
{
    private const string Url = "/admin/deadline-rules";
    private const string FormName = "deadline-rules";

    private static string Cell(string category, string urgency) =>
        $"Model.Overrides[{ProblemCategories.All.ToList().FindIndex(c => c.Code == category) * 3 + Urgencies.All.ToList().FindIndex(u => u.Code == urgency)}].Days";

    private Task<string> RulesAsync() =>
        fx.Database.ScalarAsync<string>("SELECT string_agg(category || '/' || urgency || '=' || working_days, ',' ORDER BY category, urgency) FROM deadline_rules");

    private Task<long> RuleAuditCountAsync() =>
        fx.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'DeadlineRuleRow'");

    private static async Task<List<KeyValuePair<string, string>>> FormAsync(HttpClient admin) =>
        HtmlForm.Fields(await admin.GetStringAsync(Url), FormName);

    [Fact]
    public async Task A_problem_dispatched_after_a_rule_change_gets_the_new_deadline_and_earlier_ones_keep_theirs()
    {
        // Thursday 24 September 2026: 中秋 (25–27 Sep) and 国庆 (1–7 Oct) lie ahead, 10 Oct is a make-up Saturday.
        fx.SetBeijingDate(2026, 9, 24);
        var before = await fx.RegisterProblemAsync("三号车间用电增容未批复");
        (await fx.SuggestedDeadlineAsync(before)).ShouldBe("2026-10-12"); // the default 7 working days
        await fx.DispatchAsync(before, "2026-10-12");

        var admin = await fx.Factory.SignedInClientAsync("admin");
        var response = await PostAsync(admin, Url, FormName, (await FormAsync(admin)).With(Cell("energy", "ordinary"), "10"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await admin.GetStringAsync(response.Headers.Location!.OriginalString)).ShouldContain("已保存");
        var after = await fx.RegisterProblemAsync("四号车间用电增容未批复");
        (await fx.SuggestedDeadlineAsync(after)).ShouldBe("2026-10-15");
        await fx.DispatchAsync(after, await fx.SuggestedDeadlineAsync(after));
        (await fx.DeadlineOfAsync(after)).ShouldBe("2026-10-15");
        (await fx.DeadlineOfAsync(before)).ShouldBe("2026-10-12");

        var audit = await fx.Database.ScalarAsync<string>(
            "SELECT action || ' ' || coalesce(changes::text, '') FROM audit_log WHERE entity_type = 'DeadlineRuleRow' ORDER BY id DESC LIMIT 1");
        audit.ShouldContain("Created");
        audit.ShouldContain("energy");
        audit.ShouldContain("10");
    }

    [Fact]
    public async Task Invalid_cells_are_refused_next_to_them_with_the_input_kept_and_nothing_saved()
    {
        fx.SetBeijingDate(2026, 9, 24);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var rules = await RulesAsync();
        var audits = await RuleAuditCountAsync();
        var fields = (await FormAsync(admin))
            .With(Cell("land", "urgent"), "0")
            .With(Cell("land", "complex"), "abc")
            .With(Cell("land", "ordinary"), "12")
            .With("Model.Defaults[2].Days", "400")
            .With("Model.DispatchDays", "");

        var response = await PostAsync(admin, Url, FormName, fields);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var messages = ValidationMessages(html);
        messages.Count(m => m == "应为1到365之间的整数，留空则用默认值").ShouldBe(2);
        messages.ShouldContain("请填写交办时限");
        messages.ShouldContain("“复杂”问题的默认办理时限应为1到365之间的整数");
        html.ShouldContain("有4处填写有误");
        System.Text.RegularExpressions.Regex.Match(html, "<input[^>]*id=\"cell-land-urgent\"[^>]*>").Value.ShouldContain("is-invalid");
        var shown = HtmlForm.Fields(html, FormName);
        shown.Value(Cell("land", "complex")).ShouldBe("abc");
        shown.Value(Cell("land", "ordinary")).ShouldBe("12");
        shown.Value("Model.Defaults[2].Days").ShouldBe("400");
        (await RulesAsync()).ShouldBe(rules);
        (await RuleAuditCountAsync()).ShouldBe(audits);
    }

    [Fact]
    public async Task A_second_administrator_saving_an_older_form_is_refused_with_the_current_values_and_their_input_kept()
    {
        fx.SetBeijingDate(2026, 9, 24);
        var first = await fx.Factory.SignedInClientAsync("admin");
        var second = await fx.Factory.SignedInClientAsync("admin");
        var firstForm = await FormAsync(first);
        var secondForm = await FormAsync(second);

        (await PostAsync(first, Url, FormName, firstForm.With(Cell("policy", "urgent"), "2"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var response = await PostAsync(second, Url, FormName, secondForm.With(Cell("policy", "urgent"), "4"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("data-cell=\"policy-urgent\">");
        html.ShouldContain("生效 2");
        (await fx.Database.ScalarAsync<int>("SELECT working_days FROM deadline_rules WHERE category = 'policy' AND urgency = 'urgent'")).ShouldBe(2);
        var kept = HtmlForm.Fields(html, FormName);
        kept.Value(Cell("policy", "urgent")).ShouldBe("4");

        // Having seen what changed, saving again deliberately applies their value.
        (await PostAsync(second, Url, FormName, kept)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fx.Database.ScalarAsync<int>("SELECT working_days FROM deadline_rules WHERE category = 'policy' AND urgency = 'urgent'")).ShouldBe(4);
    }

    [Fact]
    public async Task Emptying_a_cell_removes_the_override_and_the_default_applies_again()
    {
        fx.SetBeijingDate(2026, 9, 24);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        (await PostAsync(admin, Url, FormName, (await FormAsync(admin)).With(Cell("legal", "complex"), "45"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await fx.Database.ScalarAsync<long>("SELECT count(*) FROM deadline_rules WHERE category = 'legal'")).ShouldBe(1);

        (await PostAsync(admin, Url, FormName, (await FormAsync(admin)).With(Cell("legal", "complex"), " "))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await fx.Database.ScalarAsync<long>("SELECT count(*) FROM deadline_rules WHERE category = 'legal'")).ShouldBe(0);
        (await fx.Database.ScalarAsync<string>(
            "SELECT action FROM audit_log WHERE entity_type = 'DeadlineRuleRow' ORDER BY id DESC LIMIT 1")).ShouldBe("Deleted");
        (await FormAsync(admin)).Value(Cell("legal", "complex")).ShouldBe("");
    }

    [Fact]
    public async Task Rules_are_cached_until_a_change_on_this_node_or_the_cache_expires()
    {
        var cached = await fx.Cache.RulesAsync();
        var dispatch = cached.DispatchDays;
        try
        {
            // Another node (or a script) changes the table: this node keeps serving its copy for now...
            await fx.Database.ExecuteAsync($"UPDATE deadline_rules SET working_days = {dispatch + 1} WHERE category = '*' AND urgency = '*'");
            (await fx.Cache.RulesAsync()).DispatchDays.ShouldBe(dispatch);

            // ...until the copy is dropped, as an administrator's save on this node does.
            fx.Cache.Invalidate();
            (await fx.Cache.RulesAsync()).DispatchDays.ShouldBe(dispatch + 1);
        }
        finally
        {
            await fx.Database.ExecuteAsync($"UPDATE deadline_rules SET working_days = {dispatch} WHERE category = '*' AND urgency = '*'");
            fx.Cache.Invalidate();
        }
    }

    [Theory]
    [InlineData("dispatcher")]
    [InlineData("leader")]
    [InlineData("official")]
    public async Task Only_administrators_may_open_the_rules_and_calendar_pages(string user)
    {
        var client = await fx.Factory.SignedInClientAsync(user);
        foreach (var url in new[] { Url, "/admin/calendar", "/admin/calendar/2026", "/admin/calendar/import" })
            (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);

        var upload = new MultipartFormDataContent { { new ByteArrayContent("date,kind,name\n"u8.ToArray()), "file", "x.csv" } };
        (await client.PostAsync("/admin/calendar/upload", upload)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
