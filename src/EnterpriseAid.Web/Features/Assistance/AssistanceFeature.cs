using EnterpriseAid.Web.Features.Ledger;

namespace EnterpriseAid.Web.Features.Assistance;

/// <summary>要素保障: records of measures delivered to enterprises, their sums, and their place on the ledger.</summary>
public static class AssistanceFeature
{
    /// <summary>Who records a measure: the officials and dispatchers who serve the enterprise and the delivering departments.</summary>
    public const string Recorders = "Administrator,Dispatcher,Official,DepartmentHandler";

    public static IServiceCollection AddAssistanceFeature(this IServiceCollection services)
    {
        services.AddScoped<AssistanceQueries>();
        services.AddScoped<AssistanceCommands>();
        services.AddScoped<ILedgerSection, AssistanceLedgerSection>();
        return services;
    }
}
