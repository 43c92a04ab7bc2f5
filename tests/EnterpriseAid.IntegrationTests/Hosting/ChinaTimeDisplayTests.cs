using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Hosting;

/// <summary>
/// Stored times are UTC; pages show them in China Standard Time whatever the server's time zone
/// (the test machine runs on UTC, so a page using the server's zone would show 02:00 here).
/// </summary>
public sealed class ChinaTimeDisplayTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PortalFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("chinatime");
        _factory = new PortalFactory(_db.ConnectionString);
        _factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task The_problem_page_shows_registration_and_timeline_times_in_Beijing_time()
    {
        // Registered and dispatched at 10:00 Beijing time (02:00 UTC), a week before the deadline.
        var id = await TestProblems.DispatchedAsync(_factory.Services, "用电增容", new DateOnly(2030, 6, 17));
        var client = await _factory.SignedInClientAsync("admin");

        var html = await client.GetStringAsync($"/problems/{id}");

        html.ShouldContain("2030-06-10 10:00");
        html.ShouldNotContain("2030-06-10 02:00");
    }
}
