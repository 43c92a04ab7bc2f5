using System.Collections.Concurrent;
using EnterpriseAid.Infrastructure;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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

    [Fact]
    public async Task A_pass_that_cannot_reach_the_database_is_logged_and_the_job_keeps_running()
    {
        var logs = new CollectingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing listens on port 1: the connection is refused at once.
            ["ConnectionStrings:Default"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2",
            ["Escalation:StartDelaySeconds"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).AddSingleton<IConfiguration>(configuration);
        services.AddInfrastructure().AddEscalation();
        await using var provider = services.BuildServiceProvider();
        var job = provider.GetServices<IHostedService>().OfType<EscalationJob>().Single();

        await job.StartAsync(CancellationToken.None);
        var waitUntil = DateTime.UtcNow.AddSeconds(30);
        while (!logs.Messages.Any(m => m.StartsWith("Escalation pass could not run", StringComparison.Ordinal)) && DateTime.UtcNow < waitUntil)
            await Task.Delay(100);

        logs.Messages.ShouldContain(m => m.StartsWith("Escalation pass could not run", StringComparison.Ordinal));
        job.ExecuteTask.ShouldNotBeNull().IsCompleted.ShouldBeFalse("the job waits for its next pass");
        await job.StopAsync(CancellationToken.None);
        job.ExecuteTask.IsCompletedSuccessfully.ShouldBeTrue();
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Messages);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
