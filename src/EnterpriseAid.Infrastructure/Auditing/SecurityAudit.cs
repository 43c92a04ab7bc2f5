using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Auditing;

/// <summary>
/// Writes account events to the audit log through a context of its own, so that recording a
/// failed sign-in neither saves nor is lost with whatever the caller's context holds.
/// </summary>
public sealed class SecurityAudit(IDbContextFactory<AppDbContext> contexts, IAuditActorAccessor actors, TimeProvider clock)
    : ISecurityAudit
{
    public const string EntityType = "User";

    public async Task RecordAsync(SecurityEvent kind, string? userName, long? userId, string? detail = null, CancellationToken ct = default)
    {
        var actor = actors.Current;
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Add(new AuditEntry
        {
            OccurredAt = clock.GetUtcNow(),
            UserId = userId,
            // A failed sign-in names the account that was tried; anything else is done by the actor.
            UserName = AuditEntry.Fit(userName ?? actor.UserName, AuditEntry.UserNameMaxLength),
            IpAddress = AuditEntry.Fit(actor.IpAddress, AuditEntry.IpAddressMaxLength),
            Action = kind.ToString(),
            EntityType = EntityType,
            EntityId = userId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Detail = AuditEntry.Fit(detail, AuditEntry.DetailMaxLength),
        });
        await db.SaveChangesAsync(ct);
    }
}
