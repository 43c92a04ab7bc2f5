using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EnterpriseAid.Infrastructure.Auditing;

/// <summary>Without a web request there is nobody signed in: jobs, start-up and scripts act as the system.</summary>
public sealed class SystemAuditActorAccessor : IAuditActorAccessor
{
    public AuditActor Current => AuditActor.System;
}

public static class AuditingServices
{
    /// <summary>
    /// The audit interceptor, the account-event writer and a system actor. A host that knows who is
    /// signed in registers its own <see cref="IAuditActorAccessor"/> (a singleton) to replace it.
    /// </summary>
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.TryAddSingleton<IAuditActorAccessor, SystemAuditActorAccessor>();
        services.TryAddSingleton(TimeProvider.System);
        // Singletons: the pooled context factory builds its options once, from the root provider.
        services.TryAddSingleton<AuditingInterceptor>();
        services.TryAddSingleton<ISecurityAudit, SecurityAudit>();
        return services;
    }
}
