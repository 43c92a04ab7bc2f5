using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>The problem workflow through the pages, as each role would click it: 登记 → 交办 → 签收 → 协办 → 办结 → 评价 → 销号.</summary>
public sealed partial class ProblemWorkflowTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string CoHandlerUser = "caizheng";

    private Task<long> EnterpriseOfEnterpriseUserAsync() =>
        portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");

    private Task<long> CommerceAsync() =>
        portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%商务局'");

    private Task<long> FinanceAsync() =>
        portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%财政局'");

    private Task<string> VersionAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM problems WHERE id = {id}");

    private Task<string> StatusAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT status FROM problems WHERE id = {id}");

    private Task<long> EventCountAsync(long id) => portal.Database.ScalarAsync<long>($"SELECT count(*) FROM problem_events WHERE problem_id = {id}");

    private static string Deadline() => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(14).ToString("yyyy-MM-dd");

    private async Task<long> RegisterAsync(string title)
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var enterpriseId = await EnterpriseOfEnterpriseUserAsync();
        var response = await PostAsync(official, $"/enterprises/{enterpriseId}/problems/new", "problem-register",
        [
            F("Model.Category", "energy"), F("Model.Urgency", "ordinary"), F("Model.Source", "Visit"),
            F("Model.Title", title), F("Model.Description", "企业反映二期厂房用电增容申请已提交两个月，至今未批复。"),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(ProblemLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    private async Task<HttpResponseMessage> ActAsync(HttpClient client, long id, string form, params KeyValuePair<string, string>[] fields) =>
        await PostAsync(client, $"/problems/{id}", form, [F("Version", await VersionAsync(id)), .. fields]);

    private async Task DispatchAsync(long id)
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var response = await ActAsync(dispatcher, id, "problem-dispatch",
            F("LeadId", (await CommerceAsync()).ToString()), F("CoHandlerIds", (await FinanceAsync()).ToString()), F("Deadline", Deadline()));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpClient> CoHandlerClientAsync()
    {
        using (var scope = portal.Factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync(CoHandlerUser) is null)
            {
                var user = new AppUser
                {
                    UserName = CoHandlerUser, DisplayName = "区财政局经办人", OrgUnitId = await FinanceAsync(), CreatedAt = DateTimeOffset.UtcNow,
                };
                (await users.CreateAsync(user, PortalFactory.DemoPassword)).Succeeded.ShouldBeTrue();
                (await users.AddToRoleAsync(user, PortalRoles.DepartmentHandler)).Succeeded.ShouldBeTrue();
            }
        }
        return await portal.Factory.SignedInClientAsync(CoHandlerUser);
    }

    [Fact]
    public async Task A_problem_goes_from_registration_to_closing_and_the_timeline_has_every_step()
    {
        var id = await RegisterAsync("二期厂房用电增容迟迟未批复");
        (await StatusAsync(id)).ShouldBe("Reported");

        var dispatcherPage = await (await portal.Factory.SignedInClientAsync("dispatcher")).GetStringAsync($"/problems/{id}");
        dispatcherPage.ShouldContain("name=\"LeadId\"");
        await DispatchAsync(id);
        (await StatusAsync(id)).ShouldBe("Assigned");

        var handler = await portal.Factory.SignedInClientAsync("handler");
        var coHandler = await CoHandlerClientAsync();

        (await ActAsync(handler, id, "problem-accept")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(id)).ShouldBe("InProgress");

        // The co-handler's handler may not resolve; the lead may not either while co-handling is open.
        var refused = await ActAsync(coHandler, id, "problem-resolve", F("Text", "已协调完毕"));
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("只有牵头单位");
        var early = await ActAsync(handler, id, "problem-resolve", F("Text", "已协调供电公司完成增容"));
        (await early.Content.ReadAsStringAsync()).ShouldContain("个协办单位未完成协办");
        (await StatusAsync(id)).ShouldBe("InProgress");

        (await ActAsync(coHandler, id, "problem-finishcohandling", F("Text", "增容配套资金已落实"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await ActAsync(handler, id, "problem-resolve", F("Text", "已协调供电公司完成增容"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await StatusAsync(id)).ShouldBe("Resolved");

        var enterprise = await portal.Factory.SignedInClientAsync("enterprise");
        (await ActAsync(enterprise, id, "problem-rate", F("Satisfaction", "Satisfied"), F("Text", "办理及时"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        (await ActAsync(dispatcher, id, "problem-close")).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await StatusAsync(id)).ShouldBe("Closed");
        (await portal.Database.ScalarAsync<string>($"SELECT string_agg(kind, ',' ORDER BY id) FROM problem_events WHERE problem_id = {id}"))
            .ShouldBe("Registered,Dispatched,Accepted,CoHandlerFinished,Resolved,Rated,Closed");
        var page = await dispatcher.GetStringAsync($"/problems/{id}");
        page.ShouldContain("已销号");
        page.ShouldContain("销号");
        page.ShouldContain("签收");

        var list = await dispatcher.GetStringAsync("/problems?status=Closed");
        list.ShouldContain($"/problems/{id}\"");
    }

    [Fact]
    public async Task A_return_without_a_reason_is_refused_in_Chinese_and_saves_nothing()
    {
        var id = await RegisterAsync("招工难需要人社部门协助");
        await DispatchAsync(id);
        var events = await EventCountAsync(id);
        var handler = await portal.Factory.SignedInClientAsync("handler");

        var response = await ActAsync(handler, id, "problem-return", F("Text", ""));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请填写退回理由");
        (await StatusAsync(id)).ShouldBe("Assigned");
        (await EventCountAsync(id)).ShouldBe(events);
    }

    [Fact]
    public async Task A_stale_form_is_refused_and_the_current_state_is_shown()
    {
        var id = await RegisterAsync("物流园区道路破损影响运输");
        var seen = await VersionAsync(id);
        await DispatchAsync(id);
        var events = await EventCountAsync(id);
        var handler = await portal.Factory.SignedInClientAsync("handler");

        var response = await PostAsync(handler, $"/problems/{id}", "problem-accept", [F("Version", seen)]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("已交办");
        (await StatusAsync(id)).ShouldBe("Assigned");
        (await EventCountAsync(id)).ShouldBe(events);
    }

    [GeneratedRegex(@"/problems/(\d+)")]
    private static partial Regex ProblemLink();
}
