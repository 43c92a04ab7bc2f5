using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace EnterpriseAid.Web.Hosting;

public static class Localization
{
    public static readonly CultureInfo Chinese = new("zh-CN");
    public static readonly CultureInfo English = new("en-US");
    public static readonly CultureInfo[] Supported = [Chinese, English];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services) =>
        services.AddLocalization(o => o.ResourcesPath = "Resources");

    /// <summary>
    /// Chinese unless the user chose English (cookie). The browser's Accept-Language is ignored on
    /// purpose: the portal is a Chinese government system whatever the device's language.
    /// </summary>
    public static void UsePortalLocalization(this WebApplication app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Chinese),
            SupportedCultures = Supported,
            SupportedUICultures = Supported,
        };
        options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        app.UseRequestLocalization(options);
    }

    public static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture", (string? culture, string? returnUrl, HttpContext http) =>
        {
            var chosen = Supported.FirstOrDefault(c => c.Name == culture) ?? Chinese;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).AllowAnonymous();
}
