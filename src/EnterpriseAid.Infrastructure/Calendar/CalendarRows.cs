namespace EnterpriseAid.Infrastructure.Calendar;

/// <summary>
/// One row of deadline_rules. <see cref="Category"/> <c>*</c> with an urgency code is the default resolution
/// time for every category; <c>*</c>/<c>*</c> is the dispatch time (交办时限); any other row is an override.
/// </summary>
public sealed class DeadlineRuleRow
{
    public const string AnyCategory = "*";
    public const string Dispatch = "*";
    public const int UrgencyMaxLength = 16;

    public string Category { get; set; } = string.Empty;
    /// <summary>An urgency code (<c>ordinary</c>, <c>urgent</c>, <c>complex</c>) or <see cref="Dispatch"/>.</summary>
    public string Urgency { get; set; } = string.Empty;
    public int WorkingDays { get; set; }
}

/// <summary>The last problem number handed out in a year; only <see cref="ProblemNumbers"/> writes it.</summary>
public sealed class ProblemNumberCounter
{
    public int Year { get; set; }
    public int Last { get; set; }
}

/// <summary>
/// A row of the enterprise_departments view: a department linked to an enterprise by an active
/// <c>department</c> assignment (<see cref="Via"/> <c>assignment</c>) or by leading or co-handling one of
/// its problems (<c>lead</c>, <c>co_handler</c>). It exists for the department scope's query filters: a
/// view, unlike the assignments and problems DbSets, carries no query filter of its own, so the enterprise
/// filter can read it without the filters referring to each other in a cycle.
/// </summary>
public sealed class EnterpriseDepartmentLink
{
    public const string ViaAssignment = "assignment";

    public long EnterpriseId { get; private set; }
    public long DepartmentId { get; private set; }
    public string Via { get; private set; } = string.Empty;
}
