using System.Globalization;
using System.Linq.Expressions;

namespace EnterpriseAid.Domain.Problems;

/// <summary>
/// Which problems each figure counts (design.md → Figures). These expressions are the only definition:
/// the database counts with them (translated to SQL by EnterpriseAid.Infrastructure.Reporting) and
/// <see cref="ProblemFigures.Of"/> evaluates the same expressions in memory, so a list, a ledger, a
/// dashboard and an export cannot disagree.
/// </summary>
public static class ProblemFigureRules
{
    /// <summary>现场解决: resolved by the official at registration (a reopened one no longer counts).</summary>
    public static readonly Expression<Func<Problem, bool>> SolvedOnSpot = p => p.ResolvedOnSpot;

    /// <summary>交办: dispatched to a department at least once; returns and reassignments do not count again.</summary>
    public static readonly Expression<Func<Problem, bool>> Dispatched = p => p.DispatchedAt != null;

    /// <summary>已解决: resolved or closed (已办结 or 已销号).</summary>
    public static readonly Expression<Func<Problem, bool>> Resolved =
        p => p.Status == ProblemStatus.Resolved || p.Status == ProblemStatus.Closed;

    /// <summary>
    /// Resolved problems that had a deadline, the base of 按期办结率. Problems solved on the spot never had
    /// one and count neither as on time nor as late.
    /// </summary>
    public static readonly Expression<Func<Problem, bool>> ResolvedWithDeadline =
        p => (p.Status == ProblemStatus.Resolved || p.Status == ProblemStatus.Closed) && p.ResolvedByDeadline != null;

    /// <summary>按期办结: resolved on or before the deadline (Beijing date).</summary>
    public static readonly Expression<Func<Problem, bool>> ResolvedByDeadline =
        p => (p.Status == ProblemStatus.Resolved || p.Status == ProblemStatus.Closed) && p.ResolvedByDeadline == true;

    /// <summary>评价: the problem carries a rating (its latest; an unsatisfied one stays while it is handled again).</summary>
    public static readonly Expression<Func<Problem, bool>> Rated = p => p.Satisfaction != null;

    /// <summary>满意: rated 满意 or 基本满意, the two ratings that let a problem be closed.</summary>
    public static readonly Expression<Func<Problem, bool>> Satisfied =
        p => p.Satisfaction == Satisfaction.Satisfied || p.Satisfaction == Satisfaction.BasicallySatisfied;

    /// <summary>未办结 (open): 登记, 已交办 or 办理中 — every problem that is not resolved or closed.</summary>
    public static readonly Expression<Func<Problem, bool>> Open =
        p => p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress;

    /// <summary>逾期: open (登记, 已交办 or 办理中) and past its deadline on <paramref name="today"/> (Beijing date).</summary>
    public static Expression<Func<Problem, bool>> OverdueOn(DateOnly today) =>
        p => (p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress)
             && p.Deadline < today;
}

/// <summary>
/// The figures of one set of problems (a scope, a period, a filter, one enterprise): the counts and the
/// rates built from them. A rate whose base is zero is <c>null</c> and shows as "—", never NaN or 0%.
/// </summary>
public sealed record ProblemFigures(
    int Total,
    int SolvedOnSpot,
    int Dispatched,
    int Resolved,
    int Overdue,
    int ResolvedWithDeadline,
    int ResolvedByDeadline,
    int Rated,
    int Satisfied)
{
    public static readonly ProblemFigures None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>未办结 (open) = 问题总数 − 已解决: the statuses 登记, 已交办 and 办理中.</summary>
    public int Open => Total - Resolved;

    /// <summary>解决率 = 已解决 ÷ 问题总数.</summary>
    public decimal? ResolutionRate => Ratio(Resolved, Total);

    /// <summary>按期办结率 = 按期办结 ÷ 已解决（有办理期限的）.</summary>
    public decimal? OnTimeRate => Ratio(ResolvedByDeadline, ResolvedWithDeadline);

    /// <summary>满意率 = 满意和基本满意 ÷ 已评价.</summary>
    public decimal? SatisfactionRate => Ratio(Satisfied, Rated);

    public static decimal? Ratio(int part, int whole) => whole == 0 ? null : (decimal)part / whole;

    /// <summary>
    /// A rate as the bulletins print it: one decimal at most ("99.7%", "84%"). It never rounds up to 100%
    /// while something is missing, nor down to 0% when something was done.
    /// </summary>
    public static string Percent(decimal? ratio)
    {
        if (ratio is not { } r) return "—";
        var percent = Math.Round(r * 100m, 1, MidpointRounding.AwayFromZero);
        if (percent == 100m && r < 1m) percent = 99.9m;
        if (percent == 0m && r > 0m) percent = 0.1m;
        return percent.ToString("0.#", CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>The figures of problems held in memory, by the same rules the database uses.</summary>
    public static ProblemFigures Of(IEnumerable<Problem> problems, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var list = problems as IReadOnlyCollection<Problem> ?? problems.ToList();
        var overdue = ProblemFigureRules.OverdueOn(today).Compile();
        return new ProblemFigures(
            list.Count,
            list.Count(Compiled.SolvedOnSpot),
            list.Count(Compiled.Dispatched),
            list.Count(Compiled.Resolved),
            list.Count(overdue),
            list.Count(Compiled.ResolvedWithDeadline),
            list.Count(Compiled.ResolvedByDeadline),
            list.Count(Compiled.Rated),
            list.Count(Compiled.Satisfied));
    }

    private static class Compiled
    {
        public static readonly Func<Problem, bool> SolvedOnSpot = ProblemFigureRules.SolvedOnSpot.Compile();
        public static readonly Func<Problem, bool> Dispatched = ProblemFigureRules.Dispatched.Compile();
        public static readonly Func<Problem, bool> Resolved = ProblemFigureRules.Resolved.Compile();
        public static readonly Func<Problem, bool> ResolvedWithDeadline = ProblemFigureRules.ResolvedWithDeadline.Compile();
        public static readonly Func<Problem, bool> ResolvedByDeadline = ProblemFigureRules.ResolvedByDeadline.Compile();
        public static readonly Func<Problem, bool> Rated = ProblemFigureRules.Rated.Compile();
        public static readonly Func<Problem, bool> Satisfied = ProblemFigureRules.Satisfied.Compile();
    }
}
