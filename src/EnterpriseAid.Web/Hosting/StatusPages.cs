using System.Diagnostics;
using EnterpriseAid.Web.Components.Pages;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnterpriseAid.Web.Hosting;

public static class StatusPages
{
    /// <summary>
    /// Unhandled exceptions and empty error responses are re-executed to /status/{code}, which
    /// answers every method with a full Chinese page. A failure caused by the database being away
    /// becomes 503 rather than 500: it is an outage, not a defect, and monitors should see it so.
    /// </summary>
    public static void UsePortalStatusPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/status/500", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        // Blazor answers a bad form post with an empty 400 that already carries a content type,
        // which makes the status code pages leave it alone; clear it so the page is shown.
        app.Use(async (context, next) =>
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
            {
                context.Response.ContentType = null;
            }
        });
    }

    public static void MapPortalStatusPages(this WebApplication app) =>
        app.Map("/status/{code:int}", (int code, HttpContext http) =>
        {
            var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is not null && DatabaseUnavailable.IsCause(error)) code = StatusCodes.Status503ServiceUnavailable;
            if (code is < 400 or > 599) code = StatusCodes.Status404NotFound;
            // Left by the component endpoint that failed; the status page's renderer sets it again.
            http.Response.Headers.Remove("blazor-enhanced-nav");
            return new RazorComponentResult<StatusDocument>(new
            {
                Code = code,
                RequestId = code >= 500 ? Activity.Current?.Id ?? http.TraceIdentifier : null,
            })
            { StatusCode = code };
        }).DisableAntiforgery().ExcludeFromDescription();
}
