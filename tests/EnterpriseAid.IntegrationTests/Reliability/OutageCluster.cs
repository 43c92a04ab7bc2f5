using EnterpriseAid.TestSupport;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Reliability;

/// <summary>
/// A PostgreSQL cluster of the outage test's own ("outage", from port 55458 or EA_OUTAGE_PG_PORT), which
/// the test stops and starts. Never the shared test cluster: the other test classes keep theirs.
/// </summary>
public sealed class OutageCluster : IAsyncLifetime
{
    public int Port { get; private set; }
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=ea_outage;Username=postgres";

    private Dictionary<string, string?> Env => new()
    {
        ["EA_PG_NAME"] = "outage", ["EA_PG_PORT"] = Port.ToString(), ["EA_PG_FAST"] = "1", ["EA_DB_NAME"] = "postgres",
    };

    public async Task InitializeAsync()
    {
        Port = int.TryParse(Environment.GetEnvironmentVariable("EA_OUTAGE_PG_PORT"), out var p) ? p : 55458;
        // This checkout's own outage cluster may still run from an interrupted run (on any port).
        await RepoScripts.RunAsync("scripts/db.sh", ["stop"], Env);
        while (PortInUse(Port)) Port++;
        await StartAsync();
        await using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Database=postgres;Username=postgres");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("DROP DATABASE IF EXISTS ea_outage WITH (FORCE); CREATE DATABASE ea_outage;", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task StartAsync() => (await RepoScripts.RunAsync("scripts/db.sh", ["start"], Env)).ShouldSucceed("db.sh start (outage)");

    /// <summary>pg_ctl stop -m fast: sessions are ended and the port closes.</summary>
    public async Task StopAsync() => (await RepoScripts.RunAsync("scripts/db.sh", ["stop"], Env)).ShouldSucceed("db.sh stop (outage)");

    public Task DisposeAsync() => StopAsync();

    private static bool PortInUse(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}

/// <summary>The real clock (moved on by <see cref="Offset"/>), with every timer sixty times quicker: a job's 1-minute interval passes in a second.</summary>
public sealed class QuickTimers : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Quick(dueTime), Quick(period));

    private static TimeSpan Quick(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t <= TimeSpan.Zero ? t : t / 60;
}
