using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EnterpriseAid.Web.Hosting;

public static class Health
{
    /// <summary>
    /// A monitor must hear "unhealthy" within 5 s: the check gives up after 3 s even when the connect
    /// itself would wait for its own timeout (a host that drops packets rather than refusing them).
    /// </summary>
    public static readonly TimeSpan DatabaseCheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, timeout: DatabaseCheckTimeout);
        return services;
    }

    /// <summary>/health: 200 when the database answers, 503 when it does not, with a small JSON body.</summary>
    public static void MapPortalHealthChecks(this WebApplication app) =>
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(context.Response.Body, new
                {
                    status = report.Status.ToString(),
                    checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
                    elapsedMs = (int)report.TotalDuration.TotalMilliseconds,
                });
            },
        }).AllowAnonymous().OutsideRequestGate()
            // Read only: a POST is refused (405) rather than answered.
            .WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
}

/// <summary>Opens a connection and runs SELECT 1; on failure the pool is emptied so recovery needs no restart.</summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var cmd = new NpgsqlCommand("SELECT 1", conn);
            await cmd.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            dataSource.Clear();
            if (ex is OperationCanceledException) throw; // the registration's timeout: reported as unhealthy by the framework
            return new HealthCheckResult(context.Registration.FailureStatus, "The database does not answer.", ex);
        }
    }
}
