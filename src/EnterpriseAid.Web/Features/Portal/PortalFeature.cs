namespace EnterpriseAid.Web.Features.Portal;

/// <summary>企业服务: the enterprise user's own pages (its problems, pushed policies, a new 诉求).</summary>
public static class PortalFeature
{
    public static IServiceCollection AddPortalFeature(this IServiceCollection services)
    {
        services.AddScoped<PortalQueries>();
        return services;
    }
}
