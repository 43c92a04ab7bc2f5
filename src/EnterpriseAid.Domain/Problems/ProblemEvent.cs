namespace EnterpriseAid.Domain.Problems;

public enum ProblemEventKind
{
    Registered = 1,
    SolvedOnSpot,
    Dispatched,
    Accepted,
    Returned,
    Reassigned,
    ProgressNoted,
    CoHandlerFinished,
    Resolved,
    Rated,
    Reopened,
    Closed,
    ExtensionRequested,
    ExtensionApproved,
    ExtensionRejected,
    /// <summary>预警: the escalation job saw the problem's deadline flag rise.</summary>
    Escalated,
    /// <summary>督办单 issued on the problem to its lead department.</summary>
    NoticeIssued,
    /// <summary>The department's reply to a 督办单.</summary>
    NoticeReplied,
}

/// <summary>
/// One line of a problem's timeline: who did what when, the state before and after,
/// and the free text they wrote (reason, progress, resolution, comment).
/// </summary>
public sealed class ProblemEvent
{
    public const int SummaryMaxLength = 200;
    public const int StateMaxLength = 500;
    public const int DetailMaxLength = 2000;

    private ProblemEvent() { }

    internal ProblemEvent(DateTimeOffset at, Actor actor, ProblemEventKind kind, string summary, string? before, string? after, string? detail)
    {
        At = at;
        ActorUserId = actor.UserId;
        ActorName = actor.Name;
        Kind = kind;
        Summary = summary;
        Before = before;
        After = after;
        Detail = detail;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public long ActorUserId { get; private set; }
    public string ActorName { get; private set; } = string.Empty;
    public ProblemEventKind Kind { get; private set; }
    public string Summary { get; private set; } = string.Empty;
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string? Detail { get; private set; }
}
