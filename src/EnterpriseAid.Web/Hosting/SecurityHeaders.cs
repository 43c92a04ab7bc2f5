namespace EnterpriseAid.Web.Hosting;

public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the portal's own files: no inline script, no eval (htmx is told so in
    /// PortalHead.razor). Inline styles stay allowed because ECharts and Bootstrap set style
    /// attributes from script.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'none'";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "strict-origin-when-cross-origin",
        ["X-Frame-Options"] = "DENY",
        ["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
    };

    /// <summary>
    /// Adds the headers to every response, static files and error pages included. They are set
    /// when the response starts, because the exception handler clears headers set earlier, and
    /// they overwrite what others set (antiforgery adds X-Frame-Options: SAMEORIGIN), so the
    /// policy is the one stated here. Register it first.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                foreach (var (name, value) in All) headers[name] = value;
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
