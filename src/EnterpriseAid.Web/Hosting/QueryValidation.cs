using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// A page's [SupplyParameterFromQuery] numbers and dates are parsed by Blazor, which throws on a
/// value it cannot read (<c>?page=abc</c> would be a 500). This answers such a request 400, with
/// the Chinese status page, before the page runs. Strings are never refused; a NUL is dropped.
/// </summary>
public static class QueryValidation
{
    private static readonly ConcurrentDictionary<Type, (string Name, Type Type)[]> Parameters = new();

    public static IApplicationBuilder UseQueryValidation(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // A NUL character can be stored and compared nowhere (PostgreSQL text refuses it) and typed by
            // no one: it is dropped, as the lists drop other malformed filter values, so ?q=%00 is ?q=.
            if (context.Request.QueryString.Value is { } raw && raw.Contains("%00", StringComparison.Ordinal))
            {
                context.Request.QueryString = new QueryString(raw.Replace("%00", "", StringComparison.Ordinal));
            }
            if (context.Request.QueryString.HasValue
                && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is { } component)
            {
                foreach (var (name, type) in Parameters.GetOrAdd(component.Type, Discover))
                {
                    if (!context.Request.Query.TryGetValue(name, out var values)) continue;
                    if (values.Any(v => !string.IsNullOrEmpty(v) && !Parses(v!, type)))
                    {
                        context.Response.StatusCode = StatusCodes.Status400BadRequest;
                        return Task.CompletedTask;
                    }
                }
            }
            return next(context);
        });

    private static (string, Type)[] Discover(Type component) =>
        component.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Attribute!.Name ?? x.Property.Name, Element(x.Property.PropertyType)))
            .Where(x => x.Item2 != typeof(string))
            .ToArray();

    private static Type Element(Type t)
    {
        if (t.IsArray) t = t.GetElementType()!;
        return Nullable.GetUnderlyingType(t) ?? t;
    }

    /// <summary>The same parsers, with the same invariant culture, that Blazor applies to query values.</summary>
    private static bool Parses(string value, Type type)
    {
        var c = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, c, out _),
            _ when type == typeof(long) => long.TryParse(value, NumberStyles.Integer, c, out _),
            _ when type == typeof(bool) => bool.TryParse(value, out _),
            _ when type == typeof(decimal) => decimal.TryParse(value, NumberStyles.Number, c, out _),
            _ when type == typeof(double) => double.TryParse(value, NumberStyles.Number, c, out _),
            _ when type == typeof(float) => float.TryParse(value, NumberStyles.Number, c, out _),
            _ when type == typeof(Guid) => Guid.TryParse(value, c, out _),
            _ when type == typeof(DateTime) => DateTime.TryParse(value, c, DateTimeStyles.None, out _),
            _ when type == typeof(DateOnly) => DateOnly.TryParse(value, c, DateTimeStyles.None, out _),
            _ when type == typeof(TimeOnly) => TimeOnly.TryParse(value, c, DateTimeStyles.None, out _),
            // Anything else is a form model or a type Blazor reads itself; leave it to the page.
            _ => true,
        };
    }
}
