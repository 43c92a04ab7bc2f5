namespace EnterpriseAid.Domain.Problems;

/// <summary>What a user can do to a problem; one per state-changing method of <see cref="Problem"/>.</summary>
public enum ProblemAction
{
    SolveOnSpot = 1,
    Dispatch,
    Accept,
    Return,
    Reassign,
    NoteProgress,
    FinishCoHandling,
    Resolve,
    Rate,
    Close,
    RequestExtension,
    ApproveExtension,
    RejectExtension,
}
