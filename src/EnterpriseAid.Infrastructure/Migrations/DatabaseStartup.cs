using EnterpriseAid.Infrastructure.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnterpriseAid.Infrastructure.Migrations;

/// <summary>
/// Runs before the web server accepts requests: waits for the database (a container may start
/// before PostgreSQL is ready), applies pending migrations, and seeds the demo district when
/// <c>Seed:DemoDistrict</c> is true and the database is empty.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, IConfiguration configuration, ILogger<DatabaseStartup> logger) : IHostedService
{
    /// <summary>Advisory lock key held while the demo seeders run, so nodes starting together seed once.</summary>
    public const long SeedLockKey = 7_420_260_009;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Database:MigrateOnStartup", true)) return;
        await RunAsync(services, configuration, logger, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task RunAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken ct)
    {
        var runner = services.GetRequiredService<SqlMigrationRunner>();
        var waitSeconds = configuration.GetValue("Database:StartupWaitSeconds", 60);
        var deadline = DateTime.UtcNow.AddSeconds(waitSeconds);
        while (true)
        {
            try
            {
                await runner.MigrateAsync(ct);
                break;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Database not reachable yet ({Message}); retrying", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
            }
        }

        if (configuration.GetValue("Seed:DemoDistrict", false))
        {
            // Nodes starting together seed one after the other: a seeder that finds data leaves it alone, but two
            // running at once would both find none (the accounts, assignments and projects seeders hold no lock).
            await using var lockConnection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
            // No command timeout: the other node's seeding may take a while; if that node dies, its lock goes with it.
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({SeedLockKey})", lockConnection) { CommandTimeout = 0 })
                await take.ExecuteNonQueryAsync(ct);
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DemoDistrictSeeder>().SeedIfEmptyAsync(ct);
                await scope.ServiceProvider.GetRequiredService<DemoAccountsSeeder>().SeedIfNoUsersAsync(ct);
                await scope.ServiceProvider.GetRequiredService<DemoAssignmentsSeeder>().SeedIfNoneAsync(ct);
                await scope.ServiceProvider.GetRequiredService<DemoPoliciesSeeder>().SeedIfNoneAsync(ct);
                await scope.ServiceProvider.GetRequiredService<DemoAssistanceSeeder>().SeedIfNoneAsync(ct);
                await scope.ServiceProvider.GetRequiredService<DemoOperatingSeeder>().SeedIfNoneAsync(ct);
                await scope.ServiceProvider.GetRequiredService<DemoProjectsSeeder>().SeedIfNoneAsync(ct);
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({SeedLockKey})", lockConnection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }
}
