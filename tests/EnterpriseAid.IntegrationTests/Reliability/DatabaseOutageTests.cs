using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using Npgsql;
using Xunit.Abstractions;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Reliability;

/// <summary>
/// The portal running while its PostgreSQL is stopped and started again: friendly 503 pages, /health
/// unhealthy within 5 s, no request longer than 10 s, a form posted during the outage not saved (and
/// said so), recovery without a restart, and the background jobs carrying on.
/// </summary>
public sealed partial class DatabaseOutageTests(OutageCluster cluster, ITestOutputHelper output) : IClassFixture<OutageCluster>
{
    private static readonly string[] Pages = ["/problems", "/my/enterprises", "/enterprises", "/visits", "/"];
    private const string Summary = "停电期间登记的走访（不应保存）";

    [Fact]
    public async Task Pages_answer_503_while_the_database_is_away_and_work_again_without_a_restart()
    {
        var clock = new QuickTimers();
        await using var factory = new PortalFactory(cluster.ConnectionString, clock: clock, settings: new Dictionary<string, string?>
        {
            ["Escalation:Enabled"] = "true", ["Escalation:IntervalMinutes"] = "1", ["Escalation:StartDelaySeconds"] = "0",
            ["Dashboard:Snapshots:Enabled"] = "true", ["Dashboard:Snapshots:IntervalMinutes"] = "1", ["Dashboard:Snapshots:StartDelaySeconds"] = "0",
        });
        var client = await factory.SignedInClientAsync("official");
        foreach (var page in Pages) (await client.GetAsync(page)).StatusCode.ShouldBe(HttpStatusCode.OK, page);
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var form = await VisitFormAsync(client);
        // Fill the pool with idle connections: after the restart every one of them is a dead socket.
        var busy = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetAsync("/problems")));
        busy.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);

        // Down, for longer than the sign-in's security stamp is trusted (1 minute): every request checks it again.
        clock.Offset = TimeSpan.FromMinutes(2);
        await cluster.StopAsync();
        var down = Stopwatch.StartNew();
        var detected = await UntilAsync(client, "/health", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(10));
        var longest = TimeSpan.Zero;
        foreach (var page in Pages.Append("/problems?status=Assigned"))
        {
            var (response, took) = await TimedAsync(() => client.GetAsync(page));
            longest = Max(longest, took);
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, page);
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain("系统暂时无法使用");
            html.ShouldNotContain("Exception");
        }
        var (post, postTook) = await TimedAsync(() => client.PostAsync("/visits/new", new FormUrlEncodedContent(form)));
        longest = Max(longest, postTook);
        post.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var postHtml = await post.Content.ReadAsStringAsync();
        postHtml.ShouldContain("刚才提交的内容没有保存");
        postHtml.ShouldNotContain("走访已登记");
        // A few more seconds of traffic while the jobs keep failing in the background.
        for (var i = 0; i < 5; i++)
        {
            var (response, took) = await TimedAsync(() => client.GetAsync(i % 2 == 0 ? "/health" : "/problems"));
            longest = Max(longest, took);
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            await Task.Delay(500);
        }
        var outage = down.Elapsed;

        // Up again: the very next request succeeds, on the same process.
        await cluster.StartAsync();
        var up = Stopwatch.StartNew();
        var first = await client.GetAsync("/problems");
        var recovered = up.Elapsed;
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using (var conn = new NpgsqlConnection(cluster.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM visits WHERE summary = '{Summary}'", conn);
            ((long)(await cmd.ExecuteScalarAsync())!).ShouldBe(0);
        }
        // The same form, posted again now, is saved: what the user typed was worth keeping.
        var again = await Forms.PostAsync(client, "/visits/new", "visit", form.Where(f => f.Key.StartsWith("Model.", StringComparison.Ordinal)));
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // The background jobs ran before the outage, failed during it, and pass again after it.
        var restartedAt = DateTime.UtcNow - recovered;
        var jobs = Stopwatch.StartNew();
        await WaitForAsync(cluster.ConnectionString,
            "SELECT count(*) FROM escalation_runs WHERE started_at > @at AND finished_at IS NOT NULL AND error IS NULL", restartedAt, TimeSpan.FromSeconds(60));
        await WaitForAsync(cluster.ConnectionString, "SELECT count(*) FROM dashboard_snapshots WHERE computed_at > @at", restartedAt, TimeSpan.FromSeconds(60));
        var jobsResumed = jobs.Elapsed + recovered;

        longest.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        detected.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        var figures = new
        {
            healthUnhealthyAfterMs = (int)detected.TotalMilliseconds,
            longestRequestDuringOutageMs = (int)longest.TotalMilliseconds,
            formPostDuringOutageMs = (int)postTook.TotalMilliseconds,
            outageSeconds = Math.Round(outage.TotalSeconds, 1),
            firstRequestAfterRestartMs = (int)recovered.TotalMilliseconds,
            backgroundJobsResumedAfterSeconds = Math.Round(jobsResumed.TotalSeconds, 1),
        };
        output.WriteLine(await RepoScripts.WriteFiguresAsync("outage-figures.json", figures));
    }

    /// <summary>The visit form's fields for one of the official's enterprises, with the token taken while the database was up.</summary>
    /// <summary>A valid 走访 form of the signed-in official, with its antiforgery token, as the browser would post it.</summary>
    internal static async Task<List<KeyValuePair<string, string>>> VisitFormAsync(HttpClient client, string summary = Summary)
    {
        var html = await client.GetStringAsync("/visits/new");
        var enterprise = EnterpriseLink().Match(await client.GetStringAsync("/my/enterprises")).Groups[1].Value;
        return
        [
            F("_handler", "visit"),
            F("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value)),
            F("Model.Kind", "OnSite"), F("Model.VisitedOn", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd")),
            F("Model.OfficialIds", OfficialBox().Match(html).Groups[1].Value), F("Model.EnterpriseIds", enterprise),
            F("Model.Summary", summary),
        ];
    }

    private static async Task<TimeSpan> UntilAsync(HttpClient client, string url, HttpStatusCode status, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            if ((await client.GetAsync(url)).StatusCode == status) return watch.Elapsed;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} did not answer {(int)status} within {limit}");
    }

    private static async Task<(HttpResponseMessage, TimeSpan)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        return (response, watch.Elapsed);
    }

    private static async Task WaitForAsync(string connectionString, string sql, DateTime after, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        while (true)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue("at", after);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            if (watch.Elapsed > limit) throw new TimeoutException($"Nothing after {after:O} within {limit}: {sql}");
            await Task.Delay(500);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [GeneratedRegex("href=\"/enterprises/(\\d+)\"")]
    private static partial Regex EnterpriseLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"Model.OfficialIds\" value=\"(\\d+)\"")]
    private static partial Regex OfficialBox();
}
