using System.Linq.Expressions;
using System.Reflection;
using EnterpriseAid.Domain.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// Counts <see cref="ProblemFigures"/> over any problem query (already scoped and filtered) in one SQL
/// statement: one <c>count(*) FILTER (WHERE …)</c> per rule of <see cref="ProblemFigureRules"/>.
/// Dashboards, briefings and exports call this rather than counting on their own.
/// </summary>
public static class ProblemFigureQuery
{
    public static async Task<ProblemFigures> FiguresAsync(this IQueryable<Problem> problems, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var row = await problems.GroupBy(_ => 1).Select(Selector(today)).FirstOrDefaultAsync(ct);
        return row is null
            ? ProblemFigures.None
            : new ProblemFigures(row.Total, row.SolvedOnSpot, row.Dispatched, row.Resolved, row.Overdue,
                row.ResolvedWithDeadline, row.ResolvedByDeadline, row.Rated, row.Satisfied);
    }

    /// <summary>g => new Counts { Total = g.Count(), SolvedOnSpot = g.Count(rule), … }, built from the rule expressions.</summary>
    private static Expression<Func<IGrouping<int, Problem>, Counts>> Selector(DateOnly today)
    {
        var g = Expression.Parameter(typeof(IGrouping<int, Problem>), "g");
        var bindings = new (string Name, Expression<Func<Problem, bool>>? Rule)[]
        {
            (nameof(Counts.Total), null),
            (nameof(Counts.SolvedOnSpot), ProblemFigureRules.SolvedOnSpot),
            (nameof(Counts.Dispatched), ProblemFigureRules.Dispatched),
            (nameof(Counts.Resolved), ProblemFigureRules.Resolved),
            (nameof(Counts.Overdue), ProblemFigureRules.OverdueOn(today)),
            (nameof(Counts.ResolvedWithDeadline), ProblemFigureRules.ResolvedWithDeadline),
            (nameof(Counts.ResolvedByDeadline), ProblemFigureRules.ResolvedByDeadline),
            (nameof(Counts.Rated), ProblemFigureRules.Rated),
            (nameof(Counts.Satisfied), ProblemFigureRules.Satisfied),
        }.Select(b => (MemberBinding)Expression.Bind(
            typeof(Counts).GetProperty(b.Name, BindingFlags.Public | BindingFlags.Instance)!,
            b.Rule is null
                ? Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(Problem)], g)
                : Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(Problem)], g, b.Rule)));
        return Expression.Lambda<Func<IGrouping<int, Problem>, Counts>>(Expression.MemberInit(Expression.New(typeof(Counts)), bindings), g);
    }

    private sealed class Counts
    {
        public int Total { get; init; }
        public int SolvedOnSpot { get; init; }
        public int Dispatched { get; init; }
        public int Resolved { get; init; }
        public int Overdue { get; init; }
        public int ResolvedWithDeadline { get; init; }
        public int ResolvedByDeadline { get; init; }
        public int Rated { get; init; }
        public int Satisfied { get; init; }
    }
}
