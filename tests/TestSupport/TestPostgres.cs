using Npgsql;

namespace EnterpriseAid.TestSupport;

/// <summary>
/// The PostgreSQL server the tests use: the private "test" cluster that ./test.sh starts
/// (127.0.0.1:55433), or the server named by EA_TEST_PG. Each test class gets its own database.
/// </summary>
public static class TestPostgres
{
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("EA_TEST_PG") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=55433;Database=postgres;Username=postgres";

    public static async Task<TestDatabase> CreateDatabaseAsync(string prefix)
    {
        var name = $"ea_{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 36)].ToLowerInvariant();
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        try
        {
            await conn.OpenAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException(
                $"The test PostgreSQL server is not reachable ({AdminConnectionString}). Run ./test.sh, or start it with " +
                "EA_PG_NAME=test EA_PG_PORT=55433 EA_PG_FAST=1 scripts/db.sh start", ex);
        }
        await using (var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn)) await cmd.ExecuteNonQueryAsync();
        var csb = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true };
        return new TestDatabase(name, csb.ConnectionString);
    }
}

public sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
{
    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
