using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace EnterpriseAid.Web.Hosting;

public static class Health
{
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
        }).AllowAnonymous()
            // Read only: a POST is refused (405) rather than answered.
            .WithMetadata(new Microsoft.AspNetCore.Routing.HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]));
}
