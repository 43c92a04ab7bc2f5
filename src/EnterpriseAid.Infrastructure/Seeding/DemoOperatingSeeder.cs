using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// 复工复产 of the demo district: reports on three dates (four weeks, two weeks and one week ago) for most of its
/// enterprises, resuming week by week, entered by the demo <c>official</c>. Values follow from each enterprise's id, so
/// every machine shows the same figures; a few enterprises never report. Runs only on the demo district and while no
/// operating report exists.
/// </summary>
public sealed class DemoOperatingSeeder(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoOperatingSeeder> logger)
{
    public const long AdvisoryLockKey = 7_420_260_045;

    /// <summary>Days before today of the demo report dates, oldest first.</summary>
    public static readonly int[] DaysAgo = [28, 14, 7];

    public async Task<bool> SeedIfNoneAsync(CancellationToken ct = default)
    {
        if (await db.OperatingReports.IgnoreQueryFilters().AnyAsync(ct)) return false;
        var official = await users.FindByNameAsync("official");
        if (official is null) return false;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancel =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancel);
            if (await db.OperatingReports.IgnoreQueryFilters().AnyAsync(cancel)) return false;
            var towns = await db.OrgUnits.AsNoTracking().Where(o => o.Code.StartsWith(DemoDistrict.DistrictCode + "-T"))
                .Select(o => o.Id).ToListAsync(cancel);
            var enterprises = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => towns.Contains(e.TownId))
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.Employees }).ToListAsync(cancel);
            if (enterprises.Count == 0) return false;

            var now = clock.GetUtcNow();
            var today = ChinaTime.DateOf(now);
            var reports = new List<OperatingReport>();
            foreach (var e in enterprises)
            {
                // One in twelve never reports.
                if (e.Id % 12 == 5) continue;
                var usual = Math.Max(1, e.Employees);
                for (var step = 0; step < DaysAgo.Length; step++)
                {
                    // Each week more firms are back: none stopped for good, some still stopped one week ago.
                    var operating = (e.Id + step * 3) % 10 >= 3 - step;
                    var share = operating ? 70 + (int)((e.Id * 7 + step * 11) % 31) : (int)(e.Id % 3) * 5;
                    var onDuty = (int)Math.Min(usual, Math.Round(usual * share / 100m));
                    var capacity = operating ? Math.Min(OperatingReport.MaxCapacityPercent, share + (int)(e.Id % 5) * 3) : 0;
                    reports.Add(OperatingReport.Record(e.Id, today.AddDays(-DaysAgo[step]),
                        new OperatingStatus(operating, onDuty, usual, capacity, null), OperatingReportSource.Staff, official.Id, now));
                }
            }
            db.OperatingReports.AddRange(reports);
            await db.SaveChangesAsync(cancel);
            await tx.CommitAsync(cancel);
            logger.LogInformation("Seeded {Count} demo operating reports", reports.Count);
            return true;
        }, ct);
    }
}
