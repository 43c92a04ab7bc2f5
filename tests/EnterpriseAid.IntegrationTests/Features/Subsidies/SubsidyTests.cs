using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Subsidies;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Subsidies;

/// <summary>政策兑现 over HTTP and against the database: budget under concurrency, the application's life, 公示, 免申即享, the portal.</summary>
public sealed partial class SubsidyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static string Day(int offset) => ChinaTime.Today(TimeProvider.System).AddDays(offset).ToString("yyyy-MM-dd");

    private Task<long> PolicyIdAsync(string documentNo) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM policies WHERE document_no = '{documentNo}'");

    private async Task<long> CreateProgramAsync(HttpClient client, string name, decimal budget, bool msjx = false, string? standard = null,
        string policy = "新政办发〔2026〕3号")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            F("Form.PolicyId", (await PolicyIdAsync(policy)).ToString()), F("Form.Name", name), F("Form.Batch", "2026年第一批"),
            F("Form.Budget", budget.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Form.ApplyFrom", Day(-1)), F("Form.ApplyTo", Day(30)),
            F("Form.NoticeDays", "7"),
        };
        if (msjx)
        {
            fields.Add(F("Form.MianShenJiXiang", "true"));
            fields.Add(F("Form.StandardAmount", standard ?? "5000"));
        }
        var response = await PostAsync(client, "/subsidies/new", "program", fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(response.Headers.Location!.AbsolutePath.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Applications inserted directly, for enterprises of 新河区 (ordered by id), each asking for <paramref name="requested"/>.</summary>
    private Task InsertApplicationsAsync(long programId, int count, decimal requested) =>
        portal.Database.ExecuteAsync($"""
            INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, automatic, created_at, updated_at)
            SELECT {programId}, e.id, 'Submitted', {requested}, false, now(), now()
            FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code LIKE 'XH-T%' ORDER BY e.id LIMIT {count}
            """);

    private Task<long> ApplicationIdAsync(long programId, long enterpriseId) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM subsidy_applications WHERE program_id = {programId} AND enterprise_id = {enterpriseId}");

    private async Task<List<T>> ListAsync<T>(string sql, Func<string, T> parse)
    {
        var joined = await portal.Database.ScalarAsync<string>($"SELECT coalesce(string_agg(v, '|'), '') FROM ({sql}) AS t(v)");
        return joined.Length == 0 ? [] : joined.Split('|').Select(parse).ToList();
    }

    private static string Error(string html) =>
        WebUtility.HtmlDecode(ErrorPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("data-testid=\"error\">([^<]*)<")]
    private static partial Regex ErrorPattern();

    [GeneratedRegex("name=\"Form.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionPattern();

    [Fact]
    public async Task Concurrent_approvals_never_overspend_the_budget_exactly_those_that_fit_succeed()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var programId = await CreateProgramAsync(dispatcher, "并发审批测试项目", 100_000m);
        await InsertApplicationsAsync(programId, 12, 30_000m);
        var ids = await ListAsync($"SELECT id::text FROM subsidy_applications WHERE program_id = {programId}", long.Parse);
        var versions = new Dictionary<long, uint>();
        foreach (var id in ids) versions[id] = uint.Parse(await portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM subsidy_applications WHERE id = {id}"), System.Globalization.CultureInfo.InvariantCulture);

        var reviewer = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'dispatcher'");
        using var gate = new SemaphoreSlim(0);
        var tasks = ids.Select(async id =>
        {
            using var scope = portal.Factory.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AppDbContext>().Scope = DataScope.Everything;
            var commands = scope.ServiceProvider.GetRequiredService<SubsidyCommands>();
            await gate.WaitAsync();
            return await commands.ApproveAsync(id, versions[id], "30000", new ActingUser(reviewer, "并发测试"));
        }).ToList();
        gate.Release(ids.Count);
        var results = await Task.WhenAll(tasks);

        results.Count(r => r is SubsidyResult.Done).ShouldBe(3);
        results.OfType<SubsidyResult.Refused>().Count().ShouldBe(9);
        results.OfType<SubsidyResult.Refused>().ShouldAllBe(r => r.Message.StartsWith("预算余额不足"));
        (await portal.Database.ScalarAsync<decimal>($"SELECT approved_total FROM subsidy_programs WHERE id = {programId}")).ShouldBe(90_000m);
        (await portal.Database.ScalarAsync<decimal>($"SELECT coalesce(sum(approved_amount), 0) FROM subsidy_applications WHERE program_id = {programId}")).ShouldBe(90_000m);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM subsidy_applications WHERE program_id = {programId} AND status = 'Approved'")).ShouldBe(3);

        // Over HTTP the refusal is shown in Chinese and nothing is saved.
        var pending = await portal.Database.ScalarAsync<long>($"SELECT min(id) FROM subsidy_applications WHERE program_id = {programId} AND status = 'Submitted'");
        var page = await PostAsync(dispatcher, $"/subsidies/applications/{pending}", "approve",
            [F("Form.Version", VersionPattern().Match(await dispatcher.GetStringAsync($"/subsidies/applications/{pending}")).Groups[1].Value), F("Form.Amount", "10000.01")]);
        Error(await page.Content.ReadAsStringAsync()).ShouldBe("预算余额不足：本项目预算100000.00元，已批准90000.00元，余额10000.00元");
        (await portal.Database.ScalarAsync<string>($"SELECT status FROM subsidy_applications WHERE id = {pending}")).ShouldBe("Submitted");
    }

    [Fact]
    public async Task An_application_goes_from_review_through_the_public_notice_to_payment_over_http()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var official = await portal.Factory.SignedInClientAsync("official");
        var programId = await CreateProgramAsync(dispatcher, "专精特新奖励兑现", 500_000m);
        var enterpriseId = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var enterpriseName = await portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {enterpriseId}");
        var uscc = await portal.Database.ScalarAsync<string>($"SELECT uscc FROM enterprises WHERE id = {enterpriseId}");

        // The official applies on the enterprise's behalf; a second application is refused.
        var applied = await PostAsync(official, $"/subsidies/{programId}", "apply", [F("Form.EnterpriseId", enterpriseId.ToString()), F("Form.Amount", "200,000.50")]);
        applied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await PostAsync(official, $"/subsidies/{programId}", "apply", [F("Form.EnterpriseId", enterpriseId.ToString()), F("Form.Amount", "1")]);
        Error(await again.Content.ReadAsStringAsync()).ShouldBe("该企业已申报本项目");
        var id = await ApplicationIdAsync(programId, enterpriseId);
        (await portal.Database.ScalarAsync<decimal>($"SELECT requested_amount FROM subsidy_applications WHERE id = {id}")).ShouldBe(200_000.50m);

        var url = $"/subsidies/applications/{id}";
        async Task<string> Version() => VersionPattern().Match(await dispatcher.GetStringAsync(url)).Groups[1].Value;

        // Bad input: a Chinese message, nothing saved, the typed amount kept.
        var tooMuch = await (await PostAsync(dispatcher, url, "approve", [F("Form.Version", await Version()), F("Form.Amount", "300000")])).Content.ReadAsStringAsync();
        Error(tooMuch).ShouldBe("批准金额不能超过申请金额200000.50元");
        tooMuch.ShouldContain("value=\"300000\"");
        var notMoney = await (await PostAsync(dispatcher, url, "approve", [F("Form.Version", await Version()), F("Form.Amount", "二十万")])).Content.ReadAsStringAsync();
        Error(notMoney).ShouldBe("批准金额须为数字，单位元，最多两位小数");
        // Notice before any approval is refused.
        var early = await PostAsync(dispatcher, $"/subsidies/{programId}", "notice-start",
            [F("Form.Version", VersionPattern().Match(await dispatcher.GetStringAsync($"/subsidies/{programId}")).Groups[1].Value)]);
        Error(await early.Content.ReadAsStringAsync()).ShouldBe("没有已批准的申请，无法公示");

        // Only 活动办 and administrators review: an official's or a supervisor's crafted post changes nothing.
        foreach (var reader in new[] { official, await portal.Factory.SignedInClientAsync("leader") })
        {
            var token = await reader.GetStringAsync(url);
            var denied = await PostAsync(reader, url, "approve", [F("Form.Version", VersionPattern().Match(await dispatcher.GetStringAsync(url)).Groups[1].Value), F("Form.Amount", "1000")]);
            denied.IsSuccessStatusCode.ShouldBeFalse();
            token.ShouldNotContain("data-testid=\"approve\"");
        }
        (await portal.Database.ScalarAsync<string>($"SELECT status FROM subsidy_applications WHERE id = {id}")).ShouldBe("Submitted");

        // A stale version loses with the concurrency message.
        var stale = await Version();
        (await PostAsync(dispatcher, url, "approve", [F("Form.Version", stale), F("Form.Amount", "180000")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var lost = await (await PostAsync(dispatcher, url, "reject", [F("Form.Version", stale), F("Form.Text", "材料不全")])).Content.ReadAsStringAsync();
        Error(lost).ShouldBe("已被他人更新，请刷新后重试");
        lost.ShouldContain("已批准");
        (await portal.Database.ScalarAsync<decimal>($"SELECT approved_total FROM subsidy_programs WHERE id = {programId}")).ShouldBe(180_000m);

        // The enterprise sees it approved, only its own.
        var enterprise = await portal.Factory.SignedInClientAsync("enterprise");
        (await enterprise.GetStringAsync("/portal/subsidies")).ShouldContain("专精特新奖励兑现");

        // 公示 starts; the public page needs no login and shows the name and amount only.
        var programPage = await dispatcher.GetStringAsync($"/subsidies/{programId}");
        (await PostAsync(dispatcher, $"/subsidies/{programId}", "notice-start", [F("Form.Version", VersionPattern().Match(programPage).Groups[1].Value)]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var anonymous = portal.Factory.CreatePortalClient();
        var publicPage = await anonymous.GetAsync($"/public/subsidies/{programId}");
        publicPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await publicPage.Content.ReadAsStringAsync();
        html.ShouldContain(enterpriseName);
        html.ShouldContain("180,000.00");
        html.ShouldContain($"{Day(0)} 至 {Day(6)}");
        html.ShouldNotContain(uscc);
        html.ShouldNotContain("200,000.50");
        html.ShouldNotContain(">退出<");
        (await enterprise.GetStringAsync("/portal/subsidies")).ShouldContain("公示中");

        // An objection during the notice, with who and what.
        (await PostAsync(dispatcher, url, "objection", [F("Form.Version", await Version()), F("Form.Text", "群众来电反映该企业存在欠薪问题")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<string>($"SELECT actor_name || '|' || text FROM subsidy_events WHERE application_id = {id} AND kind = 'Objection'"))
            .ShouldEndWith("|群众来电反映该企业存在欠薪问题");

        // The notice cannot end early; once its period is over it ends and the payment is recorded.
        var endEarly = await PostAsync(dispatcher, $"/subsidies/{programId}", "notice-end",
            [F("Form.Version", VersionPattern().Match(await dispatcher.GetStringAsync($"/subsidies/{programId}")).Groups[1].Value)]);
        Error(await endEarly.Content.ReadAsStringAsync()).ShouldBe($"公示期至{Day(6)}，期满后才能结束公示");
        await portal.Database.ExecuteAsync($"UPDATE subsidy_programs SET notice_from = notice_from - 8, notice_to = notice_to - 8 WHERE id = {programId}");
        (await PostAsync(dispatcher, $"/subsidies/{programId}", "notice-end",
            [F("Form.Version", VersionPattern().Match(await dispatcher.GetStringAsync($"/subsidies/{programId}")).Groups[1].Value)])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var overpaid = await PostAsync(dispatcher, url, "disburse", [F("Form.Version", await Version()), F("Form.Date", Day(0)), F("Form.Amount", "180000.01")]);
        Error(await overpaid.Content.ReadAsStringAsync()).ShouldBe("拨付金额不能超过批准金额180000.00元");
        (await PostAsync(dispatcher, url, "disburse", [F("Form.Version", await Version()), F("Form.Date", Day(0)), F("Form.Amount", "180000")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await portal.Database.ScalarAsync<string>($"SELECT status || '|' || disbursed_amount || '|' || disbursed_on FROM subsidy_applications WHERE id = {id}"))
            .ShouldBe($"Disbursed|180000.00|{Day(0)}");
        var portalPage = await enterprise.GetStringAsync("/portal/subsidies");
        portalPage.ShouldContain("已拨付");
        portalPage.ShouldContain("资金拨付");
        portalPage.ShouldNotContain("群众来电反映");
        var list = await dispatcher.GetStringAsync("/subsidies");
        list.ShouldContain("18万元");
    }

    [Fact]
    public async Task Mian_shen_ji_xiang_creates_applications_for_exactly_the_fitting_enterprises_once()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var programId = await CreateProgramAsync(dispatcher, "高企认定奖励免申即享", 10_000_000m, msjx: true, standard: "10000", policy: "新科工信发〔2026〕7号");
        var expected = $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code LIKE 'XH-T%' AND e.tags && ARRAY['high_tech','gazelle','unicorn']";
        var fitting = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM ({expected}) x");
        fitting.ShouldBeGreaterThan(0);

        var first = await PostAsync(dispatcher, $"/subsidies/{programId}", "auto", []);
        first.Headers.Location!.PathAndQuery.ShouldBe($"/subsidies/{programId}?done={fitting}");
        var second = await PostAsync(dispatcher, $"/subsidies/{programId}", "auto", []);
        second.Headers.Location!.PathAndQuery.ShouldBe($"/subsidies/{programId}?done=0");

        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM subsidy_applications WHERE program_id = {programId} AND automatic AND requested_amount = 10000"))
            .ShouldBe(fitting);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM (SELECT enterprise_id FROM subsidy_applications WHERE program_id = {programId} EXCEPT {expected}) x"))
            .ShouldBe(0);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM subsidy_events ev JOIN subsidy_applications a ON a.id = ev.application_id WHERE a.program_id = {programId} AND ev.kind = 'AutoCreated'"))
            .ShouldBe(fitting);
    }

    [Fact]
    public async Task The_portal_offers_the_open_programmes_of_the_enterprise_s_own_regions_only()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var programId = await CreateProgramAsync(dispatcher, "本区就业补助兑现", 100_000m);
        var own = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var town = await portal.Database.ScalarAsync<long>($"SELECT town_id FROM enterprises WHERE id = {own}");
        var elsewhere = await portal.Database.ScalarAsync<long>($"""
            SELECT o.id FROM org_units o, enterprises e WHERE e.id = {own} AND o.kind <> 'Department'
                AND e.region_path NOT LIKE o.path || '%' ORDER BY o.id LIMIT 1
            """);
        // The same programme copied to the enterprise's own town and to a region it is not in.
        foreach (var (region, name) in new[] { (town, "本镇稳岗补助兑现"), (elsewhere, "他处技改补助兑现") })
        {
            await portal.Database.ExecuteAsync($"""
                INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                              standard_amount, notice_days, stage, notice_from, notice_to, created_at, created_by_user_id)
                SELECT policy_id, {region}, '{name}', batch, budget, 0, apply_from, apply_to, mian_shen_ji_xiang, standard_amount, notice_days,
                       stage, notice_from, notice_to, created_at, created_by_user_id
                FROM subsidy_programs WHERE id = {programId}
                """);
        }
        var enterprise = await portal.Factory.SignedInClientAsync("enterprise");
        var page = await enterprise.GetStringAsync("/portal/subsidies");
        page.ShouldContain("本区就业补助兑现");
        page.ShouldContain("本镇稳岗补助兑现");
        page.ShouldNotContain("他处技改补助兑现");
    }

    [Fact]
    public async Task An_enterprise_sees_only_its_own_applications_and_applies_from_the_portal()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var programId = await CreateProgramAsync(dispatcher, "稳岗扩岗补助兑现", 300_000m);
        await InsertApplicationsAsync(programId, 3, 1_000m);
        var own = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        await portal.Database.ExecuteAsync($"DELETE FROM subsidy_applications WHERE program_id = {programId} AND enterprise_id = {own}");
        var others = await ListAsync($"SELECT id::text FROM subsidy_applications WHERE program_id = {programId}", long.Parse);
        var otherNames = await ListAsync($"SELECT e.name FROM subsidy_applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.program_id = {programId}", x => x);
        var enterprise = await portal.Factory.SignedInClientAsync("enterprise");

        var portalPage = await enterprise.GetStringAsync("/portal/subsidies");
        portalPage.ShouldContain("稳岗扩岗补助兑现");
        var bad = await PostAsync(enterprise, "/portal/subsidies", "apply", [F("Form.ProgramId", programId.ToString()), F("Form.Amount", "12.345")]);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("申请金额最多保留两位小数（精确到分）");
        var ok = await PostAsync(enterprise, "/portal/subsidies", "apply", [F("Form.ProgramId", programId.ToString()), F("Form.Amount", "8000")]);
        ok.Headers.Location!.PathAndQuery.ShouldBe("/portal/subsidies?applied=1");
        (await portal.Database.ScalarAsync<string>($"SELECT status || '|' || requested_amount FROM subsidy_applications WHERE program_id = {programId} AND enterprise_id = {own}"))
            .ShouldBe("Submitted|8000.00");

        var after = await enterprise.GetStringAsync("/portal/subsidies");
        after.ShouldContain("审核中");
        foreach (var name in otherNames) after.ShouldNotContain(name);
        foreach (var id in others)
        {
            (await enterprise.GetAsync($"/subsidies/applications/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await enterprise.GetAsync($"/subsidies/{programId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }
        // The enterprise can apply only for itself: another enterprise id in the form is out of its scope.
        var ownPortal = await PostAsync(enterprise, "/portal/subsidies", "apply", [F("Form.ProgramId", programId.ToString()), F("Form.Amount", "1")]);
        (await ownPortal.Content.ReadAsStringAsync()).ShouldContain("该企业已申报本项目");
    }

    [Fact]
    public async Task The_public_page_answers_404_before_the_notice_and_for_unknown_programmes()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var programId = await CreateProgramAsync(dispatcher, "尚未公示的项目", 1_000m);
        var anonymous = portal.Factory.CreatePortalClient();
        (await anonymous.GetAsync($"/public/subsidies/{programId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A bad new-programme form: a message next to each field, the typed text kept, nothing saved.
        var before = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM subsidy_programs");
        var bad = await PostAsync(dispatcher, "/subsidies/new", "program",
            [F("Form.Name", "错误的项目"), F("Form.Batch", "第一批"), F("Form.Budget", "1.999"), F("Form.ApplyFrom", Day(5)), F("Form.ApplyTo", Day(1)), F("Form.NoticeDays", "7")]);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await bad.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldBe(["请选择所属政策", "预算须为大于0的金额，单位元，最多两位小数", "申报截止日期不能早于开始日期"]);
        html.ShouldContain("value=\"1.999\"");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM subsidy_programs")).ShouldBe(before);
        (await anonymous.GetAsync("/public/subsidies/987654321")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Staff pages need a login.
        var response = await anonymous.GetAsync($"/subsidies/{programId}");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized, HttpStatusCode.Found);
    }
}
