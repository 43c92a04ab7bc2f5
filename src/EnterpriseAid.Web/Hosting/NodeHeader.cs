namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// <c>X-EA-Node</c> on every response, naming the web node that answered, when <c>Hosting:NodeHeader</c> holds a
/// name (scripts/two-nodes.sh sets it; a production deployment normally leaves it empty, ADR-026).
/// </summary>
public static class NodeHeader
{
    public const string Setting = "Hosting:NodeHeader";
    public const string Name = "X-EA-Node";

    public static IApplicationBuilder UseNodeHeader(this IApplicationBuilder app, IConfiguration configuration)
    {
        var node = configuration[Setting];
        if (string.IsNullOrWhiteSpace(node)) return app;
        node = node.Trim();
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Name] = node;
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
