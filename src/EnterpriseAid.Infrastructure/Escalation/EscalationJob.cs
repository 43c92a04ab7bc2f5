using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnterpriseAid.Infrastructure.Escalation;

/// <summary>
/// Runs <see cref="EscalationRunner"/> shortly after start-up and then every interval, on every node
/// where it is enabled; the runner's lock makes one node do each pass. A failed pass is logged and the
/// next one runs on time: nothing here stops the host.
/// </summary>
public sealed class EscalationJob(EscalationRunner runner, IOptions<EscalationOptions> options, TimeProvider clock, ILogger<EscalationJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Escalation job is disabled on this node (Escalation:Enabled)");
            return;
        }
        logger.LogInformation("Escalation job starts in {Delay} and runs every {Interval} as {Node}",
            settings.StartDelay, settings.Interval, settings.Node);

        var delay = settings.StartDelay;
        while (true)
        {
            try
            {
                await Task.Delay(delay, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await runner.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be away for a while; the portal keeps serving and the job tries again.
                logger.LogError(ex, "Escalation pass could not run; the next try is in {Interval}", settings.Interval);
            }
            delay = settings.Interval;
        }
    }
}

public static class EscalationServices
{
    /// <summary>The runner and the job, configured from the "Escalation" section. Register after the database start-up.</summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.Section);
        services.TryAddSingleton<EscalationRunner>();
        services.AddHostedService<EscalationJob>();
        return services;
    }
}
