using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Projects;

/// <summary>A project through the pages: create, advance stage by stage, report investment, keep the procedures, register a problem.</summary>
public sealed partial class ProjectWorkflowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static string Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");
    private static string DaysAgo(int n) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-n).ToString("yyyy-MM-dd");
    private static string ThisMonth => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM");

    private Task<long> TownAsync(string code = "XH-T01") => portal.Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE code = '{code}'");

    private async Task<long> InvestorAsync(string code = "XH-T01") =>
        await portal.Database.ScalarAsync<long>($"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = '{code}' ORDER BY e.id LIMIT 1");

    private Task<string> VersionAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM projects WHERE id = {id}");

    private async Task<List<KeyValuePair<string, string>>> FormAsync(string name, string total = "50000", string town = "XH-T01") =>
    [
        F("Model.Name", name), F("Model.EnterpriseId", (await InvestorAsync(town)).ToString()), F("Model.RegionId", (await TownAsync(town)).ToString()),
        F("Model.IndustrySection", "C"), F("Model.Level", "city"), F("Model.Batch", "第五期"), F("Model.TotalInvestment", total),
        F("Model.AnnualPlanYear", DateTime.UtcNow.Year.ToString()), F("Model.AnnualPlanInvestment", "20000"),
        F("Model.SignedPlannedOn", DaysAgo(60)), F("Model.StartedPlannedOn", ""), F("Model.ProducingPlannedOn", ""), F("Model.EffectivePlannedOn", ""),
        F("Model.Version", "0"),
    ];

    private async Task<long> CreateAsync(string name, string town = "XH-T01")
    {
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var response = await PostAsync(client, "/projects/new", "project", await FormAsync(name, town: town));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(ProjectLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    /// <summary>The checklist form of a project's standard procedures: 立项 and 用地预审 done, 规划许可 in progress, 能评 removed.</summary>
    private async Task<List<KeyValuePair<string, string>>> ChecklistFieldsAsync(long id)
    {
        var rows = await portal.Database.ScalarAsync<string>(
            $"SELECT string_agg(id || ':' || xmin::text || ':' || name, ',' ORDER BY sort_order) FROM project_procedures WHERE project_id = {id}");
        var fields = new List<KeyValuePair<string, string>>();
        var i = 0;
        foreach (var row in rows.Split(','))
        {
            var parts = row.Split(':');
            fields.AddRange([F($"Procs.Rows[{i}].Id", parts[0]), F($"Procs.Rows[{i}].Version", parts[1]), F($"Procs.Rows[{i}].Name", parts[2])]);
            var done = parts[2] is "立项" or "用地预审";
            fields.AddRange([F($"Procs.Rows[{i}].Status", done ? "Done" : parts[2] == "规划许可" ? "InProgress" : "NotStarted"),
                F($"Procs.Rows[{i}].StartedOn", done || parts[2] == "规划许可" ? DaysAgo(20) : ""), F($"Procs.Rows[{i}].CompletedOn", done ? DaysAgo(3) : "")]);
            if (parts[2] == "能评") fields.Add(F($"Procs.Rows[{i}].Remove", "true"));
            i++;
        }
        return fields;
    }

    private async Task<HttpResponseMessage> AdvanceAsync(HttpClient client, long id, string stage, string date, string? version = null) =>
        await PostAsync(client, $"/projects/{id}", "project-advance",
            [F("Advance.Stage", stage), F("Advance.Date", date), F("Advance.Version", version ?? await VersionAsync(id))]);

    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(Regex.Match(html, "data-testid=\"(?:refused|stale)\">([^<]*)<").Groups[1].Value);
    }

    [Fact]
    public async Task A_dispatcher_creates_a_project_with_the_standard_procedures_in_negotiation()
    {
        var id = await CreateAsync("新河高端轴承产业园");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");

        var html = await dispatcher.GetStringAsync($"/projects/{id}");

        html.ShouldContain("新河高端轴承产业园");
        html.ShouldContain("5亿元");
        (await portal.Database.ScalarAsync<short>($"SELECT stage FROM projects WHERE id = {id}")).ShouldBe((short)0);
        (await portal.Database.ScalarAsync<decimal>($"SELECT total_investment FROM projects WHERE id = {id}")).ShouldBe(500_000_000m);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM project_procedures WHERE project_id = {id}")).ShouldBe(6);
        html.ShouldContain("data-echarts=");
    }

    [Fact]
    public async Task Bad_input_is_named_next_to_its_field_in_Chinese_kept_and_nothing_is_saved()
    {
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var before = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM projects");
        var fields = await FormAsync("");
        fields.RemoveAll(f => f.Key is "Model.TotalInvestment" or "Model.StartedPlannedOn" or "Model.Name");
        fields.AddRange([F("Model.Name", ""), F("Model.TotalInvestment", "五千万"), F("Model.StartedPlannedOn", DaysAgo(90))]);

        var response = await PostAsync(client, "/projects/new", "project", fields);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(html).ShouldContain("请填写项目名称");
        ValidationMessages(html).ShouldContain("总投资应为数字（单位万元，最多精确到分）");
        html.ShouldContain("value=\"五千万\"");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM projects")).ShouldBe(before);

        // Planned dates that go backwards are refused by the domain with the milestones named.
        fields = await FormAsync("倒序计划项目");
        fields.RemoveAll(f => f.Key == "Model.StartedPlannedOn");
        fields.Add(F("Model.StartedPlannedOn", DaysAgo(90)));
        html = await (await PostAsync(client, "/projects/new", "project", fields)).Content.ReadAsStringAsync();
        html.ShouldContain($"计划开工日期不能早于计划签约日期（{DaysAgo(60)}）");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM projects")).ShouldBe(before);
    }

    [Fact]
    public async Task Stages_advance_in_order_with_dates_that_never_go_backwards()
    {
        var id = await CreateAsync("柔性电子材料项目");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");

        (await RefusalAsync(await AdvanceAsync(client, id, "Started", DaysAgo(5)))).ShouldBe("项目尚未签约，不能直接进入“开工”阶段");
        (await AdvanceAsync(client, id, "Signed", DaysAgo(30))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await RefusalAsync(await AdvanceAsync(client, id, "Started", DaysAgo(31)))).ShouldBe($"开工日期不能早于签约日期（{DaysAgo(30)}）");
        var future = await AdvanceAsync(client, id, "Started", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(1).ToString("yyyy-MM-dd"));
        (await RefusalAsync(future)).ShouldBe("开工日期不能晚于今天");
        var missing = await AdvanceAsync(client, id, "Started", "");
        ValidationMessages(await missing.Content.ReadAsStringAsync()).ShouldContain("请填写日期");
        (await AdvanceAsync(client, id, "Started", Today)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await portal.Database.ScalarAsync<short>($"SELECT stage FROM projects WHERE id = {id}")).ShouldBe((short)2);
        (await portal.Database.ScalarAsync<string>($"SELECT started_on::text FROM projects WHERE id = {id}")).ShouldBe(Today);
    }

    [Fact]
    public async Task A_stale_advance_or_edit_is_refused_with_the_current_state_and_the_input_kept()
    {
        var id = await CreateAsync("并发推进项目");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var seen = await VersionAsync(id);
        (await AdvanceAsync(client, id, "Signed", DaysAgo(3), seen)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var loser = await AdvanceAsync(client, id, "Signed", DaysAgo(2), seen);
        var html = await loser.Content.ReadAsStringAsync();

        (await RefusalAsync(loser)).ShouldBe("已被他人更新，请刷新后重试");
        html.ShouldContain("data-stage=\"Signed\"");
        (await portal.Database.ScalarAsync<string>($"SELECT signed_on::text FROM projects WHERE id = {id}")).ShouldBe(DaysAgo(3));

        var fields = await FormAsync("并发推进项目（改名）");
        fields.RemoveAll(f => f.Key == "Model.Version");
        fields.Add(F("Model.Version", seen));
        var edit = await PostAsync(client, $"/projects/{id}/edit", "project", fields);
        var editHtml = await edit.Content.ReadAsStringAsync();
        editHtml.ShouldContain("已被他人更新，请刷新后重试");
        editHtml.ShouldContain("value=\"并发推进项目（改名）\"");
        (await portal.Database.ScalarAsync<string>($"SELECT name FROM projects WHERE id = {id}")).ShouldBe("并发推进项目");
    }

    [Fact]
    public async Task A_month_is_reported_once_and_never_beyond_the_total_investment()
    {
        var id = await CreateAsync("月报项目");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        (await AdvanceAsync(client, id, "Signed", DaysAgo(10))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var first = await PostAsync(client, $"/projects/{id}", "project-report", [F("Report.Month", ThisMonth), F("Report.Amount", "12000")]);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await PostAsync(client, $"/projects/{id}", "project-report", [F("Report.Month", ThisMonth), F("Report.Amount", "1")]);
        var month = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        (await RefusalAsync(again)).ShouldBe($"{month.Year}年{month.Month}月的完成投资已填报，不能重复填报");
        var lastMonth = month.AddMonths(-1).ToString("yyyy-MM");
        var tooMuch = await PostAsync(client, $"/projects/{id}", "project-report", [F("Report.Month", lastMonth), F("Report.Amount", "40000")]);
        (await RefusalAsync(tooMuch)).ShouldBe("累计完成投资（5.2亿元）将超过总投资（5亿元），请先核对总投资");
        var notNumber = await PostAsync(client, $"/projects/{id}", "project-report", [F("Report.Month", "2026-13"), F("Report.Amount", "-5")]);
        var messages = ValidationMessages(await notNumber.Content.ReadAsStringAsync());
        messages.ShouldContain("填报月份格式应为 年-月，如 2026-05");
        messages.ShouldContain("本月完成投资不能为负数");

        (await portal.Database.ScalarAsync<decimal>($"SELECT sum(amount) FROM project_investment_reports WHERE project_id = {id}")).ShouldBe(120_000_000m);
        (await client.GetStringAsync($"/projects/{id}")).ShouldContain("1.2亿元");
    }

    [Fact]
    public async Task Procedures_are_kept_with_their_dates_and_the_rate_follows()
    {
        var id = await CreateAsync("手续项目");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        var fields = await ChecklistFieldsAsync(id);

        (await PostAsync(client, $"/projects/{id}", "project-procedures", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostAsync(client, $"/projects/{id}", "procedure-add", [F("AddProc.Name", "水土保持方案")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var duplicate = await PostAsync(client, $"/projects/{id}", "procedure-add", [F("AddProc.Name", "立项")]);
        ValidationMessages(await duplicate.Content.ReadAsStringAsync()).ShouldContain("手续“立项”已在清单中");

        (await portal.Database.ScalarAsync<string>($"SELECT string_agg(name || status, ',' ORDER BY sort_order) FROM project_procedures WHERE project_id = {id}"))
            .ShouldBe("立项2,用地预审2,规划许可1,施工许可0,环评0,水土保持方案0");
        var list = await client.GetStringAsync("/projects?batch=" + Uri.EscapeDataString("第五期"));
        list.ShouldContain($"<td class=\"text-end\">2/6</td>");

        // The form of before the save now carries old versions: stale, and nothing changes.
        var stale = await PostAsync(client, $"/projects/{id}", "project-procedures", fields);
        (await RefusalAsync(stale)).ShouldBe("已被他人更新，请刷新后重试");

        // With the current versions, a 已办结 without its date is refused by the domain and nothing changes.
        var first = (await portal.Database.ScalarAsync<string>(
            $"SELECT id || ':' || xmin::text FROM project_procedures WHERE project_id = {id} AND name = '立项'")).Split(':');
        var missing = await PostAsync(client, $"/projects/{id}", "project-procedures",
        [
            F("Procs.Rows[0].Id", first[0]), F("Procs.Rows[0].Version", first[1]), F("Procs.Rows[0].Name", "立项"),
            F("Procs.Rows[0].Status", "Done"), F("Procs.Rows[0].StartedOn", DaysAgo(20)), F("Procs.Rows[0].CompletedOn", ""),
        ]);
        (await RefusalAsync(missing)).ShouldBe("“立项”已办结，请填写办结日期");
        (await portal.Database.ScalarAsync<string>($"SELECT completed_on::text FROM project_procedures WHERE id = {first[0]}")).ShouldBe(DaysAgo(3));
    }

    [Fact]
    public async Task A_problem_registered_for_a_project_shows_on_the_project_page()
    {
        var id = await CreateAsync("问题关联项目");
        var investor = await InvestorAsync();
        var official = await portal.Factory.SignedInClientAsync("official");
        var form = await official.GetStringAsync($"/enterprises/{investor}/problems/new?project={id}");
        form.ShouldContain("问题关联项目");

        var response = await PostAsync(official, $"/enterprises/{investor}/problems/new?project={id}", "problem-register",
        [
            F("Model.Category", "land"), F("Model.Urgency", "ordinary"), F("Model.Source", "Visit"), F("Model.ProjectId", id.ToString()),
            F("Model.Title", "项目用地指标尚未落实"), F("Model.Description", "二期用地指标需市里统筹，影响开工。"),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await official.GetStringAsync($"/projects/{id}")).ShouldContain("项目用地指标尚未落实");
        var other = await InvestorAsync("XH-T02");
        var wrong = await PostAsync(await portal.Factory.SignedInClientAsync("dispatcher"), $"/enterprises/{other}/problems/new", "problem-register",
        [
            F("Model.Category", "land"), F("Model.Urgency", "ordinary"), F("Model.Source", "Visit"), F("Model.ProjectId", id.ToString()),
            F("Model.Title", "不属于该企业的项目"), F("Model.Description", "项目不属于该企业。"),
        ]);
        (await RefusalAsync(wrong)).ShouldBe("所选项目不存在或不属于该企业");
    }

    [Fact]
    public async Task Readers_read_only_what_their_scope_holds_and_cannot_change_it()
    {
        var own = await CreateAsync("城关街道范围项目");
        var elsewhere = await CreateAsync("东湖街道范围项目", "XH-T02");
        var official = await portal.Factory.SignedInClientAsync("official");
        var version = await VersionAsync(own);

        (await official.GetAsync($"/projects/{own}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await official.GetStringAsync("/projects");
        list.ShouldContain("城关街道范围项目");
        list.ShouldNotContain("东湖街道范围项目");
        var hidden = await official.GetAsync($"/projects/{elsewhere}");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hidden.Content.ReadAsStringAsync()).ShouldNotContain("东湖街道范围项目");
        (await official.GetAsync($"/projects/{own}/edit")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // An official may read but not advance, even with a valid form of a project in scope.
        var token = AntiforgeryToken().Match(await official.GetStringAsync($"/projects/{own}")).Groups[1].Value;
        KeyValuePair<string, string>[] advance =
            [F("_handler", "project-advance"), F("__RequestVerificationToken", WebUtility.HtmlDecode(token)), F("Advance.Stage", "Signed"), F("Advance.Date", Today), F("Advance.Version", version)];
        (await official.PostAsync($"/projects/{own}", new FormUrlEncodedContent(advance))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await official.PostAsync($"/projects/{elsewhere}", new FormUrlEncodedContent(advance))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await VersionAsync(own)).ShouldBe(version);

        var enterprise = await portal.Factory.SignedInClientAsync("enterprise");
        (await enterprise.GetAsync("/projects")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await enterprise.GetAsync($"/projects/{own}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await enterprise.GetAsync("/projects/export.xlsx")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_investors_ledger_lists_its_projects_on_the_page_and_in_a_sheet_of_its_own()
    {
        await CreateAsync("台账展示项目", "XH-T03");
        var investor = await InvestorAsync("XH-T03");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");

        var page = await dispatcher.GetStringAsync($"/enterprises/{investor}/ledger");
        var book = XlsxBook.Read(await dispatcher.GetByteArrayAsync($"/enterprises/{investor}/ledger.xlsx"));

        page.ShouldContain("data-testid=\"ledger-projects\"");
        page.ShouldContain("台账展示项目");
        var sheet = book.Single(s => s.Name == "三个一批项目");
        sheet.Rows.ShouldContain(r => r.Any(c => c.Text == "台账展示项目"));
        // The official of 城关街道 reads that enterprise's ledger nowhere: it is not in the street.
        (await (await portal.Factory.SignedInClientAsync("official")).GetAsync($"/enterprises/{investor}/ledger")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_demo_district_has_projects_in_every_stage()
    {
        var stages = await portal.Database.ScalarAsync<string>(
            "SELECT string_agg(DISTINCT stage::text, ',') FROM projects WHERE batch IN ('第一期', '第二期', '第三期', '第四期')");

        stages.ShouldBe("0,1,2,3,4");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM projects WHERE batch IN ('第一期', '第二期', '第三期', '第四期')")).ShouldBe(15);
    }

    [GeneratedRegex("/projects/(\\d+)")]
    private static partial Regex ProjectLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
