using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>A portal on its own database with snapshots on (ADR-016) and the job's passes left to the test.</summary>
public sealed class SnapshotPortal : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public PortalFactory Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestPostgres.CreateDatabaseAsync("snapshots");
        Portal = new PortalFactory(Db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["Dashboard:Snapshots:Enabled"] = "true",
            // The test runs the passes itself.
            ["Dashboard:Snapshots:StartDelaySeconds"] = "86400",
        });
        Portal.StartServer();
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Db.DisposeAsync();
    }
}
