using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Escalation;

/// <summary>The background job as it runs in the portal: two nodes on one database.</summary>
public sealed class EscalationJobTests
{
    [Fact]
    public async Task Two_portal_nodes_starting_at_once_flag_the_late_problems_in_exactly_one_pass()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("job");
        long red, yellow, blue, onTime;
        await using (var setup = new PortalFactory(db.ConnectionString))
        {
            setup.StartServer();
            red = await TestProblems.DispatchedAsync(setup.Services, "半月前到期的用工问题", new DateOnly(2026, 11, 6));
            yellow = await TestProblems.DispatchedAsync(setup.Services, "昨天到期的物流问题", new DateOnly(2026, 11, 19));
            blue = await TestProblems.DispatchedAsync(setup.Services, "下周一到期的审批问题", new DateOnly(2026, 11, 23));
            onTime = await TestProblems.DispatchedAsync(setup.Services, "月底到期的用地问题", new DateOnly(2026, 11, 30));
        }
        // Friday 20 November 2026, 10:00 in Beijing, on both nodes.
        var clock = new TestClock();
        clock.Advance(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)) - clock.GetUtcNow());
        PortalFactory Node(string name) => new(db.ConnectionString, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Escalation:Enabled"] = "true",
            ["Escalation:StartDelaySeconds"] = "0",
            ["Escalation:NodeName"] = name,
        });
        await using var one = Node("web-1");
        await using var two = Node("web-2");

        await Task.WhenAll(Task.Run(one.StartServer), Task.Run(two.StartServer));

        var runners = new[] { one, two }.Select(n => n.Services.GetRequiredService<EscalationRunner>()).ToList();
        var waitUntil = DateTime.UtcNow.AddSeconds(60);
        while (runners.Any(r => r.LastResult is null) && DateTime.UtcNow < waitUntil) await Task.Delay(100);
        var outcomes = runners.Select(r => r.LastResult.ShouldNotBeNull().Outcome).ToList();
        outcomes.Count(o => o == EscalationOutcome.Ran).ShouldBe(1);
        outcomes.Count(o => o is EscalationOutcome.SkippedLockHeld or EscalationOutcome.SkippedRecentPass).ShouldBe(1);
        (await db.ScalarAsync<long>("SELECT count(*) FROM escalation_runs")).ShouldBe(1);
        (await db.ScalarAsync<string>("SELECT node FROM escalation_runs")).ShouldBeOneOf("web-1", "web-2");

        async Task<string> Flag(long id) => await db.ScalarAsync<string>($"SELECT coalesce((SELECT flag FROM problem_flags WHERE problem_id = {id}), '')");
        (await Flag(red)).ShouldBe("Red");
        (await Flag(yellow)).ShouldBe("Yellow");
        (await Flag(blue)).ShouldBe("Blue");
        (await Flag(onTime)).ShouldBe("");
        (await db.ScalarAsync<string>($"""
            SELECT string_agg(problem_id::text || ':' || summary, ',' ORDER BY problem_id)
            FROM problem_events WHERE kind = 'Escalated'
            """)).ShouldBe($"{red}:预警：严重逾期,{yellow}:预警：已逾期,{blue}:预警：即将到期");
    }
}
