namespace EnterpriseAid.Domain.Problems;

/// <summary>延期申请 waiting for a dispatcher or supervisor; at most one per problem at a time.</summary>
public sealed class ExtensionRequest
{
    private ExtensionRequest() { }

    internal ExtensionRequest(DateOnly newDeadline, string reason, Actor requester, DateTimeOffset at)
    {
        NewDeadline = newDeadline;
        Reason = reason;
        RequestedByUserId = requester.UserId;
        RequestedByName = requester.Name;
        RequestedAt = at;
    }

    public DateOnly NewDeadline { get; private set; }
    public string Reason { get; private set; } = string.Empty;
    public long RequestedByUserId { get; private set; }
    public string RequestedByName { get; private set; } = string.Empty;
    public DateTimeOffset RequestedAt { get; private set; }
}
