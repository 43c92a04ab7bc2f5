using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Calendar;

/// <summary>Hands out 问题编号 per year from problem_number_counters.</summary>
public static class ProblemNumbers
{
    /// <summary>
    /// The next number of <paramref name="year"/>. The upsert locks the year's row, so concurrent callers
    /// queue and each gets the next value. Inside a caller's transaction the lock is held until it commits,
    /// which keeps numbers gap-free when the registration rolls back.
    /// </summary>
    public static async Task<ProblemNumber> NextAsync(AppDbContext db, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (year is < ProblemNumber.MinYear or > ProblemNumber.MaxYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, "问题编号的年份无效");
        var values = await db.Database.SqlQuery<int>($"""
            INSERT INTO problem_number_counters (year, last) VALUES ({year}, 1)
            ON CONFLICT (year) DO UPDATE SET last = problem_number_counters.last + 1
            RETURNING last AS "Value"
            """).ToListAsync(ct);
        return ProblemNumber.Create(year, values.Single());
    }
}
