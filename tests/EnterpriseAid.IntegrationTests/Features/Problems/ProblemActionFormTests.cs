using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>
/// The action forms of the problem page not covered by the lifecycle test: 改派, 办理进展, 现场解决 and 延期申请 with its
/// approval and rejection. Each also with bad input (a Chinese message, nothing saved) and with a stale version
/// (已被他人更新, nothing saved, the current state shown).
/// </summary>
public sealed partial class ProblemActionFormTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Stale = "已被他人更新，请刷新后重试";

    private static DateOnly ChinaToday => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private Task<long> DepartmentAsync(string suffix) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%{suffix}'");

    private Task<string> VersionAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM problems WHERE id = {id}");

    private Task<string> ColumnAsync(long id, string column) =>
        portal.Database.ScalarAsync<string>($"SELECT coalesce({column}::text, '') FROM problems WHERE id = {id}");

    private Task<long> EventCountAsync(long id) => portal.Database.ScalarAsync<long>($"SELECT count(*) FROM problem_events WHERE problem_id = {id}");

    private Task<string> KindsAsync(long id) =>
        portal.Database.ScalarAsync<string>($"SELECT string_agg(kind, ',' ORDER BY id) FROM problem_events WHERE problem_id = {id}");

    /// <summary>Everything about the problem that an action could change, to prove a refused one changed nothing.</summary>
    private Task<string> SnapshotAsync(long id) => portal.Database.ScalarAsync<string>($"""
        SELECT p::text || (SELECT count(*) FROM problem_events WHERE problem_id = p.id)
               || (SELECT coalesce(string_agg(c::text, ';'), '') FROM problem_co_handlers c WHERE c.problem_id = p.id)
        FROM problems p WHERE id = {id}
        """);

    private async Task<long> RegisterAsync(string title)
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var enterpriseId = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var response = await PostAsync(official, $"/enterprises/{enterpriseId}/problems/new", "problem-register",
        [
            F("Model.Category", "approval"), F("Model.Urgency", "ordinary"), F("Model.Source", "Visit"),
            F("Model.Title", title), F("Model.Description", "企业反映审批材料反复补正，办理时间过长。"),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(ProblemLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    private async Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string form, params KeyValuePair<string, string>[] fields) =>
        await PostAsync(client, $"/problems/{id}", form, [F("Version", await VersionAsync(id)), .. fields]);

    private static async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task DispatchAsync(long id, string lead = "商务局")
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var response = await ActAsync(dispatcher, id, "problem-dispatch",
            F("LeadId", (await DepartmentAsync(lead)).ToString()), F("Deadline", ChinaToday.AddDays(14).ToString("yyyy-MM-dd")));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> InProgressAsync(string title)
    {
        var id = await RegisterAsync(title);
        await DispatchAsync(id);
        (await ActAsync(await portal.Factory.SignedInClientAsync("handler"), id, "problem-accept")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return id;
    }

    private async Task ReturnAsync(long id)
    {
        var handler = await portal.Factory.SignedInClientAsync("handler");
        (await ActAsync(handler, id, "problem-return", F("Text", "该事项属于人社部门职责，请改派"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    // 改派 ------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_returned_problem_is_reassigned_to_another_department_with_a_new_deadline()
    {
        var id = await RegisterAsync("技工学校招生对接");
        await DispatchAsync(id);
        await ReturnAsync(id);
        var labour = await DepartmentAsync("人力资源和社会保障局");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        (await dispatcher.GetStringAsync($"/problems/{id}")).ShouldContain("data-action=\"Reassign\"");
        var due = ChinaToday.AddDays(10).ToString("yyyy-MM-dd");

        var response = await ActAsync(dispatcher, id, "problem-reassign", F("LeadId", labour.ToString()), F("Deadline", due));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ColumnAsync(id, "status")).ShouldBe("Assigned");
        (await ColumnAsync(id, "lead_department_id")).ShouldBe(labour.ToString());
        (await ColumnAsync(id, "deadline")).ShouldBe(due);
        (await KindsAsync(id)).ShouldBe("Registered,Dispatched,Returned,Reassigned");
        var page = await dispatcher.GetStringAsync($"/problems/{id}");
        page.ShouldContain("改派");
        page.ShouldContain("人力资源和社会保障局牵头办理");
    }

    [Fact]
    public async Task A_reassignment_without_a_lead_department_is_refused_keeping_the_typed_deadline()
    {
        var id = await RegisterAsync("外贸订单结汇难");
        await DispatchAsync(id);
        await ReturnAsync(id);
        var before = await SnapshotAsync(id);
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var due = ChinaToday.AddDays(9).ToString("yyyy-MM-dd");

        var html = await RefusedAsync(await ActAsync(dispatcher, id, "problem-reassign", F("LeadId", ""), F("Deadline", due)));

        html.ShouldContain("请选择牵头单位");
        html.ShouldContain($"value=\"{due}\"");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task A_reassignment_from_a_stale_page_is_refused_and_shows_the_current_state()
    {
        var id = await RegisterAsync("厂区周边道路积水");
        await DispatchAsync(id);
        var seen = await VersionAsync(id);
        await ReturnAsync(id);
        var before = await SnapshotAsync(id);
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");

        var html = await RefusedAsync(await PostAsync(dispatcher, $"/problems/{id}", "problem-reassign",
            [F("Version", seen), F("LeadId", (await DepartmentAsync("住房和城乡建设局")).ToString()), F("Deadline", ChinaToday.AddDays(7).ToString("yyyy-MM-dd"))]));

        html.ShouldContain(Stale);
        html.ShouldContain("退回，待活动办改派");
        StatusBadge(html).ShouldBe("登记");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    // 办理进展 ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_lead_handler_records_progress_on_the_timeline()
    {
        var id = await InProgressAsync("企业用地报批进度");
        var handler = await portal.Factory.SignedInClientAsync("handler");

        var response = await ActAsync(handler, id, "problem-noteprogress", F("Text", "已与自然资源局会商，材料已补齐"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ColumnAsync(id, "status")).ShouldBe("InProgress");
        (await portal.Database.ScalarAsync<string>($"SELECT detail FROM problem_events WHERE problem_id = {id} AND kind = 'ProgressNoted'"))
            .ShouldBe("已与自然资源局会商，材料已补齐");
        var page = WebUtility.HtmlDecode(await handler.GetStringAsync($"/problems/{id}"));
        page.ShouldContain("填写办理进展");
        page.ShouldContain("已与自然资源局会商，材料已补齐");
    }

    [Fact]
    public async Task An_empty_progress_note_is_refused_and_saves_nothing()
    {
        var id = await InProgressAsync("员工子女入学");
        var before = await SnapshotAsync(id);
        var handler = await portal.Factory.SignedInClientAsync("handler");

        var html = await RefusedAsync(await ActAsync(handler, id, "problem-noteprogress", F("Text", "   ")));

        html.ShouldContain("请填写办理进展");
        // Also beside the form that was sent, not only at the top of the page.
        Regex.IsMatch(html, "data-action=\"NoteProgress\".*?data-testid=\"action-error\">请填写办理进展<", RegexOptions.Singleline).ShouldBeTrue();
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task A_progress_note_from_a_stale_page_is_refused_keeping_the_text()
    {
        var id = await InProgressAsync("天然气价格上调");
        var seen = await VersionAsync(id);
        var handler = await portal.Factory.SignedInClientAsync("handler");
        (await ActAsync(handler, id, "problem-noteprogress", F("Text", "第一次进展：已约谈燃气公司"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await SnapshotAsync(id);

        var html = await RefusedAsync(await PostAsync(handler, $"/problems/{id}", "problem-noteprogress",
            [F("Version", seen), F("Text", "第二次进展：价格协商中")]));

        html.ShouldContain(Stale);
        html.ShouldContain("第一次进展：已约谈燃气公司");
        html.ShouldContain(">第二次进展：价格协商中</textarea>");
        StatusBadge(html).ShouldBe("办理中");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    // 现场解决 ---------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_problem_from_the_register_page_is_solved_on_the_spot_by_the_official()
    {
        var id = await RegisterAsync("不清楚稳岗补贴申领流程");
        var official = await portal.Factory.SignedInClientAsync("official");
        (await official.GetStringAsync($"/problems/{id}")).ShouldContain("data-action=\"SolveOnSpot\"");

        var response = await ActAsync(official, id, "problem-solveonspot", F("Text", "现场指导企业在线申领稳岗补贴"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ColumnAsync(id, "status")).ShouldBe("Resolved");
        (await ColumnAsync(id, "resolved_on_spot")).ShouldBe("true");
        (await ColumnAsync(id, "resolution")).ShouldBe("现场指导企业在线申领稳岗补贴");
        (await ColumnAsync(id, "dispatched_at")).ShouldBe("");
        (await KindsAsync(id)).ShouldBe("Registered,SolvedOnSpot");
    }

    [Fact]
    public async Task A_problem_raised_in_the_visit_form_is_solved_on_the_spot_from_its_page()
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var officialId = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'official'");
        var enterprise = await portal.Database.ScalarAsync<long>(
            "SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id OFFSET 20 LIMIT 1");
        var saved = await PostAsync(official, "/visits/new", "visit",
        [
            F("Model.Kind", "OnSite"), F("Model.VisitedOn", ChinaToday.ToString("yyyy-MM-dd")), F("Model.OfficialIds", officialId.ToString()),
            F("Model.EnterpriseIds", enterprise.ToString()), F("Model.Summary", "了解企业复工情况"),
            F("Model.ProblemRows[0].Category", "policy"), F("Model.ProblemRows[0].Urgency", "ordinary"),
            F("Model.ProblemRows[0].Title", "社保缴费基数疑问"), F("Model.ProblemRows[0].Description", "企业对今年社保缴费基数调整有疑问。"),
        ]);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var visit = long.Parse(Regex.Match(saved.Headers.Location!.OriginalString, @"saved=(\d+)").Groups[1].Value);
        var id = await portal.Database.ScalarAsync<long>($"SELECT id FROM problems WHERE visit_id = {visit}");
        (await ColumnAsync(id, "status")).ShouldBe("Reported");

        var response = await ActAsync(official, id, "problem-solveonspot", F("Text", "已当场解释社保基数调整政策"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ColumnAsync(id, "status")).ShouldBe("Resolved");
        (await ColumnAsync(id, "resolved_on_spot")).ShouldBe("true");
        (await ColumnAsync(id, "visit_id")).ShouldBe(visit.ToString());
    }

    [Fact]
    public async Task Solving_on_the_spot_without_saying_how_is_refused_and_saves_nothing()
    {
        var id = await RegisterAsync("企业招牌设置审批");
        var before = await SnapshotAsync(id);
        var official = await portal.Factory.SignedInClientAsync("official");

        var html = await RefusedAsync(await ActAsync(official, id, "problem-solveonspot", F("Text", "")));

        html.ShouldContain("请填写解决情况");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Solving_on_the_spot_from_a_stale_page_is_refused_when_another_official_already_did()
    {
        var id = await RegisterAsync("门前停车位不足");
        var seen = await VersionAsync(id);
        var first = await portal.Factory.SignedInClientAsync("official");
        var second = await portal.Factory.SignedInClientAsync("official");
        (await ActAsync(first, id, "problem-solveonspot", F("Text", "已协调城管划定临时停车位"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await SnapshotAsync(id);

        var html = await RefusedAsync(await PostAsync(second, $"/problems/{id}", "problem-solveonspot",
            [F("Version", seen), F("Text", "已联系交警部门")]));

        html.ShouldContain(Stale);
        StatusBadge(html).ShouldBe("已办结");
        html.ShouldContain("已协调城管划定临时停车位");
        (await SnapshotAsync(id)).ShouldBe(before);
        (await KindsAsync(id)).ShouldBe("Registered,SolvedOnSpot");
    }

    // 延期申请 → 批准 / 驳回 ----------------------------------------------------------------------------------

    [Fact]
    public async Task An_extension_requested_by_the_handler_is_approved_by_the_dispatcher_and_not_by_the_handler()
    {
        var id = await InProgressAsync("厂房消防验收");
        var handler = await portal.Factory.SignedInClientAsync("handler");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var oldDeadline = await ColumnAsync(id, "deadline");
        var newDeadline = ChinaToday.AddDays(30).ToString("yyyy-MM-dd");

        (await ActAsync(handler, id, "problem-requestextension", F("Deadline", newDeadline), F("Text", "需等待消防技术服务机构出具报告")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ColumnAsync(id, "extension_new_deadline")).ShouldBe(newDeadline);
        (await ColumnAsync(id, "deadline")).ShouldBe(oldDeadline);

        // The handler's page offers no approval, and a hand-made post is refused.
        (await handler.GetStringAsync($"/problems/{id}")).ShouldNotContain("data-action=\"ApproveExtension\"");
        var before = await SnapshotAsync(id);
        var refused = await RefusedAsync(await ActAsync(handler, id, "problem-approveextension"));
        refused.ShouldContain("只有活动办或领导可以审批延期申请");
        (await SnapshotAsync(id)).ShouldBe(before);

        (await dispatcher.GetStringAsync($"/problems/{id}")).ShouldContain("data-action=\"ApproveExtension\"");
        (await ActAsync(dispatcher, id, "problem-approveextension")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await ColumnAsync(id, "deadline")).ShouldBe(newDeadline);
        (await ColumnAsync(id, "extension_count")).ShouldBe("1");
        (await ColumnAsync(id, "extension_new_deadline")).ShouldBe("");
        (await KindsAsync(id)).ShouldEndWith("ExtensionRequested,ExtensionApproved");
    }

    [Fact]
    public async Task An_extension_is_rejected_by_the_supervisor_with_a_reason_and_the_deadline_stays()
    {
        var id = await InProgressAsync("出口退税进度");
        var handler = await portal.Factory.SignedInClientAsync("handler");
        var leader = await portal.Factory.SignedInClientAsync("leader");
        var oldDeadline = await ColumnAsync(id, "deadline");
        (await ActAsync(handler, id, "problem-requestextension", F("Deadline", ChinaToday.AddDays(25).ToString("yyyy-MM-dd")), F("Text", "税务系统升级，需顺延办理")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await ActAsync(leader, id, "problem-rejectextension", F("Text", "可先行人工办理，不同意延期"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await ColumnAsync(id, "deadline")).ShouldBe(oldDeadline);
        (await ColumnAsync(id, "extension_count")).ShouldBe("0");
        (await ColumnAsync(id, "extension_new_deadline")).ShouldBe("");
        (await portal.Database.ScalarAsync<string>($"SELECT detail FROM problem_events WHERE problem_id = {id} AND kind = 'ExtensionRejected'"))
            .ShouldBe("可先行人工办理，不同意延期");
    }

    [Theory]
    [InlineData("", "需要更多时间协调", "请填写延期后的期限")]
    [InlineData("+30", "太短", "请填写延期理由（至少5个字）")]
    [InlineData("+5", "需要等待上级部门批复文件", "延期后的期限须晚于当前期限")]
    public async Task A_bad_extension_request_is_refused_and_saves_nothing(string deadline, string reason, string message)
    {
        var id = await InProgressAsync("电力线路迁改" + message.Length);
        var handler = await portal.Factory.SignedInClientAsync("handler");
        var before = await SnapshotAsync(id);
        var date = deadline.Length == 0 ? "" : ChinaToday.AddDays(int.Parse(deadline)).ToString("yyyy-MM-dd");

        var html = await RefusedAsync(await ActAsync(handler, id, "problem-requestextension", F("Deadline", date), F("Text", reason)));

        html.ShouldContain(message);
        html.ShouldContain($">{reason}</textarea>");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task Rejecting_an_extension_without_a_reason_is_refused_and_the_request_still_waits()
    {
        var id = await InProgressAsync("污水管网接入");
        var handler = await portal.Factory.SignedInClientAsync("handler");
        (await ActAsync(handler, id, "problem-requestextension", F("Deadline", ChinaToday.AddDays(28).ToString("yyyy-MM-dd")), F("Text", "管网施工需避开雨季")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await SnapshotAsync(id);
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");

        var html = await RefusedAsync(await ActAsync(dispatcher, id, "problem-rejectextension", F("Text", "")));

        html.ShouldContain("请填写驳回理由");
        (await SnapshotAsync(id)).ShouldBe(before);
        (await ColumnAsync(id, "extension_new_deadline")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Approving_an_extension_from_a_stale_page_is_refused_and_shows_the_current_state()
    {
        var id = await InProgressAsync("危化品仓储许可");
        var handler = await portal.Factory.SignedInClientAsync("handler");
        (await ActAsync(handler, id, "problem-requestextension", F("Deadline", ChinaToday.AddDays(21).ToString("yyyy-MM-dd")), F("Text", "需专家评审，申请延期")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var seen = await VersionAsync(id);
        (await ActAsync(handler, id, "problem-noteprogress", F("Text", "专家评审已安排在下周"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await SnapshotAsync(id);
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");

        var html = await RefusedAsync(await PostAsync(dispatcher, $"/problems/{id}", "problem-approveextension", [F("Version", seen)]));

        html.ShouldContain(Stale);
        html.ShouldContain("专家评审已安排在下周");
        StatusBadge(html).ShouldBe("办理中");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    [Fact]
    public async Task A_stale_extension_request_and_rejection_are_refused_and_save_nothing()
    {
        var id = await InProgressAsync("施工许可证办理");
        var handler = await portal.Factory.SignedInClientAsync("handler");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var seen = await VersionAsync(id);
        (await ActAsync(handler, id, "problem-noteprogress", F("Text", "图审已完成"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await SnapshotAsync(id);

        var request = await RefusedAsync(await PostAsync(handler, $"/problems/{id}", "problem-requestextension",
            [F("Version", seen), F("Deadline", ChinaToday.AddDays(30).ToString("yyyy-MM-dd")), F("Text", "需补充环评材料")]));
        request.ShouldContain(Stale);
        (await SnapshotAsync(id)).ShouldBe(before);

        (await ActAsync(handler, id, "problem-requestextension", F("Deadline", ChinaToday.AddDays(30).ToString("yyyy-MM-dd")), F("Text", "需补充环评材料")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = await VersionAsync(id);
        (await ActAsync(handler, id, "problem-noteprogress", F("Text", "环评材料已提交"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        before = await SnapshotAsync(id);

        var reject = await RefusedAsync(await PostAsync(dispatcher, $"/problems/{id}", "problem-rejectextension",
            [F("Version", stale), F("Text", "材料齐全后即可办理")]));
        reject.ShouldContain(Stale);
        reject.ShouldContain(">材料齐全后即可办理</textarea>");
        (await SnapshotAsync(id)).ShouldBe(before);
    }

    private static string StatusBadge(string html) => Regex.Match(html, "data-testid=\"status\">([^<]+)<").Groups[1].Value;

    [GeneratedRegex(@"/problems/(\d+)")]
    private static partial Regex ProblemLink();
}
