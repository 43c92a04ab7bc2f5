using System.Globalization;
using System.Security.Claims;
using EnterpriseAid.Infrastructure.Auditing;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// The signed-in user and the client address of the current request, for the audit log. A
/// singleton over <see cref="IHttpContextAccessor"/>, because the audit interceptor is shared by
/// every pooled DbContext and cannot reach request services. Outside a request: the system.
/// </summary>
public sealed class HttpAuditActorAccessor(IHttpContextAccessor http) : IAuditActorAccessor
{
    public AuditActor Current
    {
        get
        {
            var context = http.HttpContext;
            if (context is null) return AuditActor.System;

            var address = context.Connection.RemoteIpAddress;
            // With UseForwardedHeaders in front, this is the client's address, not nginx's.
            var ip = address is null ? null : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

            var user = context.User;
            if (user.Identity?.IsAuthenticated != true) return new AuditActor(null, null, ip);
            var id = long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
                ? v
                : (long?)null;
            return new AuditActor(id, user.FindFirstValue(ClaimTypes.Name) ?? user.Identity.Name, ip);
        }
    }
}

public static class AuditActorRegistration
{
    /// <summary>Replaces Infrastructure's system-only actor with the signed-in user of the request.</summary>
    public static IServiceCollection AddAuditActor(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IAuditActorAccessor, HttpAuditActorAccessor>();
        return services;
    }
}
