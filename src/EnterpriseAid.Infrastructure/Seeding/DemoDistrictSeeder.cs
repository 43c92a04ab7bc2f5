using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// Fills an empty database with <see cref="DemoDistrict"/>. It never touches a database that holds any
/// org unit or enterprise, so switching the demo flag on against real data does no harm.
/// </summary>
public sealed class DemoDistrictSeeder(AppDbContext db, TimeProvider clock, ILogger<DemoDistrictSeeder> logger)
{
    /// <summary>Advisory lock key, so that several nodes starting together seed once.</summary>
    public const long AdvisoryLockKey = 7_420_260_002;

    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        if (await HasDataAsync(ct)) return false;

        // Going through the execution strategy keeps the explicit transaction legal if retries are ever enabled.
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancel =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancel);
            if (await HasDataAsync(cancel)) return false;

            var units = await InsertOrgUnitsAsync(cancel);

            var now = clock.GetUtcNow();
            var demo = DemoDistrict.Enterprises();
            var enterprises = demo
                .Select(e => Enterprise.Register(UnifiedSocialCreditCode.Parse(e.Uscc), e.ToProfile(units[e.TownCode].Id), now))
                .ToList();
            db.Enterprises.AddRange(enterprises);
            await db.SaveChangesAsync(cancel);

            await tx.CommitAsync(cancel);
            logger.LogInformation(
                "Seeded demo district {City}{District}: {OrgUnits} org units, {Enterprises} enterprises",
                DemoDistrict.CityName, DemoDistrict.DistrictName, units.Count, enterprises.Count);
            return true;
        }, ct);
    }

    private async Task<bool> HasDataAsync(CancellationToken ct) =>
        await db.OrgUnits.AnyAsync(ct) || await db.Enterprises.IgnoreQueryFilters().AnyAsync(ct);

    /// <summary>Inserts the tree a level at a time: a child needs its parent's id, and its path needs the parent's path.</summary>
    private async Task<Dictionary<string, OrgUnit>> InsertOrgUnitsAsync(CancellationToken ct)
    {
        var byCode = new Dictionary<string, OrgUnit>(StringComparer.Ordinal);
        var pending = DemoDistrict.OrgUnits.ToList();
        while (pending.Count > 0)
        {
            var level = pending.Where(u => u.ParentCode is null || byCode.ContainsKey(u.ParentCode)).ToList();
            if (level.Count == 0) throw new InvalidOperationException("Demo org units refer to a parent that does not exist.");

            var created = level
                .Select(u => (Demo: u, Unit: OrgUnit.Create(u.Code, u.Name, u.Kind, Parent(u), u.SortOrder)))
                .ToList();
            db.OrgUnits.AddRange(created.Select(c => c.Unit));
            await db.SaveChangesAsync(ct);

            foreach (var (demo, unit) in created)
            {
                unit.AssignPath(Parent(demo));
                byCode.Add(demo.Code, unit);
            }
            await db.SaveChangesAsync(ct);
            pending.RemoveAll(level.Contains);
        }
        return byCode;

        OrgUnit? Parent(DemoOrgUnit u) => u.ParentCode is null ? null : byCode[u.ParentCode];
    }
}
