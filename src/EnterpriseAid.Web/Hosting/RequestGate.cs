using System.Globalization;
using System.Threading.RateLimiting;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// At most <see cref="RequestGateOptions.ConcurrentRequests"/> requests run at once on a node; the others wait in arrival
/// order (ADR-036). On two cores, 64 requests running at once take no less CPU than 8 do, but each of them holds a
/// database connection and is switched in and out until it ends, so every one of them finishes late; waiting in
/// line, they finish in the order they came, as early as the machine allows.
/// A request that has waited <see cref="RequestGateOptions.QueueTimeout"/>, or that finds
/// <see cref="RequestGateOptions.QueueLimit"/> requests already waiting, is answered 503 with Retry-After and the
/// "系统繁忙" page, having done nothing. Downloads and uploads (endpoints marked <see cref="RequestGateExtensions.OutsideRequestGate{T}"/>) spend
/// their time on the network and pass by the gate, as do static files, health checks and the status pages.
/// </summary>
public sealed class RequestGate : IDisposable
{
    /// <summary>Set on a request the gate refused, for the status page to say "busy" rather than "database unavailable".</summary>
    public const string RefusedItem = "ea:request-gate-refused";

    private readonly ConcurrencyLimiter? _limiter;

    public RequestGate(RequestGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        if (options.ConcurrentRequests > 0)
        {
            _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = options.ConcurrentRequests,
                QueueLimit = Math.Max(0, options.QueueLimit),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        }
    }

    public RequestGateOptions Options { get; }

    /// <summary>Requests running inside the gate now (0 when the gate is off).</summary>
    public long Running => _limiter is null ? 0 : Options.ConcurrentRequests - (_limiter.GetStatistics()?.CurrentAvailablePermits ?? 0);

    /// <summary>Requests waiting for their turn now.</summary>
    public long Waiting => _limiter?.GetStatistics()?.CurrentQueuedCount ?? 0;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_limiter is null || context.GetEndpoint()?.Metadata.GetMetadata<OutsideRequestGateMetadata>() is not null)
        {
            await next(context);
            return;
        }

        RateLimitLease lease;
        using (var waited = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            waited.CancelAfter(Options.QueueTimeout);
            try
            {
                lease = await _limiter.AcquireAsync(1, waited.Token);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away while waiting: nothing was done, nobody to answer.
                return;
            }
            catch (OperationCanceledException)
            {
                Refuse(context);
                return;
            }
        }
        using (lease)
        {
            if (!lease.IsAcquired)
            {
                Refuse(context);
                return;
            }
            await next(context);
        }
    }

    private void Refuse(HttpContext context)
    {
        context.Items[RefusedItem] = true;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(Options.QueueTimeout.TotalSeconds / 6)).ToString(CultureInfo.InvariantCulture);
    }

    public void Dispose() => _limiter?.Dispose();
}

/// <summary>The gate's settings, section "Hosting:RequestGate".</summary>
public sealed class RequestGateOptions
{
    public const string Section = "Hosting:RequestGate";

    /// <summary>Requests that run at once; 0 turns the gate off. By default four per processor.</summary>
    public int ConcurrentRequests { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Requests that may wait at once; one more is refused straight away.</summary>
    public int QueueLimit { get; set; } = 2000;

    /// <summary>How long a request may wait for its turn.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Endpoint metadata: the request does not wait for the gate (<see cref="RequestGate"/>).</summary>
public sealed class OutsideRequestGateMetadata
{
    public static readonly OutsideRequestGateMetadata Instance = new();
}

public static class RequestGateExtensions
{
    /// <summary>A download or an upload, which spends its time on the network: it passes by the request gate.</summary>
    public static T OutsideRequestGate<T>(this T builder) where T : IEndpointConventionBuilder =>
        builder.WithMetadata(OutsideRequestGateMetadata.Instance);

    public static IServiceCollection AddRequestGate(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new RequestGateOptions();
        configuration.GetSection(RequestGateOptions.Section).Bind(options);
        return services.AddSingleton(new RequestGate(options));
    }

    /// <summary>After static files (which never wait) and before authentication (whose security-stamp check reads the database).</summary>
    public static IApplicationBuilder UseRequestGate(this IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<RequestGate>();
        return app.Use(next => context => gate.InvokeAsync(context, next));
    }
}
