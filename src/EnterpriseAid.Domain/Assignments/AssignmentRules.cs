using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Assignments;

/// <summary>
/// Rules that look at an enterprise's assignments together (ADR-009). Periods include both ends and an
/// open end runs on for ever, so "overlap" means at least one day on which both would hold.
/// </summary>
public static class AssignmentRules
{
    /// <summary>
    /// Refuses <paramref name="candidate"/> when the same person or unit already holds the same role on
    /// the enterprise for an overlapping period, or when it is a 包联领导 and another leader's period
    /// overlaps: an enterprise has at most one leader on any day.
    /// </summary>
    /// <param name="existing">The enterprise's other assignments (any others are ignored).</param>
    /// <param name="holderName">The person's or unit's name, for the message.</param>
    public static void EnsureCanAdd(Assignment candidate, IEnumerable<Assignment> existing, Func<Assignment, string> holderName)
    {
        var overlapping = existing
            .Where(o => !ReferenceEquals(o, candidate) && o.EnterpriseId == candidate.EnterpriseId && o.Overlaps(candidate))
            .OrderBy(o => o.StartsOn)
            .ToList();
        if (overlapping.FirstOrDefault(o => o.SameHolderAndRole(candidate)) is { } duplicate)
            throw new DomainException(
                $"{holderName(duplicate)}已是该企业的{RoleName(duplicate.Role)}（{duplicate.PeriodText}），与所填期间重叠，不能重复包联");
        if (candidate.Role == AssignmentRoles.Leader
            && overlapping.FirstOrDefault(o => o.Role == AssignmentRoles.Leader) is { } leader)
            throw new DomainException(
                $"该企业已有包联领导{holderName(leader)}（{leader.PeriodText}），同一时期只能有一名包联领导；请先结束原包联关系，或把开始日期定在其结束之后");
    }

    /// <summary>属地镇办 is, by definition, the town or street office where the enterprise is registered.</summary>
    public static void EnsureLocalTownOffice(Assignment candidate, long enterpriseTownId)
    {
        if (candidate.Role == AssignmentRoles.TownOffice && candidate.OrgUnitId != enterpriseTownId)
            throw new DomainException("属地镇办须为企业所在的镇（街道）");
    }

    public static string RoleName(string role) => Catalog.Find(AssignmentRoles.All, role)?.NameZh ?? role;
}

/// <summary>走访目标: visits each enterprise should receive per quarter, set by an administrator.</summary>
public static class VisitTarget
{
    public const int Min = 1;
    public const int Max = 30;
    public const int Default = 1;

    public static int Validate(int perQuarter) =>
        perQuarter is < Min or > Max ? throw new DomainException($"走访目标须为{Min}至{Max}之间的整数") : perQuarter;
}
