using EnterpriseAid.Domain.Calendar;

namespace EnterpriseAid.Infrastructure.Escalation;

/// <summary>
/// One stored flag with what the 督办 list filters and sorts on (V0072): kept by the database from
/// <see cref="ProblemFlag"/> and its problem, read-only for the application. Seen exactly when its problem is.
/// </summary>
public sealed class FlaggedProblemRow
{
    public long ProblemId { get; init; }
    public DeadlineFlag Flag { get; init; }

    /// <summary>0 red, 1 yellow, 2 blue: the list shows red first.</summary>
    public short FlagRank { get; init; }

    public DateTimeOffset Since { get; init; }

    /// <summary>The problem is 登记, 已交办 or 办理中: only those are listed and counted.</summary>
    public bool IsOpen { get; init; }

    public DateOnly? Deadline { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string RegionPath { get; init; } = "";
    public long? LeadDepartmentId { get; init; }
}
