using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Domain.Policies;

/// <summary>
/// The facts of an enterprise that policy eligibility looks at, detached from the entity so that
/// rules can be checked on a projection (a list row, an import line) as well as on an <see cref="Enterprise"/>.
/// </summary>
public sealed record EnterpriseFacts(
    string ScaleClass,
    string IndustrySection,
    IReadOnlyCollection<string> Tags,
    long TownId,
    int Employees,
    DateOnly? EstablishedOn)
{
    public static EnterpriseFacts Of(Enterprise e) =>
        new(e.ScaleClass, e.IndustrySection, e.Tags, e.TownId, e.Employees, e.EstablishedOn);
}
