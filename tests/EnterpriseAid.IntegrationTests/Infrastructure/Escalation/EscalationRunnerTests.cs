using EnterpriseAid.Infrastructure;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Escalation;

/// <summary>
/// The escalation pass against real PostgreSQL with the clock moved by hand, as a node runs it: each
/// runner below has its own service provider, so its own connection pool, like a web node.
/// </summary>
public sealed class EscalationRunnerTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    /// <summary>A runner as a node would build it, with its own connections and this clock.</summary>
    private ServiceProvider Node(TestClock clock, string name)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = portal.Database.ConnectionString,
            ["Escalation:NodeName"] = name,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddInfrastructure().AddEscalation();
        services.AddSingleton<TimeProvider>(clock);
        return services.BuildServiceProvider();
    }

    /// <summary>10:00 in Beijing on the given day.</summary>
    private static TestClock ClockAt(int year, int month, int day)
    {
        var clock = new TestClock();
        MoveTo(clock, year, month, day);
        return clock;
    }

    private static void MoveTo(TestClock clock, int year, int month, int day, int hour = 10) =>
        clock.Advance(new DateTimeOffset(year, month, day, hour, 0, 0, Beijing) - clock.GetUtcNow());

    private Task<long> Dispatched(string title, DateOnly deadline) => TestProblems.DispatchedAsync(portal.Factory.Services, title, deadline);

    /// <summary>The stored flag, or "" when the problem has none.</summary>
    private Task<string> FlagAsync(long problemId) =>
        portal.Database.ScalarAsync<string>($"SELECT coalesce((SELECT flag FROM problem_flags WHERE problem_id = {problemId}), '')");

    private Task<string> EscalationsAsync(long problemId) => portal.Database.ScalarAsync<string>(
        $"SELECT coalesce(string_agg(summary || ':' || before || '→' || after, ' | ' ORDER BY id), '') FROM problem_events WHERE problem_id = {problemId} AND kind = 'Escalated'");

    private Task<string> ProblemRowVersionAsync(long problemId) =>
        portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM problems WHERE id = {problemId}");

    /// <summary>Passes that started at 10:00 Beijing time that day (a pass prunes old rows, so totals move with the clock).</summary>
    private Task<long> RunCountAsync(int year, int month, int day) => portal.Database.ScalarAsync<long>(
        $"SELECT count(*) FROM escalation_runs WHERE started_at = '{new DateTimeOffset(year, month, day, 10, 0, 0, Beijing):yyyy-MM-ddTHH:mm:sszzz}'::timestamptz");

    [Fact]
    public async Task The_flag_rises_blue_yellow_red_across_the_national_day_holiday_with_one_event_per_rise()
    {
        var id = await Dispatched("国庆前到期的用电增容问题", new DateOnly(2026, 9, 30));
        var version = await ProblemRowVersionAsync(id);
        var clock = ClockAt(2026, 9, 28);
        await using var node = Node(clock, "node-a");
        var runner = node.GetRequiredService<EscalationRunner>();

        // Monday 28 September: two working days left.
        (await runner.RunOnceAsync()).Outcome.ShouldBe(EscalationOutcome.Ran);
        (await FlagAsync(id)).ShouldBe("");

        // Tuesday 29 September: one working day left.
        MoveTo(clock, 2026, 9, 29);
        (await runner.RunOnceAsync()).Outcome.ShouldBe(EscalationOutcome.Ran);
        (await FlagAsync(id)).ShouldBe("Blue");

        // 1 October is a holiday: late by the calendar, not yet by a working day, and late is yellow.
        MoveTo(clock, 2026, 10, 1);
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("Yellow");

        // Thursday 8 October: eight calendar days late but one working day, after seven days off.
        MoveTo(clock, 2026, 10, 8);
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("Yellow");

        // Monday 12 October: the 8th, 9th, the make-up Saturday 10th and the 12th make four. Wednesday 14th: six.
        MoveTo(clock, 2026, 10, 12);
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("Yellow");
        MoveTo(clock, 2026, 10, 14);
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("Red");
        MoveTo(clock, 2026, 10, 15);
        await runner.RunOnceAsync();

        (await EscalationsAsync(id)).ShouldBe(
            "预警：即将到期:正常→蓝色预警（临期） | 预警：已逾期:蓝色预警（临期）→黄色预警（逾期） | 预警：严重逾期:黄色预警（逾期）→红色预警（严重逾期）");
        (await portal.Database.ScalarAsync<string>($"SELECT detail FROM problem_events WHERE problem_id = {id} AND kind = 'Escalated' ORDER BY id DESC LIMIT 1"))
            .ShouldBe("办理期限2026-09-30，已逾期6个工作日");
        // The job never touched the problem's own row, so nobody's open form went stale.
        (await ProblemRowVersionAsync(id)).ShouldBe(version);
    }

    [Fact]
    public async Task A_resolved_problem_loses_its_flag_without_a_new_event()
    {
        var id = await Dispatched("逾期后办结的招工问题", new DateOnly(2026, 6, 10));
        var clock = ClockAt(2026, 6, 12);
        await using var node = Node(clock, "node-a");
        var runner = node.GetRequiredService<EscalationRunner>();
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("Yellow");

        await TestProblems.ChangeAsync(portal.Factory.Services, id, (p, a) =>
        {
            p.Accept(a.Lead, clock.GetUtcNow());
            p.Resolve("已组织专场招聘会，补齐用工缺口", a.Lead, clock.GetUtcNow());
        });
        clock.Advance(TimeSpan.FromHours(1));
        var result = await runner.RunOnceAsync();

        result.Outcome.ShouldBe(EscalationOutcome.Ran);
        result.Counts!.Cleared.ShouldBeGreaterThanOrEqualTo(1);
        (await FlagAsync(id)).ShouldBe("");
        (await EscalationsAsync(id)).ShouldBe("预警：已逾期:正常→黄色预警（逾期）");
    }

    [Fact]
    public async Task A_problem_reopened_twice_is_red_even_with_its_deadline_far_off()
    {
        var id = await Dispatched("两次评价不满意的融资问题", new DateOnly(2026, 12, 30));
        var clock = ClockAt(2026, 12, 1);
        await TestProblems.ReopenTwiceAsync(portal.Factory.Services, id, clock.GetUtcNow());
        await using var node = Node(clock, "node-a");

        await node.GetRequiredService<EscalationRunner>().RunOnceAsync();

        (await FlagAsync(id)).ShouldBe("Red");
        (await EscalationsAsync(id)).ShouldBe("预警：严重逾期:正常→红色预警（严重逾期）");
        (await portal.Database.ScalarAsync<string>($"SELECT detail FROM problem_events WHERE problem_id = {id} AND kind = 'Escalated'"))
            .ShouldEndWith("企业评价不满意2次");
    }

    [Fact]
    public async Task An_approved_extension_lowers_the_flag_quietly_and_a_later_rise_is_said_again()
    {
        var id = await Dispatched("需延期的用地手续问题", new DateOnly(2026, 5, 12));
        var clock = ClockAt(2026, 5, 13);
        await using var node = Node(clock, "node-a");
        var runner = node.GetRequiredService<EscalationRunner>();
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("Yellow");

        await TestProblems.ChangeAsync(portal.Factory.Services, id, (p, a) =>
        {
            p.RequestExtension(new DateOnly(2026, 5, 29), "需等待市自然资源局批复", a.Lead, clock.GetUtcNow());
            p.ApproveExtension(a.Dispatcher, clock.GetUtcNow());
        });
        clock.Advance(TimeSpan.FromHours(1));
        await runner.RunOnceAsync();
        (await FlagAsync(id)).ShouldBe("");

        MoveTo(clock, 2026, 5, 28);
        await runner.RunOnceAsync();

        (await FlagAsync(id)).ShouldBe("Blue");
        (await EscalationsAsync(id)).ShouldBe("预警：已逾期:正常→黄色预警（逾期） | 预警：即将到期:正常→蓝色预警（临期）");
    }

    [Fact]
    public async Task Two_nodes_starting_a_pass_at_the_same_moment_make_exactly_one_pass()
    {
        // Other tests of this class record passes at later dates of their own clocks; the recent-pass check must
        // see this test's first pass as the latest, as it would on a real timeline.
        await portal.Database.ExecuteAsync("DELETE FROM escalation_runs");
        var late = await Dispatched("两个节点同时检查的逾期问题", new DateOnly(2026, 7, 1));
        var soon = await Dispatched("两个节点同时检查的临期问题", new DateOnly(2026, 7, 7));
        var clockA = ClockAt(2026, 7, 6);
        var clockB = ClockAt(2026, 7, 6);
        await using var nodeA = Node(clockA, "node-a");
        await using var nodeB = Node(clockB, "node-b");
        var a = nodeA.GetRequiredService<EscalationRunner>();
        var b = nodeB.GetRequiredService<EscalationRunner>();
        using var start = new Barrier(2);

        var results = await Task.WhenAll(
            Task.Run(async () => { start.SignalAndWait(); return await a.RunOnceAsync(); }),
            Task.Run(async () => { start.SignalAndWait(); return await b.RunOnceAsync(); }));

        results.Count(r => r.Outcome == EscalationOutcome.Ran).ShouldBe(1);
        results.Count(r => r.Outcome is EscalationOutcome.SkippedLockHeld or EscalationOutcome.SkippedRecentPass).ShouldBe(1);
        (await RunCountAsync(2026, 7, 6)).ShouldBe(1);
        (await EscalationsAsync(late)).ShouldBe("预警：已逾期:正常→黄色预警（逾期）");
        (await EscalationsAsync(soon)).ShouldBe("预警：即将到期:正常→蓝色预警（临期）");
        var run = await portal.Database.ScalarAsync<string>(
            "SELECT node || ':' || (finished_at IS NOT NULL)::text || ':' || coalesce(error, '') FROM escalation_runs WHERE started_at = '2026-07-06T02:00:00Z'");
        run.ShouldBeOneOf("node-a:true:", "node-b:true:");
    }

    [Fact]
    public async Task A_node_skips_while_another_holds_the_lock()
    {
        await using var holder = new NpgsqlConnection(portal.Database.ConnectionString);
        await holder.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({EscalationRunner.AdvisoryLockKey})", holder)) await take.ExecuteNonQueryAsync();
        try
        {
            await using var node = Node(ClockAt(2026, 8, 3), "node-b");

            var result = await node.GetRequiredService<EscalationRunner>().RunOnceAsync();

            result.Outcome.ShouldBe(EscalationOutcome.SkippedLockHeld);
            (await RunCountAsync(2026, 8, 3)).ShouldBe(0);
        }
        finally
        {
            // A pooled connection keeps its session (and the lock) until it is next used: release it here.
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({EscalationRunner.AdvisoryLockKey})", holder);
            await release.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Passes_that_overlap_despite_the_lock_still_write_each_rise_once()
    {
        var id = await Dispatched("重叠检查的逾期问题", new DateOnly(2026, 4, 1));
        var now = new DateTimeOffset(2026, 4, 2, 10, 0, 0, Beijing);
        await using var nodeA = Node(ClockAt(2026, 4, 2), "node-a");
        await using var nodeB = Node(ClockAt(2026, 4, 2), "node-b");
        using var start = new Barrier(2);

        async Task<bool> Evaluate(ServiceProvider node)
        {
            start.SignalAndWait();
            try
            {
                await node.GetRequiredService<EscalationRunner>().EvaluateAsync(now);
                return true;
            }
            catch (EscalationConflictException)
            {
                return false;
            }
        }
        var saved = await Task.WhenAll(Task.Run(() => Evaluate(nodeA)), Task.Run(() => Evaluate(nodeB)));

        saved.ShouldContain(true);
        (await FlagAsync(id)).ShouldBe("Yellow");
        (await EscalationsAsync(id)).ShouldBe("预警：已逾期:正常→黄色预警（逾期）");
    }
}
