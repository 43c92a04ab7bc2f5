namespace EnterpriseAid.Web.Features.Dashboard;

public static class DashboardFeature
{
    /// <summary>Who may open the 领导驾驶舱: supervisors, dispatchers (活动办) and administrators.</summary>
    public const string Readers = "Administrator,Supervisor,Dispatcher";

    public static IServiceCollection AddDashboardFeature(this IServiceCollection services)
    {
        services.AddScoped<DashboardQueries>();
        services.AddScoped<DashboardBreakdowns>();
        services.AddScoped<DashboardData>();
        services.AddOptions<DashboardSnapshotOptions>().BindConfiguration(DashboardSnapshotOptions.Section);
        services.AddSingleton<DashboardSnapshotRefresher>();
        services.AddHostedService<DashboardSnapshotJob>();
        return services;
    }
}
