using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Security;

/// <summary>Every route the running portal exposes, read from its endpoint data sources, not listed by hand.</summary>
public sealed record PortalRoute(string Pattern, IReadOnlyList<string> Methods, bool AllowsAnonymous, IReadOnlyList<string> Roles, IReadOnlyList<string> Parameters)
{
    public bool IsGet => Methods.Count == 0 || Methods.Contains("GET");
    public bool IsPost => Methods.Count == 0 || Methods.Contains("POST");
    public bool AllowsRole(string role) => Roles.Count == 0 || Roles.Contains(role);

    public static IReadOnlyList<PortalRoute> Discover(IServiceProvider services) =>
        services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e =>
            {
                var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
                var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var roles = e.Metadata.GetOrderedMetadata<IAuthorizeData>()
                    .Where(a => !string.IsNullOrEmpty(a.Roles))
                    .SelectMany(a => a.Roles!.Split(',', StringSplitOptions.TrimEntries)).Distinct().ToList();
                var parameters = e.RoutePattern.Parameters.Select(p => p.Name).ToList();
                return new PortalRoute("/" + e.RoutePattern.RawText!.TrimStart('/'), methods.ToList(), anonymous, roles, parameters);
            })
            .GroupBy(r => r.Pattern)
            .Select(g => g.Aggregate((a, b) => a with
            {
                Methods = a.Methods.Count == 0 || b.Methods.Count == 0 ? [] : a.Methods.Union(b.Methods).ToList(),
            }))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();

    /// <summary>The URL for this route with each parameter replaced.</summary>
    public string Url(Func<string, string> parameterValue)
    {
        var url = Pattern;
        foreach (var p in Parameters)
        {
            url = System.Text.RegularExpressions.Regex.Replace(url, "\\{" + p + "(:[^}]*)?\\}", parameterValue(p));
        }
        return url;
    }
}
