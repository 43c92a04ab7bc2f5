namespace EnterpriseAid.Web.Features.Subsidies;

public static class SubsidyFeature
{
    public static IServiceCollection AddSubsidyFeature(this IServiceCollection services)
    {
        services.AddScoped<SubsidyQueries>();
        services.AddScoped<SubsidyFigures>();
        services.AddScoped<SubsidyCommands>();
        services.AddSingleton<FluentValidation.IValidator<SubsidyProgramForm>, SubsidyProgramFormValidator>();
        return services;
    }
}
