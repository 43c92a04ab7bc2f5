using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// The portal's rate limits. Each limit is a named policy added through <c>Configure&lt;RateLimiterOptions&gt;</c>, so
/// features add theirs side by side; the rejection answer is chosen per path (the API answers with a JSON problem and
/// Retry-After) and falls through to what was configured before.
/// </summary>
public static class RateLimiting
{
    /// <summary>/api/v1: a fixed window per API client (Api:RateLimit:PermitLimit calls per Api:RateLimit:WindowSeconds).</summary>
    public const string ApiPolicy = "api";

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("Api:RateLimit:PermitLimit", 120);
        var window = TimeSpan.FromSeconds(configuration.GetValue("Api:RateLimit:WindowSeconds", 60));
        services.AddRateLimiter(_ => { });
        services.Configure<RateLimiterOptions>(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ApiPolicy, context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    // Authorization has run: the partition is the client; an unauthenticated call never gets this far.
                    Features.Api.ApiAuthentication.ClientId(context.User)?.ToString(CultureInfo.InvariantCulture) ?? "anonymous",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true }));
            var previous = o.OnRejected;
            o.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                if (!http.Request.Path.StartsWithSegments("/api"))
                {
                    if (previous is not null) await previous(rejected, ct);
                    return;
                }
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Features.Api.ApiProblems.Write(http, StatusCodes.Status429TooManyRequests, "请求过于频繁",
                    $"每个API密钥每{(int)window.TotalSeconds}秒最多调用{permits}次，请在 Retry-After 所示秒数后重试。");
            };
        });
        return services;
    }
}
