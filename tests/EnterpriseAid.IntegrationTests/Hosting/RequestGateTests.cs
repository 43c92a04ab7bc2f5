using System.Net;
using EnterpriseAid.TestSupport;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Hosting;

/// <summary>
/// The request gate in the real pipeline (ADR-036), with room for one request and none waiting: while a signed-in
/// request is held inside (its problem list waits on a lock of the problems table), the next page is refused with
/// the Chinese "系统繁忙" page and 503, a posted form saves nothing; health checks and static files do not wait; once the
/// held request ends, pages are served again and the same form is saved.
/// </summary>
public sealed class RequestGateTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PortalFactory _portal = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("gate");
        _portal = new PortalFactory(_db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Hosting:RequestGate:ConcurrentRequests"] = "1",
            ["Hosting:RequestGate:QueueLimit"] = "0",
        });
        _portal.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_full_gate_answers_the_busy_page_while_health_and_downloads_still_pass_and_serves_again_afterwards()
    {
        var leader = await _portal.SignedInClientAsync("leader");
        var official = await _portal.SignedInClientAsync("official");
        var anonymous = _portal.CreatePortalClient();
        var form = await Reliability.DatabaseOutageTests.VisitFormAsync(official, "排队时提交的走访");
        const string Saved = "SELECT count(*) FROM visits WHERE summary = '排队时提交的走访'";

        await using var lockHolder = new NpgsqlConnection(_db.ConnectionString);
        await lockHolder.OpenAsync();
        await using var tx = await lockHolder.BeginTransactionAsync();
        await using (var lockProblems = new NpgsqlCommand("LOCK TABLE problems IN ACCESS EXCLUSIVE MODE", lockHolder, tx))
            await lockProblems.ExecuteNonQueryAsync();

        // Held inside the gate: the problem list reads the problems table.
        var held = leader.GetAsync("/problems");
        await WaitForLockWaiterAsync();
        held.IsCompleted.ShouldBeFalse();

        var refused = await anonymous.GetAsync("/account/login");
        refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        var body = await refused.Content.ReadAsStringAsync();
        body.ShouldContain("系统繁忙");
        body.ShouldNotContain("数据库暂不可用");

        var post = await official.PostAsync("/visits/new", new FormUrlEncodedContent(form));
        post.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await post.Content.ReadAsStringAsync()).ShouldContain("刚才提交的内容没有保存");

        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/css/site.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
        held.IsCompleted.ShouldBeFalse();

        await tx.RollbackAsync();
        (await held.WaitAsync(TimeSpan.FromSeconds(30))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _db.ScalarAsync<long>(Saved)).ShouldBe(0);
        (await anonymous.GetAsync("/account/login")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await official.PostAsync("/visits/new", new FormUrlEncodedContent(form))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _db.ScalarAsync<long>(Saved)).ShouldBe(1);
    }

    /// <summary>Until a session of the portal waits on the lock.</summary>
    private async Task WaitForLockWaiterAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if (await _db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("no request of the portal waited on the lock");
    }
}
