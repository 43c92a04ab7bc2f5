using System.Linq.Expressions;

namespace EnterpriseAid.Domain.Visits;

/// <summary>
/// Which visits the visit figures count (ADR-013). Like <c>ProblemFigureRules</c>, these expressions are the
/// only definition: EnterpriseAid.Infrastructure.Reporting translates them to SQL.
/// </summary>
public static class VisitFigureRules
{
    /// <summary>
    /// A visit that counts: every kind (实地走访, 座谈会, 电话/线上, 检查) except an inspection recorded as joining
    /// another one the same day — that is the same inspection written down by a second official.
    /// </summary>
    public static readonly Expression<Func<Visit, bool>> Counted = v => v.JoinsInspectionId == null;

    /// <summary>座谈会: a counted visit of the kind symposium.</summary>
    public static readonly Expression<Func<Visit, bool>> Symposium = v => v.JoinsInspectionId == null && v.Kind == VisitKind.Symposium;

    /// <summary>The visits on Beijing days <paramref name="from"/> to <paramref name="to"/>, both included (the visit date is already a Beijing date).</summary>
    public static Expression<Func<Visit, bool>> Between(DateOnly from, DateOnly to) => v => v.VisitedOn >= from && v.VisitedOn <= to;
}

/// <summary>
/// The visit figures of a scope and period:
/// <list type="bullet">
/// <item>走访 家次 (<see cref="EnterpriseVisits"/>): enterprise-visits — each counted visit counts once for each of its
/// enterprises in the scope, so a symposium with 5 enterprises counts 5 家次;</item>
/// <item>座谈会 场 (<see cref="Symposia"/>): counted symposia with at least one enterprise in the scope, once each;</item>
/// <item>走访企业 家 (<see cref="EnterprisesCovered"/>): distinct enterprises in the scope visited at least once.</item>
/// </list>
/// </summary>
public sealed record VisitFigures(int EnterpriseVisits, int Symposia, int EnterprisesCovered)
{
    public static readonly VisitFigures None = new(0, 0, 0);
}
