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
        var (start, end) = RegistrationInstants(from, to);
        if (start is { } s) problems = problems.Where(p => p.CreatedAt >= s);
        if (end is { } e) problems = problems.Where(p => p.CreatedAt < e);
        return problems;
    }

    /// <summary>The instants bounding the Beijing days <paramref name="from"/> to <paramref name="to"/>: [from 00:00, to + 1 day 00:00), null where open.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End) RegistrationInstants(DateOnly? from, DateOnly? to) =>
        (from is { } f ? ChinaTime.StartOfDay(f) : null, to is { } t ? ChinaTime.StartOfDay(t.AddDays(1)) : null);
}
