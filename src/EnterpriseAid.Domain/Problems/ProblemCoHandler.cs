namespace EnterpriseAid.Domain.Problems;

/// <summary>协办单位: a department that helps the lead; the problem cannot be resolved until each has finished.</summary>
public sealed class ProblemCoHandler
{
    public const int NoteMaxLength = 1000;

    private ProblemCoHandler() { }

    internal ProblemCoHandler(DepartmentRef department)
    {
        DepartmentId = department.Id;
        DepartmentName = department.Name;
    }

    public long DepartmentId { get; private set; }
    public string DepartmentName { get; private set; } = string.Empty;
    public bool Finished { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public string? Note { get; private set; }

    internal void Finish(string note, DateTimeOffset now)
    {
        Finished = true;
        FinishedAt = now;
        Note = note;
    }

    internal void Reopen()
    {
        Finished = false;
        FinishedAt = null;
        Note = null;
    }
}
