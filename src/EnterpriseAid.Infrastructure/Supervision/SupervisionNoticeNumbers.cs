using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Supervision;

/// <summary>The last 督办单 number handed out in a year; only <see cref="SupervisionNoticeNumbers"/> writes it.</summary>
public sealed class SupervisionNoticeCounter
{
    public int Year { get; set; }
    public int Last { get; set; }
}

/// <summary>Hands out 督办单 numbers per year from supervision_notice_counters, as ProblemNumbers does for problems.</summary>
public static class SupervisionNoticeNumbers
{
    /// <summary>
    /// The next number of <paramref name="year"/>. The upsert locks the year's row until the caller's
    /// transaction ends, so concurrent issuers queue, and a notice that is refused after taking a number
    /// rolls the counter back with it: numbers are unique and without gaps.
    /// </summary>
    public static async Task<SupervisionNoticeNumber> NextAsync(AppDbContext db, int year, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (year is < SupervisionNoticeNumber.MinYear or > SupervisionNoticeNumber.MaxYear)
            throw new ArgumentOutOfRangeException(nameof(year), year, "督办单编号的年份无效");
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Take a notice number inside the transaction that saves the notice, or a refusal leaves a gap.");
        var values = await db.Database.SqlQuery<int>($"""
            INSERT INTO supervision_notice_counters (year, last) VALUES ({year}, 1)
            ON CONFLICT (year) DO UPDATE SET last = supervision_notice_counters.last + 1
            RETURNING last AS "Value"
            """).ToListAsync(ct);
        return SupervisionNoticeNumber.Create(year, values.Single());
    }
}
