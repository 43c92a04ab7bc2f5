using System.Security.Claims;
using EnterpriseAid.Domain.Identity;
using FluentValidation;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>Who may use the 三个一批 pages (ADR-020).</summary>
public static class ProjectRoles
{
    /// <summary>Create, edit, advance, report investment, keep the procedures checklist.</summary>
    public const string Managers = "Administrator,Supervisor,Dispatcher";

    /// <summary>Read the projects in their scope; enterprises do not.</summary>
    public const string Readers = "Administrator,Supervisor,Dispatcher,Official,DepartmentHandler";

    public static bool CanManage(ClaimsPrincipal user) =>
        user.IsInRole(PortalRoles.Administrator) || user.IsInRole(PortalRoles.Supervisor) || user.IsInRole(PortalRoles.Dispatcher);
}

public static class ProjectFeature
{
    public static IServiceCollection AddProjectFeature(this IServiceCollection services)
    {
        services.AddScoped<ProjectQueries>();
        services.AddScoped<ProjectCommands>();
        services.AddScoped<Ledger.ILedgerSection, ProjectLedgerSection>();
        services.AddSingleton<IValidator<ProjectFormModel>, ProjectFormValidator>();
        services.AddSingleton<IValidator<AdvanceFormModel>, AdvanceFormValidator>();
        services.AddSingleton<IValidator<ReportFormModel>, ReportFormValidator>();
        services.AddSingleton<IValidator<ProceduresFormModel>, ProceduresFormValidator>();
        return services;
    }
}
