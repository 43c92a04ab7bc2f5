using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>Narrowing problems to a period of Beijing registration days.</summary>
public static class PeriodFilters
{
    /// <summary>Registered on the Beijing days <paramref name="from"/> to <paramref name="to"/> (both included, either open): [from 00:00, to + 1 day 00:00) in Beijing time.</summary>
    public static IQueryable<Problem> RegisteredBetween(this IQueryable<Problem> problems, DateOnly? from, DateOnly? to)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (from is { } f)
        {
            var start = ChinaTime.StartOfDay(f);
            problems = problems.Where(p => p.CreatedAt >= start);
        }
        if (to is { } t)
        {
            var end = ChinaTime.StartOfDay(t.AddDays(1));
            problems = problems.Where(p => p.CreatedAt < end);
        }
        return problems;
    }
}
