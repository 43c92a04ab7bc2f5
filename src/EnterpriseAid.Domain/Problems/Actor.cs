namespace EnterpriseAid.Domain.Problems;

/// <summary>Who does something to a problem, as the timeline records it.</summary>
public sealed record Actor(long UserId, string Name, long? OrgUnitId)
{
    public const int NameMaxLength = 64;
}

/// <summary>
/// The acting user with what they are to this problem. The caller works out the flags
/// (role, and whether the user belongs to the problem's enterprise or is its 包联干部);
/// <see cref="DepartmentId"/> is the user's own unit, since departments have no sub-units.
/// </summary>
public sealed record ActorContext(Actor Actor)
{
    public bool IsDispatcher { get; init; }
    public bool IsSupervisor { get; init; }
    public bool IsEnterpriseOwner { get; init; }
    public bool IsOfficial { get; init; }
    public long? DepartmentId => Actor.OrgUnitId;
}

/// <summary>A department chosen as lead or co-handler; the name is kept so the timeline reads as it did at the time.</summary>
public sealed record DepartmentRef(long Id, string Name);
