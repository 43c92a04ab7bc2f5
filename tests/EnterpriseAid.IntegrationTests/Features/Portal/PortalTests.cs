using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Portal;

/// <summary>企业服务: the enterprise user's home and its own 诉求, which enter the problem workflow from the portal.</summary>
public sealed partial class PortalTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private Task<long> EnterpriseOfEnterpriseUserAsync() =>
        portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");

    [Fact]
    public async Task The_enterprise_sees_its_name_its_problems_and_the_policies_pushed_to_it()
    {
        var client = await portal.Factory.SignedInClientAsync("enterprise");
        var enterprise = await EnterpriseOfEnterpriseUserAsync();
        var name = await portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {enterprise}");
        var pushed = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM policy_pushes WHERE enterprise_id = {enterprise}");

        var html = await client.GetStringAsync("/portal");

        html.ShouldContain(WebUtility.HtmlEncode(name));
        Regex.Matches(Regex.Match(html, "data-testid=\"policies\".*?</ul>", RegexOptions.Singleline).Value, "<li ").Count.ShouldBe((int)pushed);
        var open = await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM problems WHERE enterprise_id = {enterprise} AND status IN ('Reported', 'Assigned', 'InProgress')");
        Regex.Match(html, "data-count=\"in-progress\">(\\d+)<").Groups[1].Value.ShouldBe(open.ToString());
    }

    [Fact]
    public async Task A_request_from_the_portal_enters_the_workflow_as_the_enterprises_own()
    {
        var client = await portal.Factory.SignedInClientAsync("enterprise");
        var response = await PostAsync(client, "/portal/problems/new", "portal-problem",
        [
            F("Model.Category", "funding"), F("Model.Urgency", "ordinary"),
            // A forged source is ignored: a request from the portal is a portal request.
            F("Model.Source", "Visit"),
            F("Model.Title", "流动资金贷款到期续贷困难"), F("Model.Description", "企业一笔500万元流动资金贷款下月到期，银行提出压降额度，希望协调续贷。"),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = long.Parse(Regex.Match(response.Headers.Location!.OriginalString, "/problems/(\\d+)").Groups[1].Value);
        (await portal.Database.ScalarAsync<string>($"SELECT source || ':' || status || ':' || enterprise_id FROM problems WHERE id = {id}"))
            .ShouldBe($"EnterprisePortal:Reported:{await EnterpriseOfEnterpriseUserAsync()}");
        (await client.GetStringAsync("/portal")).ShouldContain("流动资金贷款到期续贷困难");
        // The dispatcher finds it among the problems to dispatch (待交办).
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        (await dispatcher.GetStringAsync("/my/tasks")).ShouldContain("流动资金贷款到期续贷困难");
    }

    [Fact]
    public async Task A_request_without_a_title_is_refused_in_Chinese_and_nothing_is_saved()
    {
        var client = await portal.Factory.SignedInClientAsync("enterprise");
        var before = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM problems");
        var response = await PostAsync(client, "/portal/problems/new", "portal-problem",
            [F("Model.Category", "funding"), F("Model.Urgency", "ordinary"), F("Model.Title", ""), F("Model.Description", "描述内容")]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("data-testid=\"refused\"");
        html.ShouldContain("描述内容");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM problems")).ShouldBe(before);
    }

    [Theory]
    [InlineData("official")]
    [InlineData("dispatcher")]
    public async Task Staff_do_not_open_the_enterprise_portal(string user)
    {
        var client = await portal.Factory.SignedInClientAsync(user);
        (await client.GetAsync("/portal")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/portal/problems/new")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
