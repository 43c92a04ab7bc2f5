namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// An assignment's enterprise, role and term, read from the assignments table without the scope's query filter. Only for
/// probes tied to an enterprise the same query reads through its own filter (<c>term.EnterpriseId == e.Id</c>): an
/// assignment is seen with its enterprise (ADR-007), so the assignments' filter would test that enterprise's scope a
/// second time, and PostgreSQL answered it by reading every assignment of the region into a hash before probing
/// (docs/performance.md, the coverage lists).
/// </summary>
public sealed class AssignmentTerm
{
    public long EnterpriseId { get; init; }
    public string Role { get; init; } = string.Empty;
    public DateOnly StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
}
