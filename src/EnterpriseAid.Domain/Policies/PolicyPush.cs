namespace EnterpriseAid.Domain.Policies;

/// <summary>
/// 推送记录: one policy delivered to one enterprise. At most one per policy and enterprise (a repeated
/// push leaves the first delivery as it is); <see cref="ReadAt"/> is set the first time a user of the
/// enterprise opens the policy.
/// </summary>
public sealed class PolicyPush
{
    private PolicyPush() { }

    public long Id { get; private set; }
    public long PolicyId { get; private set; }
    public long EnterpriseId { get; private set; }
    public DateTimeOffset PushedAt { get; private set; }
    public long PushedByUserId { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }

    public static PolicyPush Deliver(long policyId, long enterpriseId, long pushedByUserId, DateTimeOffset now) =>
        new() { PolicyId = policyId, EnterpriseId = enterpriseId, PushedByUserId = pushedByUserId, PushedAt = now };

    /// <summary>Marks the delivery read; the first reading counts, later ones change nothing.</summary>
    public bool MarkRead(DateTimeOffset now)
    {
        if (ReadAt is not null) return false;
        ReadAt = now;
        return true;
    }
}
