using FluentValidation;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>Administration of the deadline rules (办理时限) and the working-day calendar (工作日历).</summary>
public static class CalendarFeature
{
    public static IServiceCollection AddCalendarFeature(this IServiceCollection services)
    {
        services.AddScoped<DeadlineRulesQueries>();
        services.AddScoped<DeadlineRulesCommands>();
        services.AddSingleton<IValidator<DeadlineRulesFormModel>, DeadlineRulesFormValidator>();
        services.AddScoped<CalendarQueries>();
        services.AddScoped<CalendarImportCommands>();
        return services;
    }

    public static void MapCalendarEndpoints(this WebApplication app) => app.MapCalendarUpload();
}
