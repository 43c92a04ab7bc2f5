using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Briefings;

/// <summary>The demo district with the bulletin's week (<see cref="BulletinDataset"/>) written into it.</summary>
public sealed class BriefingFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public PortalFactory Factory { get; private set; } = null!;
    public BulletinDataset Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync("brief");
        Factory = new PortalFactory(Database.ConnectionString);
        Factory.StartServer();
        Data = await BulletinDataset.WriteAsync(Database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
