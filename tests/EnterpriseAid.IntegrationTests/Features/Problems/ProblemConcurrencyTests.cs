using System.Collections.Concurrent;
using System.Security.Claims;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>
/// Many people acting on one problem at once, through <see cref="ProblemCommands"/> as the problem page calls it,
/// each on its own DbContext and connection. The clock stands still, so two saves can fall in the same tick.
/// </summary>
public sealed class ProblemConcurrencyTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private PortalFactory _factory = null!;
    private readonly TestClock _clock = new();

    public async Task InitializeAsync()
    {
        // Whole microseconds, as PostgreSQL stores them: a save in the same tick then writes the very value already stored.
        _clock.Advance(-TimeSpan.FromTicks(_clock.GetUtcNow().Ticks % 10));
        _database = await TestPostgres.CreateDatabaseAsync("conc");
        // A small pool: the test server is shared, and 100 callers queue for 20 connections like 100 requests would.
        _factory = new PortalFactory(_database.ConnectionString + ";Maximum Pool Size=20;Timeout=60", clock: _clock);
        _factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task One_hundred_concurrent_actions_on_one_problem_lose_none_and_corrupt_nothing()
    {
        var lead = await PrincipalAsync("handler");
        var finance = await DepartmentUserAsync("caizheng", "区财政局经办人", "财政局");
        var tax = await DepartmentUserAsync("shuiwu", "区税务局经办人", "税务局");
        var id = await InProgressProblemAsync(lead, "财政局", "税务局");
        var eventsBefore = await EventCountAsync(id);

        // 97 progress notes by the three departments, both co-handlers finishing, and the lead asking for more time.
        var actions = new List<Attempt>();
        var handlers = new[] { lead, finance, tax };
        for (var i = 0; i < 97; i++)
        {
            actions.Add(new Attempt(i, handlers[i % 3], ProblemAction.NoteProgress, $"第{i}条办理进展：已电话联系企业核实情况"));
        }
        actions.Add(new Attempt(97, finance, ProblemAction.FinishCoHandling, "第97条：财政贴息资金已落实"));
        actions.Add(new Attempt(98, tax, ProblemAction.FinishCoHandling, "第98条：税费缓缴已办理"));
        actions.Add(new Attempt(99, lead, ProblemAction.RequestExtension, "第99条：需等待省厅批复，申请延期"));
        var newDeadline = ChinaToday().AddDays(40);

        // Everyone opens the page at the same moment, then everyone presses the button.
        var firstWave = await FireAsync(id, actions, newDeadline, sameVersion: true);

        firstWave.Values.ShouldAllBe(r => r is ProblemResult.Saved || r is ProblemResult.Stale);
        firstWave.Values.Count(r => r is ProblemResult.Saved).ShouldBe(1, "one version seen by all: only one save may win");
        await EachLeftExactlyItsOwnEventsAsync(id, actions, firstWave);
        (await EventCountAsync(id)).ShouldBe(eventsBefore + 1);

        // The others refresh and try again, each at its own pace, until every action is recorded.
        var pending = actions.Where(a => firstWave[a.Number] is ProblemResult.Stale).ToList();
        var retries = await Task.WhenAll(pending.Select(a => RetryUntilSavedAsync(id, a, newDeadline)));
        retries.ShouldAllBe(r => r is ProblemResult.Saved);

        (await EventCountAsync(id)).ShouldBe(eventsBefore + 100);
        foreach (var action in actions)
        {
            (await CountAsync($"SELECT count(*) FROM problem_events WHERE problem_id = {id} AND detail = '{action.Text}'"))
                .ShouldBe(1, $"action {action.Number}");
        }
        (await CountAsync($"SELECT count(*) FROM problem_events WHERE problem_id = {id} AND kind = 'ProgressNoted'")).ShouldBe(97);

        // A legal state with consistent columns: in progress, accepted, both co-handlers done, one request waiting.
        (await _database.ScalarAsync<string>($"SELECT status FROM problems WHERE id = {id}")).ShouldBe("InProgress");
        (await CountAsync($"""
            SELECT count(*) FROM problems WHERE id = {id} AND accepted_at IS NOT NULL AND dispatched_at IS NOT NULL
              AND lead_department_id IS NOT NULL AND deadline IS NOT NULL AND resolved_at IS NULL AND resolution IS NULL
              AND closed_at IS NULL AND extension_new_deadline = '{newDeadline:yyyy-MM-dd}' AND extension_reason IS NOT NULL
              AND extension_requested_by_user_id IS NOT NULL AND extension_requested_at IS NOT NULL
            """)).ShouldBe(1);
        (await CountAsync($"SELECT count(*) FROM problem_co_handlers WHERE problem_id = {id} AND finished AND finished_at IS NOT NULL AND note IS NOT NULL"))
            .ShouldBe(2);
        (await CountAsync($"SELECT count(*) FROM problem_co_handlers WHERE problem_id = {id}")).ShouldBe(2);
    }

    [Fact]
    public async Task Competing_accepts_and_returns_leave_exactly_one_winner_and_a_consistent_problem()
    {
        var lead = await PrincipalAsync("handler");
        var dispatcher = await PrincipalAsync("dispatcher");
        var id = await AssignedProblemAsync(dispatcher, "财政局");
        var eventsBefore = await EventCountAsync(id);

        // 100 handlers of the lead department at once: half accept, half return.
        var actions = Enumerable.Range(0, 100)
            .Select(i => i % 2 == 0
                ? new Attempt(i, lead, ProblemAction.Accept, "")
                : new Attempt(i, lead, ProblemAction.Return, $"第{i}次退回：不属于本单位职责范围"))
            .ToList();

        var results = await FireAsync(id, actions, null, sameVersion: true);

        results.Values.Count(r => r is ProblemResult.Saved).ShouldBe(1);
        (await EventCountAsync(id)).ShouldBe(eventsBefore + 1);
        var winner = actions.Single(a => results[a.Number] is ProblemResult.Saved);
        // The others were told the problem changed; once returned it has also left the department's scope,
        // so a post that only arrives after that finds nothing (404), as any out-of-scope record does.
        results.Values.Where(r => r is not ProblemResult.Saved).ShouldAllBe(r =>
            r is ProblemResult.Stale || (winner.Action == ProblemAction.Return && r is ProblemResult.NotFound));
        var kinds = await _database.ScalarAsync<string>($"SELECT string_agg(kind, ',' ORDER BY id) FROM problem_events WHERE problem_id = {id}");
        if (winner.Action == ProblemAction.Accept)
        {
            kinds.ShouldBe("Registered,Dispatched,Accepted");
            (await CountAsync($"""
                SELECT count(*) FROM problems WHERE id = {id} AND status = 'InProgress' AND accepted_at IS NOT NULL
                  AND lead_department_id IS NOT NULL AND deadline IS NOT NULL
                """)).ShouldBe(1);
            (await CountAsync($"SELECT count(*) FROM problem_co_handlers WHERE problem_id = {id}")).ShouldBe(1);
        }
        else
        {
            kinds.ShouldBe("Registered,Dispatched,Returned");
            (await CountAsync($"SELECT count(*) FROM problem_events WHERE problem_id = {id} AND detail = '{winner.Text}'")).ShouldBe(1);
            (await CountAsync($"""
                SELECT count(*) FROM problems WHERE id = {id} AND status = 'Reported' AND accepted_at IS NULL
                  AND lead_department_id IS NULL AND lead_department_name IS NULL AND deadline IS NULL AND dispatched_at IS NOT NULL
                """)).ShouldBe(1);
            (await CountAsync($"SELECT count(*) FROM problem_co_handlers WHERE problem_id = {id}")).ShouldBe(0);
        }
    }

    private sealed record Attempt(int Number, ClaimsPrincipal User, ProblemAction Action, string Text);

    /// <summary>
    /// Runs every attempt at once, each in its own scope (DbContext, connection). With <paramref name="sameVersion"/>
    /// all read the problem's version first and wait for each other, as if they had opened the page together.
    /// </summary>
    private async Task<ConcurrentDictionary<int, ProblemResult>> FireAsync(long id, IReadOnlyList<Attempt> attempts, DateOnly? deadline, bool sameVersion)
    {
        var results = new ConcurrentDictionary<int, ProblemResult>();
        var opened = new CountdownEvent(attempts.Count);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = attempts.Select(a => Task.Run(async () =>
        {
            await using var scope = _factory.Services.CreateAsyncScope();
            var db = ScopedContext(scope, a.User);
            var version = await db.Problems.AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).SingleAsync();
            if (sameVersion)
            {
                if (opened.Signal()) go.SetResult();
                await go.Task.WaitAsync(TimeSpan.FromSeconds(120));
            }
            results[a.Number] = await scope.ServiceProvider.GetRequiredService<ProblemCommands>()
                .ActAsync(id, a.Action, Input(a, version, deadline), a.User);
        })).ToList();
        await Task.WhenAll(tasks);
        return results;
    }

    private async Task<ProblemResult> RetryUntilSavedAsync(long id, Attempt attempt, DateOnly? deadline)
    {
        for (var i = 0; i < 500; i++)
        {
            await Task.Delay(Random.Shared.Next(0, 20));
            await using var scope = _factory.Services.CreateAsyncScope();
            var db = ScopedContext(scope, attempt.User);
            var version = await db.Problems.AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).SingleAsync();
            var result = await scope.ServiceProvider.GetRequiredService<ProblemCommands>()
                .ActAsync(id, attempt.Action, Input(attempt, version, deadline), attempt.User);
            if (result is not ProblemResult.Stale) return result;
        }
        throw new InvalidOperationException($"action {attempt.Number} never got through");
    }

    private static ProblemActionInput Input(Attempt a, uint version, DateOnly? deadline) => new()
    {
        Version = version,
        Text = a.Text,
        Deadline = a.Action == ProblemAction.RequestExtension ? deadline : null,
    };

    private async Task EachLeftExactlyItsOwnEventsAsync(long id, IEnumerable<Attempt> attempts, IReadOnlyDictionary<int, ProblemResult> results)
    {
        foreach (var a in attempts.Where(a => a.Text.Length > 0))
        {
            var events = await CountAsync($"SELECT count(*) FROM problem_events WHERE problem_id = {id} AND detail = '{a.Text}'");
            events.ShouldBe(results[a.Number] is ProblemResult.Saved ? 1 : 0, $"action {a.Number} ({results[a.Number]})");
        }
    }

    private static AppDbContext ScopedContext(IServiceScope scope, ClaimsPrincipal user)
    {
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = UserDataScopeProvider.For(user);
        return db;
    }

    /// <summary>The principal the sign-in cookie would carry for this account (claims, roles, scope).</summary>
    private async Task<ClaimsPrincipal> PrincipalAsync(string userName)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"no user {userName}");
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        return await factory.CreateAsync(user);
    }

    private async Task<ClaimsPrincipal> DepartmentUserAsync(string userName, string displayName, string department)
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var user = new AppUser
                {
                    UserName = userName, DisplayName = displayName, OrgUnitId = await DepartmentAsync(department), CreatedAt = DateTimeOffset.UtcNow,
                };
                (await users.CreateAsync(user, PortalFactory.DemoPassword)).Succeeded.ShouldBeTrue();
                (await users.AddToRoleAsync(user, PortalRoles.DepartmentHandler)).Succeeded.ShouldBeTrue();
            }
        }
        return await PrincipalAsync(userName);
    }

    private Task<long> DepartmentAsync(string suffix) =>
        _database.ScalarAsync<long>($"SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%{suffix}'");

    /// <summary>Registered by the official, dispatched to 商务局 with the co-handlers, by the same commands the pages use.</summary>
    private async Task<long> AssignedProblemAsync(ClaimsPrincipal dispatcher, params string[] coHandlers)
    {
        var official = await PrincipalAsync("official");
        var enterprise = await _database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        long id;
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            ScopedContext(scope, official);
            var registered = await scope.ServiceProvider.GetRequiredService<ProblemCommands>().RegisterAsync(enterprise,
                new ProblemRegisterModel
                {
                    Category = "funding", Urgency = "ordinary", Source = "Visit", Title = "流动资金紧张",
                    Description = "企业反映流动资金周转困难，希望对接银行贷款。",
                }, official);
            id = registered.ShouldBeOfType<ProblemResult.Saved>().Id;
        }
        var co = new List<long>();
        foreach (var name in coHandlers) co.Add(await DepartmentAsync(name));
        var commerce = await DepartmentAsync("商务局");
        var dispatched = await ActOnceAsync(dispatcher, id, ProblemAction.Dispatch, version => new ProblemActionInput
        {
            Version = version, LeadId = commerce, CoHandlerIds = co, Deadline = ChinaToday().AddDays(14),
        });
        dispatched.ShouldBeOfType<ProblemResult.Saved>();
        return id;
    }

    private async Task<long> InProgressProblemAsync(ClaimsPrincipal lead, params string[] coHandlers)
    {
        var id = await AssignedProblemAsync(await PrincipalAsync("dispatcher"), coHandlers);
        (await ActOnceAsync(lead, id, ProblemAction.Accept, version => new ProblemActionInput { Version = version }))
            .ShouldBeOfType<ProblemResult.Saved>();
        return id;
    }

    private async Task<ProblemResult> ActOnceAsync(ClaimsPrincipal user, long id, ProblemAction action, Func<uint, ProblemActionInput> input)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = ScopedContext(scope, user);
        var version = await db.Problems.AsNoTracking().Where(p => p.Id == id).Select(p => p.Version).SingleAsync();
        return await scope.ServiceProvider.GetRequiredService<ProblemCommands>().ActAsync(id, action, input(version), user);
    }

    private DateOnly ChinaToday() => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime.AddHours(8));

    private Task<long> EventCountAsync(long id) => CountAsync($"SELECT count(*) FROM problem_events WHERE problem_id = {id}");

    private Task<long> CountAsync(string sql) => _database.ScalarAsync<long>(sql);
}
