using System.Diagnostics;
using Serilog;

namespace EnterpriseAid.Web.Hosting;

public static class Logging
{
    /// <summary>
    /// Serilog behind Microsoft.Extensions.Logging, configured from the "Serilog" section
    /// (console + rolling file). Serilog.AspNetCore is not available here, so the request log
    /// line is written by <see cref="RequestLogging"/>.
    /// </summary>
    public static void AddPortalLogging(this WebApplicationBuilder builder)
    {
        Log.Logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(Log.Logger, dispose: false);
    }
}

/// <summary>One structured log line per request: method, path, status and elapsed time.</summary>
public sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var status = context.Response.StatusCode;
            var level = status >= 500 ? LogLevel.Error : LogLevel.Information;
            logger.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {Elapsed:0.0} ms",
                context.Request.Method, context.Request.Path.Value, status, elapsed);
        }
    }
}
