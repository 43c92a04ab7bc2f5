using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests;

/// <summary>A migrated database with the demo district, and the portal running against it (in memory).</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public PortalFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync("it");
        Factory = new PortalFactory(Database.ConnectionString);
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
