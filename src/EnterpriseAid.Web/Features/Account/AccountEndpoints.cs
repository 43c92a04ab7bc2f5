using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace EnterpriseAid.Web.Features.Account;

public static class AccountFeature
{
    public static IServiceCollection AddAccountFeature(this IServiceCollection services) =>
        services.AddScoped<AccountService>();

    /// <summary>Sign-out is a POST with the antiforgery token (bound from the form), so a link elsewhere cannot sign a user out.</summary>
    public static void MapAccountEndpoints(this WebApplication app) =>
        app.MapPost("/account/logout", async ([FromForm] string? returnUrl, HttpContext http, AccountService accounts) =>
        {
            await accounts.SignOutAsync(http.User);
            return Results.LocalRedirect("/account/login");
        });
}
