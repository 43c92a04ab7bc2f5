using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Tasks;

/// <summary>我的待办 of each role, over a known set of problems in every state that puts them on some list.</summary>
public sealed partial class MyTasksTests(MyTasksTests.Fixture fx) : IClassFixture<MyTasksTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public PortalFixture Portal { get; } = new();
        public Dictionary<string, long> P { get; } = [];

        private long _official, _dispatcher, _handler, _enterpriseUser;
        private long _commerce, _finance;
        private string _commerceName = "", _financeName = "";
        private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
        private DateOnly Today => DateOnly.FromDateTime(_now.UtcDateTime.AddHours(8));

        public async Task InitializeAsync()
        {
            await Portal.InitializeAsync();
            var db = Portal.Database;
            _official = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'official'");
            // The demo seed makes the official 联络员 of several enterprises; this data set decides which (none yet).
            await db.ExecuteAsync($"DELETE FROM assignments WHERE user_id = {_official}");
            _dispatcher = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'dispatcher'");
            _handler = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'handler'");
            _enterpriseUser = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'enterprise'");
            _commerce = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%商务局'");
            _finance = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%财政局'");
            _commerceName = await db.ScalarAsync<string>($"SELECT name FROM org_units WHERE id = {_commerce}");
            _financeName = await db.ScalarAsync<string>($"SELECT name FROM org_units WHERE id = {_finance}");
            var own = await db.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
            var neighbour = await db.ScalarAsync<long>(
                $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' AND e.id <> {own} ORDER BY e.id LIMIT 1");
            var otherTown = await db.ScalarAsync<long>(
                "SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code <> 'XH-T01' AND o.kind IN ('Town', 'Street') ORDER BY e.id LIMIT 1");

            var lead = new DepartmentRef(_commerce, _commerceName);
            var finance = new DepartmentRef(_finance, _financeName);
            var ago = _now.AddDays(-30);

            P["toDispatch"] = await AddAsync(own, "待交办：用工缺口", _ => { });
            P["onSpot"] = await AddAsync(own, "待评价：政策咨询", p => p.SolveOnSpot("现场讲解政策", Official, _now));
            P["returned"] = await AddAsync(own, "被退回：跨部门事项", p =>
            {
                p.Dispatch(lead, null, Today.AddDays(10), Dispatcher, _now);
                p.Return("不属于本单位职责范围", Handler, _now);
            });
            P["toAccept"] = await AddAsync(own, "待签收：贷款对接", p => p.Dispatch(lead, null, Today.AddDays(20), Dispatcher, _now));
            P["dueSoon"] = await AddAsync(own, "即将到期：展会补贴", p =>
            {
                p.Dispatch(lead, null, Today, Dispatcher, _now);
                p.Accept(Handler, _now);
            });
            P["overdue"] = await AddAsync(own, "已逾期：物流通道", p =>
            {
                p.Dispatch(lead, null, Today.AddDays(-10), Dispatcher, ago);
                p.Accept(Handler, ago);
            }, at: ago);
            P["extension"] = await AddAsync(own, "延期待批：外贸结汇", p =>
            {
                p.Dispatch(lead, null, Today.AddDays(14), Dispatcher, _now);
                p.Accept(Handler, _now);
                p.RequestExtension(Today.AddDays(40), "需要等待外汇管理部门答复", Handler, _now);
            });
            P["coHandling"] = await AddAsync(own, "协办：资金贴息", p =>
            {
                p.Dispatch(finance, [lead], Today.AddDays(14), Dispatcher, _now);
                p.Accept(new ActorContext(new Actor(_dispatcher, "区财政局经办人", _finance)), _now);
            });
            P["coFinished"] = await AddAsync(own, "协办已完成：税费减免", p =>
            {
                p.Dispatch(finance, [lead], Today.AddDays(14), Dispatcher, _now);
                p.Accept(new ActorContext(new Actor(_dispatcher, "区财政局经办人", _finance)), _now);
                p.FinishCoHandling("已完成协办", Handler, _now);
            });
            P["toClose"] = await AddAsync(own, "待销号：证照办理", p =>
            {
                p.SolveOnSpot("当场办结", Official, _now);
                p.Rate(Satisfaction.Satisfied, "满意", Enterprise, _now);
            });
            P["closed"] = await AddAsync(own, "已销号：停车位", p =>
            {
                p.SolveOnSpot("当场协调", Official, _now);
                p.Rate(Satisfaction.BasicallySatisfied, null, Enterprise, _now);
                p.Close(Dispatcher, _now);
            });
            P["neighbourResolved"] = await AddAsync(neighbour, "邻企待评价：用电报装", p => p.SolveOnSpot("现场受理", new ActorContext(new Actor(_dispatcher, "活动办", null)) { IsDispatcher = true }, _now),
                registeredBy: _dispatcher);
            P["otherTownOverdue"] = await AddAsync(otherTown, "外镇逾期：道路修缮", p =>
            {
                p.Dispatch(lead, null, Today.AddDays(-10), Dispatcher, ago);
                p.Accept(Handler, ago);
            }, at: ago);
            P["reopenedTwice"] = await AddAsync(own, "两次不满意：噪声扰民", p =>
            {
                p.Dispatch(lead, null, Today.AddDays(20), Dispatcher, _now);
                p.Accept(Handler, _now);
                for (var i = 0; i < 2; i++)
                {
                    p.Resolve("已处理", Handler, _now);
                    p.Rate(Satisfaction.Unsatisfied, "问题依旧", Enterprise, _now);
                }
            });
        }

        private ActorContext Official => new(new Actor(_official, "城关街道包联干部", null)) { IsOfficial = true };
        private ActorContext Dispatcher => new(new Actor(_dispatcher, "活动办", null)) { IsDispatcher = true };
        private ActorContext Handler => new(new Actor(_handler, "区商务局经办人", _commerce));
        private ActorContext Enterprise => new(new Actor(_enterpriseUser, "企业用户", null)) { IsEnterpriseOwner = true };

        /// <summary>Registers a problem (by the official unless said otherwise), takes it through the steps, saves it.</summary>
        private async Task<long> AddAsync(long enterpriseId, string title, Action<Problem> steps, long? registeredBy = null, DateTimeOffset? at = null)
        {
            await using var scope = Portal.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Scope = DataScope.Everything;
            var when = at ?? _now;
            var number = await ProblemNumbers.NextAsync(db, when.Year);
            var by = registeredBy ?? _official;
            var problem = Problem.Register(number, enterpriseId, null, "other", Urgency.Ordinary, ProblemSource.Visit, title,
                title + "的详细情况", new Actor(by, by == _official ? "城关街道包联干部" : "活动办", null), when);
            steps(problem);
            db.Problems.Add(problem);
            await db.SaveChangesAsync();
            return problem.Id;
        }

        public Task DisposeAsync() => Portal.DisposeAsync();
    }

    private async Task<Dictionary<string, List<long>>> ListsAsync(string user)
    {
        var client = await fx.Portal.Factory.SignedInClientAsync(user);
        var response = await client.GetAsync("/my/tasks");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var lists = new Dictionary<string, List<long>>();
        foreach (Match section in Section().Matches(html))
        {
            var ids = ProblemId().Matches(section.Groups[3].Value).Select(m => long.Parse(m.Groups[1].Value)).ToList();
            int.Parse(section.Groups[2].Value).ShouldBe(ids.Count, $"the count of {section.Groups[1].Value}");
            lists[section.Groups[1].Value] = ids;
        }
        return lists;
    }

    private List<long> Ids(params string[] names) => names.Select(n => fx.P[n]).Order().ToList();

    private static void ShouldHave(Dictionary<string, List<long>> lists, string list, List<long> expected) =>
        lists[list].Order().ToList().ShouldBe(expected, $"list {list}");

    [Fact]
    public async Task The_dispatcher_sees_what_to_dispatch_reassign_approve_and_close()
    {
        var lists = await ListsAsync("dispatcher");

        lists.Keys.ShouldBe(["tasks-todispatch", "tasks-returned", "tasks-extensionrequests", "tasks-toclose"]);
        ShouldHave(lists, "tasks-todispatch", Ids("toDispatch"));
        ShouldHave(lists, "tasks-returned", Ids("returned"));
        ShouldHave(lists, "tasks-extensionrequests", Ids("extension"));
        ShouldHave(lists, "tasks-toclose", Ids("toClose"));
    }

    [Fact]
    public async Task The_department_handler_sees_what_to_accept_what_is_due_soon_or_late_and_the_co_handling_left()
    {
        var lists = await ListsAsync("handler");

        lists.Keys.ShouldBe(["tasks-toaccept", "tasks-duesoon", "tasks-overdue", "tasks-cohandling"]);
        ShouldHave(lists, "tasks-toaccept", Ids("toAccept"));
        ShouldHave(lists, "tasks-duesoon", Ids("dueSoon"));
        // Late by the deadline, and red after two reopenings although the deadline is far: one flag definition.
        ShouldHave(lists, "tasks-overdue", Ids("overdue", "otherTownOverdue", "reopenedTwice"));
        ShouldHave(lists, "tasks-cohandling", Ids("coHandling"));

        var client = await fx.Portal.Factory.SignedInClientAsync("handler");
        var html = await client.GetStringAsync("/my/tasks");
        Regex.IsMatch(html, $"data-problem-id=\"{fx.P["dueSoon"]}\">.*?data-flag=\"blue\"", RegexOptions.Singleline).ShouldBeTrue();
        Regex.IsMatch(html, $"data-problem-id=\"{fx.P["reopenedTwice"]}\">.*?data-flag=\"red\"", RegexOptions.Singleline).ShouldBeTrue();
        // The menu badge counts each problem once.
        (await client.GetStringAsync("/my/tasks/count")).ShouldContain(">6</span>");
    }

    [Fact]
    public async Task The_official_sees_what_to_rate_and_their_late_problems_within_their_street_and_enterprises()
    {
        var lists = await ListsAsync("official");

        lists.Keys.ShouldBe(["tasks-torate", "tasks-myoverdue"]);
        ShouldHave(lists, "tasks-torate", Ids("onSpot"));
        // Registered by the official too, but in another town: outside the official's scope.
        ShouldHave(lists, "tasks-myoverdue", Ids("overdue", "reopenedTwice"));

        // Once the official is the neighbour's 联络员, that enterprise's resolved problem is theirs to rate as well.
        var official = await fx.Portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'official'");
        var neighbour = await fx.Portal.Database.ScalarAsync<long>($"SELECT enterprise_id FROM problems WHERE id = {fx.P["neighbourResolved"]}");
        await fx.Portal.Database.ExecuteAsync($"""
            INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at) VALUES ({neighbour}, 'liaison', {official}, current_date - 1, now())
            """);
        try
        {
            ShouldHave(await ListsAsync("official"), "tasks-torate", Ids("onSpot", "neighbourResolved"));
        }
        finally
        {
            await fx.Portal.Database.ExecuteAsync($"DELETE FROM assignments WHERE user_id = {official}");
        }
    }

    [Fact]
    public async Task The_enterprise_sees_only_its_own_resolved_problems_to_rate()
    {
        var lists = await ListsAsync("enterprise");

        lists.Keys.ShouldBe(["tasks-torate"]);
        ShouldHave(lists, "tasks-torate", Ids("onSpot"));
    }

    [Fact]
    public async Task The_supervisor_sees_every_late_problem_of_the_district()
    {
        var lists = await ListsAsync("leader");

        lists.Keys.ShouldBe(["tasks-overdueinscope"]);
        ShouldHave(lists, "tasks-overdueinscope", Ids("overdue", "otherTownOverdue", "reopenedTwice"));
    }

    [Fact]
    public async Task Every_role_has_the_menu_entry_and_the_home_page_summarises_the_lists()
    {
        foreach (var user in new[] { "admin", "leader", "dispatcher", "official", "handler" })
        {
            var client = await fx.Portal.Factory.SignedInClientAsync(user);
            var home = await client.GetStringAsync("/");
            home.ShouldContain("href=\"/my/tasks\"", customMessage: user);
            home.ShouldContain("hx-get=\"/my/tasks/count\"", customMessage: user);
            home.ShouldContain("data-testid=\"task-summary\"", customMessage: user);
        }
        var handler = await fx.Portal.Factory.SignedInClientAsync("handler");
        var summary = await handler.GetStringAsync("/");
        summary.ShouldContain("共6个问题待处理");
        summary.ShouldContain("href=\"/my/tasks#tasks-toaccept\"");

        var enterprise = await fx.Portal.Factory.SignedInClientAsync("enterprise");
        (await enterprise.GetStringAsync("/my/tasks")).ShouldContain("href=\"/my/tasks\"");
    }

    [GeneratedRegex("<section[^>]*data-testid=\"(tasks-[a-z]+)\" data-count=\"(\\d+)\">(.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex Section();

    [GeneratedRegex("data-problem-id=\"(\\d+)\"")]
    private static partial Regex ProblemId();
}
