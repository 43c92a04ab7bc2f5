using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Policies;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Policies;

/// <summary>Push review and push, deliveries read by the enterprise, figures, 适用政策 on the ledger, and scope.</summary>
public sealed partial class PolicyPushTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string DistrictEnterprises = "SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code LIKE 'XH-T%'";

    private Task<long> PolicyIdAsync(string documentNo) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM policies WHERE document_no = '{documentNo}'");

    private Task<long> CountAsync(string sql) => portal.Database.ScalarAsync<long>($"SELECT count(*) FROM ({sql}) x");

    private Task<long> DeliveriesAsync(long policyId) => CountAsync($"SELECT 1 FROM policy_pushes WHERE policy_id = {policyId}");

    private static string Figure(string html, string testId) =>
        Regex.Match(html, $"data-testid=\"{testId}\">([^<]*)<").Groups[1].Value;

    private static Task<HttpResponseMessage> PushAsync(HttpClient client, long policyId, params long[] excluded) =>
        PostAsync(client, $"/policies/{policyId}/push", "push", excluded.Select(x => F("Form.Excluded", x.ToString())));

    [Fact]
    public async Task The_review_counts_exactly_the_fitting_enterprises_of_the_district_and_a_push_delivers_to_them_once()
    {
        var id = await PolicyIdAsync("新科工信发〔2026〕7号");
        // Independently of the application: the firms of 新河区 tagged 高新技术企业, 瞪羚 or 独角兽.
        var expected = $"{DistrictEnterprises} AND e.tags && ARRAY['high_tech','gazelle','unicorn']";
        var fitting = await CountAsync(expected);
        fitting.ShouldBeGreaterThan(0);
        var client = await portal.Factory.SignedInClientAsync("dispatcher");

        var review = await client.GetStringAsync($"/policies/{id}/push");
        Figure(review, "fitting").ShouldBe(fitting.ToString());
        Figure(review, "to-push").ShouldBe(fitting.ToString());

        var response = await PushAsync(client, id);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.ShouldBe($"/policies/{id}?pushed={fitting}");
        (await CountAsync($"SELECT enterprise_id FROM policy_pushes WHERE policy_id = {id} EXCEPT {expected}")).ShouldBe(0);
        (await DeliveriesAsync(id)).ShouldBe(fitting);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM policy_pushes p JOIN users u ON u.id = p.pushed_by_user_id WHERE p.policy_id = {id} AND u.user_name = 'dispatcher' AND p.read_at IS NULL"))
            .ShouldBe(fitting);

        // Pushing again delivers nothing twice.
        var again = await PushAsync(client, id);
        again.Headers.Location!.PathAndQuery.ShouldBe($"/policies/{id}?pushed=0");
        (await DeliveriesAsync(id)).ShouldBe(fitting);
        var after = await client.GetStringAsync($"/policies/{id}/push");
        Figure(after, "already").ShouldBe(fitting.ToString());
        Figure(after, "to-push").ShouldBe("0");
    }

    [Fact]
    public async Task Concurrent_pushes_of_one_policy_deliver_to_each_enterprise_once()
    {
        var id = await PolicyIdAsync("新发改能源〔2026〕4号");
        var fitting = await CountAsync($"{DistrictEnterprises} AND e.scale_class = 'industry_above' AND e.industry_section IN ('C','D')");
        var a = await portal.Factory.SignedInClientAsync("dispatcher");
        var b = await portal.Factory.SignedInClientAsync("admin");

        var results = await Task.WhenAll(PushAsync(a, id), PushAsync(b, id), PushAsync(a, id));

        results.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Redirect);
        (await DeliveriesAsync(id)).ShouldBe(fitting);
        (await CountAsync($"SELECT enterprise_id FROM policy_pushes WHERE policy_id = {id} GROUP BY enterprise_id HAVING count(*) > 1")).ShouldBe(0);
    }

    [Fact]
    public async Task An_enterprise_left_out_of_the_review_is_not_pushed_until_it_is_included_again()
    {
        var id = await PolicyIdAsync("新商发〔2026〕6号");
        var fitting = await CountAsync($"{DistrictEnterprises} AND 'foreign_trade' = ANY(e.tags)");
        var left = await portal.Database.ScalarAsync<long>($"{DistrictEnterprises} AND 'foreign_trade' = ANY(e.tags) ORDER BY e.id LIMIT 1");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");

        var review = await client.GetStringAsync($"/policies/{id}/push?x={left}");
        Figure(review, "excluded").ShouldBe("1");
        Figure(review, "to-push").ShouldBe((fitting - 1).ToString());
        (await PushAsync(client, id, left)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await DeliveriesAsync(id)).ShouldBe(fitting - 1);
        (await CountAsync($"SELECT 1 FROM policy_pushes WHERE policy_id = {id} AND enterprise_id = {left}")).ShouldBe(0);

        (await PushAsync(client, id)).Headers.Location!.PathAndQuery.ShouldBe($"/policies/{id}?pushed=1");
        (await DeliveriesAsync(id)).ShouldBe(fitting);
    }

    [Fact]
    public async Task An_expired_policy_is_not_pushed()
    {
        var id = await PolicyIdAsync("新住建发〔2025〕9号");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");

        var response = await PushAsync(client, id);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("该政策已失效，不能推送。");
        (await DeliveriesAsync(id)).ShouldBe(0);
    }

    [Fact]
    public async Task An_enterprise_user_reads_its_pushed_policy_once_and_sees_no_other()
    {
        var enterprise = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var jobs = await PolicyIdAsync("新人社发〔2026〕5号");
        var notPushed = await PolicyIdAsync("新自然资发〔2026〕2号");
        var other = await portal.Database.ScalarAsync<long>($"{DistrictEnterprises} AND e.id <> {enterprise} ORDER BY e.id LIMIT 1");
        await portal.Database.ExecuteAsync($"""
            INSERT INTO policy_pushes (policy_id, enterprise_id, pushed_at, pushed_by_user_id)
            VALUES ({notPushed}, {other}, now(), (SELECT id FROM users WHERE user_name = 'dispatcher'))
            """);
        await portal.Database.ExecuteAsync($"""
            INSERT INTO policy_attachments (policy_id, file_name, content_type, size_bytes, content, uploaded_at)
            VALUES ({notPushed}, '用地申请表.pdf', 'application/pdf', 3, '\x010203'::bytea, now())
            """);
        var attachment = await portal.Database.ScalarAsync<long>($"SELECT id FROM policy_attachments WHERE policy_id = {notPushed}");
        var client = await portal.Factory.SignedInClientAsync("enterprise");

        var page = await client.GetAsync($"/portal/policies/{jobs}");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain("关于做好2026年稳岗返还和扩岗补助工作的通知");
        var readAt = await portal.Database.ScalarAsync<DateTime>($"SELECT read_at FROM policy_pushes WHERE policy_id = {jobs} AND enterprise_id = {enterprise}");
        await client.GetAsync($"/portal/policies/{jobs}");
        (await portal.Database.ScalarAsync<DateTime>($"SELECT read_at FROM policy_pushes WHERE policy_id = {jobs} AND enterprise_id = {enterprise}")).ShouldBe(readAt);

        var hidden = await client.GetAsync($"/portal/policies/{notPushed}");
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await hidden.Content.ReadAsStringAsync()).ShouldNotContain("工业用地");
        (await client.GetAsync($"/portal/policies/{notPushed}/attachments/{attachment}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM policy_pushes WHERE policy_id = {notPushed} AND read_at IS NOT NULL")).ShouldBe(0);
        // The library pages are not for enterprise users at all.
        (await client.GetAsync($"/policies/{jobs}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_portal_query_lists_only_the_users_own_deliveries()
    {
        var enterprise = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var other = await portal.Database.ScalarAsync<long>($"{DistrictEnterprises} AND e.id <> {enterprise} ORDER BY e.id DESC LIMIT 1");
        var policy = await PolicyIdAsync("新审批发〔2026〕3号");
        await portal.Database.ExecuteAsync($"""
            INSERT INTO policy_pushes (policy_id, enterprise_id, pushed_at, pushed_by_user_id)
            VALUES ({policy}, {other}, now(), (SELECT id FROM users WHERE user_name = 'dispatcher')) ON CONFLICT DO NOTHING
            """);
        using var scope = portal.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.OfEnterprise(enterprise);
        var queries = scope.ServiceProvider.GetRequiredService<PolicyQueries>();

        var own = await queries.PushedToAsync(enterprise);
        var others = await queries.PushedToAsync(other);

        own.Select(p => p.DocumentNo).ShouldContain("新人社发〔2026〕5号");
        others.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_figures_count_policies_pushed_and_enterprises_reached_in_the_period()
    {
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        await PushAsync(client, await PolicyIdAsync("新金发〔2026〕2号"));
        await portal.Database.ExecuteAsync($"""
            INSERT INTO policy_pushes (policy_id, enterprise_id, pushed_at, pushed_by_user_id)
            SELECT (SELECT id FROM policies WHERE document_no = '新税发〔2026〕1号'), e.id, now() - interval '3 years', (SELECT id FROM users WHERE user_name = 'admin')
            FROM ({DistrictEnterprises} ORDER BY e.id LIMIT 5) e ON CONFLICT DO NOTHING
            """);
        var yearStart = $"date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'";

        var year = await client.GetStringAsync("/policies");
        var all = await client.GetStringAsync("/policies?period=all");

        Figure(year, "figure-policies").ShouldBe((await portal.Database.ScalarAsync<long>($"SELECT count(DISTINCT policy_id) FROM policy_pushes WHERE pushed_at >= {yearStart}")).ToString());
        Figure(year, "figure-enterprises").ShouldBe((await portal.Database.ScalarAsync<long>($"SELECT count(DISTINCT enterprise_id) FROM policy_pushes WHERE pushed_at >= {yearStart}")).ToString());
        Figure(all, "figure-deliveries").ShouldBe((await portal.Database.ScalarAsync<long>("SELECT count(*) FROM policy_pushes")).ToString());
        int.Parse(Figure(all, "figure-policies")).ShouldBeGreaterThan(int.Parse(Figure(year, "figure-policies")) - 1);
        Figure(all, "figure-enterprises").ShouldBe((await portal.Database.ScalarAsync<long>("SELECT count(DISTINCT enterprise_id) FROM policy_pushes")).ToString());
    }

    [Fact]
    public async Task The_ledger_lists_the_policies_in_effect_that_fit_the_enterprise()
    {
        // A foreign-trade firm without the 专精特新 tag, founded long ago, in 城关街道 (the demo official's street).
        var firm = await portal.Database.ScalarAsync<long>("""
            SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id
            WHERE o.code = 'XH-T01' AND 'foreign_trade' = ANY(e.tags) AND NOT 'specialized' = ANY(e.tags) ORDER BY e.id LIMIT 1
            """);
        var client = await portal.Factory.SignedInClientAsync("official");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/enterprises/{firm}/ledger"));

        var section = html[html.IndexOf("data-testid=\"ledger-policies\"", StringComparison.Ordinal)..];
        section.ShouldContain("适用政策");
        section.ShouldContain("关于支持外贸企业稳订单拓市场的若干措施");
        section.ShouldContain("关于做好2026年稳岗返还和扩岗补助工作的通知");
        section.ShouldNotContain("新河区支持专精特新中小企业高质量发展的若干措施");
        // Expired and not yet in effect: not listed.
        section.ShouldNotContain("新河区国有房屋租金减免实施细则");
        section.ShouldNotContain("新河区促进消费恢复提振的若干措施");
    }

    [Fact]
    public async Task The_ledger_export_has_a_sheet_of_the_fitting_policies()
    {
        var firm = await portal.Database.ScalarAsync<long>("""
            SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id
            WHERE o.code = 'XH-T01' AND 'foreign_trade' = ANY(e.tags) ORDER BY e.id LIMIT 1
            """);
        var name = await portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {firm}");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");

        var bytes = await client.GetByteArrayAsync($"/enterprises/{firm}/ledger.xlsx");

        XlsxBook.SchemaErrors(bytes).ShouldBeEmpty();
        var sheet = XlsxBook.Read(bytes).Single(s => s.Name == "适用政策");
        sheet.Rows[0][0].Text.ShouldBe($"一企一台账：{name}");
        sheet.Texts(2, 7).ShouldBe(["政策标题", "文号", "发文单位", "政策类别", "生效日期", "失效日期", "推送情况"]);
        sheet.Rows.Skip(3).Select(r => r[0].Text).ShouldContain("关于支持外贸企业稳订单拓市场的若干措施");
    }

    [Fact]
    public async Task A_policy_of_another_district_answers_404_by_url_and_by_form_post()
    {
        var id = await OtherDistrictPolicyAsync();
        var official = await portal.Factory.SignedInClientAsync("official");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var own = await PolicyIdAsync("新政办发〔2026〕3号");

        foreach (var url in new[] { $"/policies/{id}", $"/policies/{id}/edit", $"/policies/{id}/push" })
        {
            var response = await dispatcher.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("东城区秘密扶持政策");
        }
        (await official.GetAsync($"/policies/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await dispatcher.GetStringAsync("/policies?q=" + Uri.EscapeDataString("秘密扶持"))).ShouldContain("共 0 项政策");

        // A real form of an own policy, aimed at the other district's.
        var token = Regex.Match(await dispatcher.GetStringAsync($"/policies/{own}/push"), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var push = await dispatcher.PostAsync($"/policies/{id}/push", new FormUrlEncodedContent(
            [new("_handler", "push"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]));
        push.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var edit = await dispatcher.PostAsync($"/policies/{id}/edit", new FormUrlEncodedContent(
            [new("_handler", "policy"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("Model.Title", "改掉")]));
        edit.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await portal.Database.ScalarAsync<string>($"SELECT title FROM policies WHERE id = {id}")).ShouldBe("东城区秘密扶持政策");
        (await DeliveriesAsync(id)).ShouldBe(0);

        // The administrator sees every district.
        (await (await portal.Factory.SignedInClientAsync("admin")).GetAsync($"/policies/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private async Task<long> OtherDistrictPolicyAsync()
    {
        var existing = await portal.Database.ScalarAsync<long?>("SELECT id FROM policies WHERE title = '东城区秘密扶持政策'");
        if (existing is { } found) return found;
        var city = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'JC'");
        var district = await portal.Database.ScalarAsync<long>($"""
            INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC', '东城区', 'District', {city}, '/', 2) RETURNING id
            """);
        await portal.Database.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {city}) || id || '/' WHERE id = {district}");
        var department = await portal.Database.ScalarAsync<long>($"""
            INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC-D01', '东城区商务局', 'Department', {district}, '/', 1) RETURNING id
            """);
        await portal.Database.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {district}) || id || '/' WHERE id = {department}");
        return await portal.Database.ScalarAsync<long>($"""
            INSERT INTO policies (title, document_no, issuing_department_id, region_id, category, effective_from, clauses, implementing_rules,
                                  mian_shen_ji_xiang, eligible_scale_classes, eligible_industry_sections, eligible_tags, eligible_town_ids,
                                  search_text, created_at, updated_at)
            VALUES ('东城区秘密扶持政策', '东商发〔2026〕1号', {department}, {district}, 'Other', '2026-01-01', ARRAY[]::text[], ARRAY[]::text[], false,
                    ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::bigint[], '东城区秘密扶持政策', now(), now()) RETURNING id
            """);
    }
}
