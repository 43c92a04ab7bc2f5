using System.Security.Claims;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Web.Hosting;

namespace EnterpriseAid.Web.Features.Problems;

/// <summary>Turns the signed-in user's claims into what they are to one problem.</summary>
public static class ProblemActors
{
    public static ActorContext For(ClaimsPrincipal user, long problemEnterpriseId)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0;
        var name = user.FindFirstValue(PortalClaims.DisplayName) is { Length: > 0 } display ? display : user.Identity?.Name ?? string.Empty;
        if (name.Length > Actor.NameMaxLength) name = name[..Actor.NameMaxLength];
        var isDepartment = user.FindFirstValue(PortalClaims.OrgKind) == nameof(OrgUnitKind.Department);
        long? department = isDepartment && long.TryParse(user.FindFirstValue(PortalClaims.OrgUnitId), out var unit) ? unit : null;
        var enterpriseId = long.TryParse(user.FindFirstValue(PortalClaims.EnterpriseId), out var e) ? e : (long?)null;
        return new ActorContext(new Actor(userId, name, department))
        {
            IsDispatcher = user.IsInRole(PortalRoles.Dispatcher) || user.IsInRole(PortalRoles.Administrator),
            IsSupervisor = user.IsInRole(PortalRoles.Supervisor),
            IsEnterpriseOwner = enterpriseId is not null && enterpriseId == problemEnterpriseId,
            IsOfficial = user.IsInRole(PortalRoles.Official),
        };
    }

    /// <summary>Deadlines and flags are Beijing dates whatever zone the server runs in.</summary>
    public static DateOnly ChinaToday(TimeProvider clock) => ChinaTime.Today(clock);
}
