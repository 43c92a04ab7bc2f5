namespace EnterpriseAid.Infrastructure.Auditing;

/// <summary>Account events that go to the audit log besides record changes.</summary>
public enum SecurityEvent
{
    SignedIn,
    SignedOut,
    SignInFailed,
    LockedOut,
    PasswordChanged,
    PasswordReset,
    AccountDisabled,
    AccountEnabled,
    /// <summary>A call of the REST API /api/v1: the client, the endpoint, the status and the problem (ADR-028).</summary>
    ApiCall,
}

/// <summary>Who is acting, for the audit log: the signed-in user and the client address.</summary>
public sealed record AuditActor(long? UserId, string? UserName, string? IpAddress)
{
    public static readonly AuditActor System = new(null, "system", null);
}

public interface IAuditActorAccessor
{
    AuditActor Current { get; }
}

/// <summary>Writes account events (sign-in, failures, lockouts, password changes) to the audit log.</summary>
public interface ISecurityAudit
{
    Task RecordAsync(SecurityEvent kind, string? userName, long? userId, string? detail = null, CancellationToken ct = default);
}
