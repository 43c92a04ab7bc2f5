namespace EnterpriseAid.Domain.Visits;

/// <summary>
/// The visit figures of a scope and period:
/// <list type="bullet">
/// <item>走访 家次 (<see cref="EnterpriseVisits"/>): enterprise-visits — each counted visit counts once for each of its
/// enterprises in the scope, so a symposium with 5 enterprises counts 5 家次;</item>
/// <item>座谈会 场 (<see cref="Symposia"/>): counted symposia with at least one enterprise in the scope, once each;</item>
/// <item>走访企业 家 (<see cref="EnterprisesCovered"/>): distinct enterprises in the scope visited at least once.</item>
/// </list>
/// Every kind counts (实地走访, 座谈会, 电话/线上, 检查) except an inspection recorded as joining another one the same
/// day: that is the same inspection written down by a second official. A visit falls in a period by its visit date
/// (a Beijing date). Counted in SQL by EnterpriseAid.Infrastructure.Reporting.VisitFigureQuery, the one definition.
/// </summary>
public sealed record VisitFigures(int EnterpriseVisits, int Symposia, int EnterprisesCovered)
{
    public static readonly VisitFigures None = new(0, 0, 0);
}
