using EnterpriseAid.Domain.Calendar;

namespace EnterpriseAid.Infrastructure.Escalation;

/// <summary>
/// A problem's current 预警 flag as the escalation job last worked it out; a row exists only while the
/// flag is blue, yellow or red. Kept apart from problems so the job never changes a problem's row
/// version under a user who is acting on it.
/// </summary>
public sealed class ProblemFlag
{
    private ProblemFlag() { }

    public ProblemFlag(long problemId, DeadlineFlag flag, DateTimeOffset at)
    {
        if (flag == DeadlineFlag.None) throw new ArgumentOutOfRangeException(nameof(flag), flag, "Only a raised flag is stored.");
        ProblemId = problemId;
        Flag = flag;
        Since = at;
        CheckedAt = at;
    }

    public long ProblemId { get; private set; }
    public DeadlineFlag Flag { get; private set; }
    /// <summary>When the flag took its current colour.</summary>
    public DateTimeOffset Since { get; private set; }
    /// <summary>The last pass that confirmed it.</summary>
    public DateTimeOffset CheckedAt { get; private set; }

    /// <summary>Row version (PostgreSQL xmin): two passes that overlap cannot both change the same flag.</summary>
    public uint Version { get; private set; }

    public void Change(DeadlineFlag flag, DateTimeOffset at)
    {
        if (flag == DeadlineFlag.None) throw new ArgumentOutOfRangeException(nameof(flag), flag, "A cleared flag is deleted, not stored.");
        Flag = flag;
        Since = at;
        CheckedAt = at;
    }
}

/// <summary>One pass of the escalation job, so operators can see that it runs, where and what it did.</summary>
public sealed class EscalationRun
{
    public const int NodeMaxLength = 100;
    public const int ErrorMaxLength = 1000;

    public long Id { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    /// <summary>Null while the pass runs, or when its node died during it.</summary>
    public DateTimeOffset? FinishedAt { get; private set; }
    public string Node { get; private set; } = string.Empty;
    public int ProblemsChecked { get; private set; }
    public int FlagsRaised { get; private set; }
    public int FlagsLowered { get; private set; }
    public int FlagsCleared { get; private set; }
    /// <summary>Why the pass wrote nothing, when it failed.</summary>
    public string? Error { get; private set; }
}
