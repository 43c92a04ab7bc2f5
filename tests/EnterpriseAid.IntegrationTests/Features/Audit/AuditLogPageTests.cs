using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Audit;

/// <summary>/admin/audit against the demo district, whose seeding and sign-ins fill the log.</summary>
public sealed partial class AuditLogPageTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private Task<HttpClient> AdminClientAsync() => portal.Factory.SignedInClientAsync("admin");

    private static List<long> RowIds(string html) =>
        Row().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToList();

    private static string? Link(string html, string rel)
    {
        var m = Regex.Match(html, $"rel=\"{rel}\" href=\"([^\"]+)\"");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [Fact]
    public async Task The_administrator_sees_the_newest_entries_first_with_phone_numbers_masked()
    {
        var client = await AdminClientAsync();

        var response = await client.GetAsync("/admin/audit");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("审计日志");
        var ids = RowIds(html);
        ids.ShouldNotBeEmpty();
        ids.ShouldBe(ids.OrderByDescending(i => i).ToList());
        ids[0].ShouldBe(await portal.Database.ScalarAsync<long>("SELECT max(id) FROM audit_log"));
        // The seeded enterprises' contacts carry mobile numbers; the page shows none in full.
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE changes::text ~ '\"1[3-9][0-9]{9}\"'"))
            .ShouldBeGreaterThan(0);
        var all = await client.GetStringAsync("/admin/audit?type=Enterprise");
        all.ShouldContain("****");
        Mobile().IsMatch(all).ShouldBeFalse("a full mobile number is on the audit page");
    }

    [Fact]
    public async Task Paging_forward_and_back_returns_the_same_rows()
    {
        var client = await AdminClientAsync();
        var first = await client.GetStringAsync("/admin/audit");
        var next = Link(first, "next");
        next.ShouldNotBeNull("the seeded district fills more than one page");

        var second = await client.GetStringAsync(next);
        var back = await client.GetStringAsync(Link(second, "prev").ShouldNotBeNull());

        RowIds(second).ShouldNotBeEmpty();
        RowIds(second).Max().ShouldBeLessThan(RowIds(first).Min());
        RowIds(back).ShouldBe(RowIds(first));
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_bad_dates_are_refused_politely()
    {
        var client = await AdminClientAsync();

        var signIns = await client.GetStringAsync("/admin/audit?action=SignedIn&user=ADM");
        var enterprise = await portal.Database.ScalarAsync<long>("SELECT min(id) FROM enterprises");
        var oneRecord = await client.GetStringAsync($"/admin/audit?type=Enterprise&id={enterprise}");
        var future = await client.GetStringAsync("/admin/audit?from=2999-01-01");
        var badDate = await client.GetAsync("/admin/audit?from=2026-02-30&to=%00'--");

        Action().Matches(signIns).Select(m => m.Groups[1].Value).Distinct().ShouldBe(["SignedIn"]);
        RowIds(oneRecord).Count.ShouldBe((int)await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_log WHERE entity_type = 'Enterprise' AND entity_id = '{enterprise}'"));
        RowIds(oneRecord).ShouldNotBeEmpty();
        RowIds(future).ShouldBeEmpty();
        badDate.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await badDate.Content.ReadAsStringAsync()).ShouldContain("日期格式应为");
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("official")]
    [InlineData("enterprise")]
    public async Task Only_administrators_may_read_the_log(string user)
    {
        var client = await portal.Factory.SignedInClientAsync(user);

        var response = await client.GetAsync("/admin/audit");

        // Refused: the access-denied page, never the log.
        if (response.StatusCode == HttpStatusCode.Redirect)
            response.Headers.Location!.OriginalString.ShouldContain("/status/403");
        else
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("data-id=");
    }

    [Fact]
    public async Task A_change_made_through_the_portal_names_the_signed_in_user()
    {
        // The host as Program.cs sets it up once it registers the request-aware actor.
        await using var host = portal.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddAuditActor()));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost"),
        });
        (await PortalFactory.SignInAsync(client, "admin", PortalFactory.DemoPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var town = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind IN ('Town','Street') ORDER BY id LIMIT 1");

        var response = await PostAsync(client, "/enterprises/new", "enterprise",
        [
            F("Model.Uscc", Uscc.NewValid()), F("Model.Name", "审计署名测试有限公司"), F("Model.ScaleClass", "industry_above"),
            F("Model.IndustrySection", "C"), F("Model.TownId", town.ToString()), F("Model.Employees", "10"),
            F("Model.Contacts[0].Name", "李敏"), F("Model.Contacts[0].Phone", "13912345678"),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = await portal.Database.ScalarAsync<long>("SELECT id FROM enterprises WHERE name = '审计署名测试有限公司'");
        var admin = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'admin'");
        (await portal.Database.ScalarAsync<string>(
                $"SELECT action || ' ' || user_id || ' ' || user_name FROM audit_log WHERE entity_type = 'Enterprise' AND entity_id = '{id}'"))
            .ShouldBe($"Created {admin} admin");
        var page = await client.GetStringAsync($"/admin/audit?type=Enterprise&id={id}");
        page.ShouldContain("审计署名测试有限公司");
        page.ShouldContain("139****5678");
        page.ShouldNotContain("13912345678");
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var response = await portal.Factory.CreatePortalClient().GetAsync("/admin/audit");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/account/login");
    }

    [GeneratedRegex("<tr data-id=\"(\\d+)\"")]
    private static partial Regex Row();

    [GeneratedRegex("data-action=\"([A-Za-z]+)\"")]
    private static partial Regex Action();

    [GeneratedRegex("(?<!\\d)1[3-9]\\d{9}(?!\\d)")]
    private static partial Regex Mobile();
}
