using System.Globalization;
using EnterpriseAid.Domain.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EnterpriseAid.Web.Features.Api;

public static class ApiClientEndpoints
{
    public static string RevokePath(long id) => $"/admin/api-clients/{id.ToString(CultureInfo.InvariantCulture)}/revoke";

    /// <summary>POST /admin/api-clients/{id}/revoke (a form with antiforgery and the row version): the key stops working at its next call.</summary>
    public static void MapApiClientEndpoints(this WebApplication app) =>
        app.MapPost("/admin/api-clients/{id:long}/revoke", async (long id, [FromForm] uint? version, ApiClientCommands commands, CancellationToken ct) =>
                version is { } v && await commands.RevokeAsync(id, v, ct)
                    ? Results.LocalRedirect("/admin/api-clients?revoked=1")
                    : Results.LocalRedirect("/admin/api-clients?stale=1"))
            .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.Administrator })
            .ExcludeFromDescription();
}
