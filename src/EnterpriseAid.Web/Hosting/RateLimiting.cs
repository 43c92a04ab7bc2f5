using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// ASP.NET Core rate limiting, one named policy per limit. The "login" policy limits sign-in attempts (POSTs of the login
/// form) per client address and user name, on top of the account lockout: it slows guessing
/// across many requests without locking anyone out. A refused attempt answers 429 with the
/// Chinese status page; viewing the form is never limited. The "api" policy limits /api/v1 calls per
/// API client and answers a JSON problem with Retry-After.
/// </summary>
public static class RateLimiting
{
    public const string LoginPolicy = "login";
    /// <summary>/api/v1: a fixed window per API client (Api:RateLimit:PermitLimit calls per Api:RateLimit:WindowSeconds).</summary>
    public const string ApiPolicy = "api";
    /// <summary>Sign-in attempts allowed per client address and user name in each <see cref="LoginWindow"/>, unless <see cref="LoginPermitLimitSetting"/> says otherwise.</summary>
    public const int LoginPermitLimit = 10;
    public const string LoginPermitLimitSetting = "RateLimiting:LoginPermitLimit";
    public static readonly TimeSpan LoginWindow = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(LoginPolicy, context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("view");
                var limit = context.RequestServices.GetRequiredService<IConfiguration>().GetValue(LoginPermitLimitSetting, LoginPermitLimit);
                return RateLimitPartition.GetFixedWindowLimiter(LoginPartition(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, limit),
                    Window = LoginWindow,
                    QueueLimit = 0,
                });
            });
        });
        var permits = configuration.GetValue("Api:RateLimit:PermitLimit", 120);
        var window = TimeSpan.FromSeconds(configuration.GetValue("Api:RateLimit:WindowSeconds", 60));
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

    /// <summary>
    /// The rate limiter, after routing (the policy is endpoint metadata). The login form is read
    /// before it, asynchronously, so the partition can name the user; the page reads the same
    /// buffered form afterwards.
    /// </summary>
    public static IApplicationBuilder UsePortalRateLimiting(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == LoginPolicy
                && context.Request.HasFormContentType)
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                context.Items[UserNameItem] = form["Input.UserName"].ToString();
            }
            await next(context);
        });
        return app.UseRateLimiter();
    }

    private const string UserNameItem = "ea:login-user-name";

    private static string LoginPartition(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "-";
        var userName = (context.Items[UserNameItem] as string ?? "").Trim().ToLowerInvariant();
        // A user name is at most 32 characters on the form; longer input still gets one partition, not one per variant.
        if (userName.Length > 64) userName = userName[..64];
        return address + "|" + userName;
    }
}
