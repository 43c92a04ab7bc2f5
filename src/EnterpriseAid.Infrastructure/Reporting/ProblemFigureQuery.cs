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
        var row = await problems.GroupBy(_ => 1).Select(Selector<int>(today)).FirstOrDefaultAsync(ct);
        return row is null ? ProblemFigures.None : row.Figures;
    }

    /// <summary>
    /// The figures of each group (a town, a department, a category, an official…) in one SQL statement,
    /// <c>GROUP BY</c> the key with the same <c>count(*) FILTER</c> per rule. Groups without problems are absent.
    /// </summary>
    public static async Task<IReadOnlyList<(TKey Key, ProblemFigures Figures)>> FiguresByAsync<TKey>(
        this IQueryable<IGrouping<TKey, Problem>> groups, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var rows = await groups.Select(Selector<TKey>(today)).ToListAsync(ct);
        return rows.Select(r => (r.Key, r.Figures)).ToList();
    }

    /// <summary>
    /// The figures per key (a town, a department, a category…) in one SQL statement: GROUP BY the key with the
    /// same rules. Keys without problems are absent.
    /// </summary>
    public static async Task<Dictionary<TKey, ProblemFigures>> FiguresByAsync<TKey>(this IQueryable<Problem> problems,
        Expression<Func<Problem, TKey>> key, DateOnly today, CancellationToken ct = default) where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(problems);
        var rows = await problems.GroupBy(key).FiguresByAsync(today, ct);
        return rows.ToDictionary(r => r.Key, r => r.Figures);
    }

    /// <summary>g => new Counts { Key = g.Key, Total = g.Count(), SolvedOnSpot = g.Count(rule), … }, built from the rule expressions.</summary>
    private static Expression<Func<IGrouping<TKey, Problem>, Counts<TKey>>> Selector<TKey>(DateOnly today)
    {
        var g = Expression.Parameter(typeof(IGrouping<TKey, Problem>), "g");
        var counts = typeof(Counts<TKey>);
        var bindings = new (string Name, Expression<Func<Problem, bool>>? Rule)[]
        {
            (nameof(Counts<TKey>.Total), null),
            (nameof(Counts<TKey>.SolvedOnSpot), ProblemFigureRules.SolvedOnSpot),
            (nameof(Counts<TKey>.Dispatched), ProblemFigureRules.Dispatched),
            (nameof(Counts<TKey>.Resolved), ProblemFigureRules.Resolved),
            (nameof(Counts<TKey>.Overdue), ProblemFigureRules.OverdueOn(today)),
            (nameof(Counts<TKey>.ResolvedWithDeadline), ProblemFigureRules.ResolvedWithDeadline),
            (nameof(Counts<TKey>.ResolvedByDeadline), ProblemFigureRules.ResolvedByDeadline),
            (nameof(Counts<TKey>.Rated), ProblemFigureRules.Rated),
            (nameof(Counts<TKey>.Satisfied), ProblemFigureRules.Satisfied),
        }.Select(b => (MemberBinding)Expression.Bind(
            counts.GetProperty(b.Name, BindingFlags.Public | BindingFlags.Instance)!,
            b.Rule is null
                ? Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(Problem)], g)
                : Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(Problem)], g, b.Rule)))
        .Prepend(Expression.Bind(counts.GetProperty(nameof(Counts<TKey>.Key))!, Expression.Property(g, nameof(IGrouping<TKey, Problem>.Key))));
        return Expression.Lambda<Func<IGrouping<TKey, Problem>, Counts<TKey>>>(Expression.MemberInit(Expression.New(counts), bindings), g);
    }

    private sealed class Counts<TKey>
    {
        public TKey Key { get; init; } = default!;
        public int Total { get; init; }
        public int SolvedOnSpot { get; init; }
        public int Dispatched { get; init; }
        public int Resolved { get; init; }
        public int Overdue { get; init; }
        public int ResolvedWithDeadline { get; init; }
        public int ResolvedByDeadline { get; init; }
        public int Rated { get; init; }
        public int Satisfied { get; init; }

        public ProblemFigures Figures => new(Total, SolvedOnSpot, Dispatched, Resolved, Overdue,
            ResolvedWithDeadline, ResolvedByDeadline, Rated, Satisfied);
    }
}
