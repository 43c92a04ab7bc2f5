using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// 包联 for the demo district: a few more officials (four district leaders, town officials) and a
/// deterministic set of assignments — the demo <c>official</c> is liaison of eight 城关街道 enterprises,
/// leaders cover the larger industrial firms of four towns, the 科工信局 and 商务局 are competent
/// departments of some, covered enterprises have their town as 属地镇办, a few assignments are already
/// history, and the other six towns are deliberately left uncovered for the coverage view.
/// Runs only on the demo district with its demo accounts and while no assignment exists at all.
/// </summary>
public sealed class DemoAssignmentsSeeder(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoAssignmentsSeeder> logger)
{
    public sealed record DemoOfficial(string UserName, string DisplayName, string UnitCode);

    /// <summary>Officials besides the demo accounts, all with <see cref="DemoAccountsSeeder.Password"/>.</summary>
    public static readonly IReadOnlyList<DemoOfficial> Officials =
    [
        new("xh.liuzhiqiang", "刘志强", DemoDistrict.DistrictCode),
        new("xh.chenxiaoyan", "陈晓燕", DemoDistrict.DistrictCode),
        new("xh.wangjianguo", "王建国", DemoDistrict.DistrictCode),
        new("xh.zhaominghui", "赵明辉", DemoDistrict.DistrictCode),
        new("cg.lina", "李娜", "XH-T01"),
        // District staff sent to 东湖街道; the street office itself has no account in the demo.
        new("dh.sunpeng", "孙鹏", DemoDistrict.DistrictCode),
        new("qs.zhoutao", "周涛", "XH-T07"),
        new("ll.wumin", "吴敏", "XH-T08"),
    ];

    /// <summary>Liaisons: who covers how many enterprises of which town, taken in name order.</summary>
    private static readonly (string UserName, string TownCode, int Skip, int Take)[] Liaisons =
    [
        ("official", "XH-T01", 0, 8),
        ("cg.lina", "XH-T01", 8, 8),
        ("dh.sunpeng", "XH-T02", 0, 10),
        ("qs.zhoutao", "XH-T07", 0, 12),
        ("ll.wumin", "XH-T08", 0, 8),
    ];

    /// <summary>Towns where leaders cover the larger firms; the remaining towns stay uncovered.</summary>
    private static readonly string[] LeaderTowns = ["XH-T01", "XH-T02", "XH-T07", "XH-T08"];

    private const string IndustryDepartmentCode = "XH-D02";
    private const string CommerceDepartmentCode = "XH-D03";

    public async Task<bool> SeedIfNoneAsync(CancellationToken ct = default)
    {
        if (await db.Assignments.IgnoreQueryFilters().AnyAsync(ct)) return false;
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(o => o.Code, ct);
        var official = await users.FindByNameAsync("official");
        if (!units.TryGetValue("XH-T01", out var chengguan) || official?.OrgUnitId != chengguan.Id) return false;

        var now = clock.GetUtcNow();
        var ids = new Dictionary<string, long>(StringComparer.Ordinal) { ["official"] = official.Id };
        foreach (var o in Officials)
        {
            var user = await users.FindByNameAsync(o.UserName);
            if (user is null)
            {
                user = new AppUser { UserName = o.UserName, DisplayName = o.DisplayName, OrgUnitId = units[o.UnitCode].Id, CreatedAt = now };
                Check(await users.CreateAsync(user, DemoAccountsSeeder.Password), o.UserName);
                Check(await users.AddToRoleAsync(user, PortalRoles.Official), o.UserName);
            }
            ids[o.UserName] = user.Id;
        }

        var townCodes = units.Values.Where(u => u.Kind is OrgUnitKind.Town or OrgUnitKind.Street).ToDictionary(u => u.Id, u => u.Code);
        // Name order is the database's (pinyin), the order the pages list enterprises in.
        var enterprises = (await db.Enterprises.IgnoreQueryFilters().AsNoTracking()
                .OrderBy(e => e.Name).ThenBy(e => e.Id)
                .Select(e => new { e.Id, e.TownId, e.ScaleClass, e.Tags })
                .ToListAsync(ct))
            .Select(e => new DemoFirm(e.Id, e.TownId, townCodes.GetValueOrDefault(e.TownId, string.Empty), e.ScaleClass, e.Tags))
            .ToList();

        var today = ChinaTime.DateOf(now);
        var start = new DateOnly(today.Year, 1, 1);
        var lastYear = (From: new DateOnly(today.Year - 1, 3, 1), To: new DateOnly(today.Year - 1, 12, 31));
        var list = new List<Assignment>();
        Assignment Person(long enterpriseId, string role, string userName, DateOnly from, DateOnly? to = null, string? note = null) =>
            Assignment.Create(enterpriseId, role, ids[userName], null, from, to, note, now);
        Assignment Unit(long enterpriseId, string role, long unitId) =>
            Assignment.Create(enterpriseId, role, null, unitId, start, null, null, now);

        var covered = new HashSet<long>();
        foreach (var (userName, town, skip, take) in Liaisons)
        {
            foreach (var e in enterprises.Where(e => e.TownCode == town).Skip(skip).Take(take))
            {
                list.Add(Person(e.Id, AssignmentRoles.Liaison, userName, start));
                covered.Add(e.Id);
            }
        }

        // Leaders for the larger and key firms of four towns, in turn; every fifth such firm still waits for one.
        string[] leaders = ["xh.liuzhiqiang", "xh.chenxiaoyan", "xh.wangjianguo", "xh.zhaominghui"];
        var leaderFirms = enterprises
            .Where(e => LeaderTowns.Contains(e.TownCode)
                        && (e.ScaleClass is "industry_above" or "services_above" || e.Tags.Contains("key_support") || e.Tags.Contains("specialized")))
            .ToList();
        for (var i = 0; i < leaderFirms.Count; i++)
        {
            if (i % 5 == 4) continue;
            var e = leaderFirms[i];
            var leader = leaders[i % leaders.Length];
            if (i == 0)
            {
                // A handover at the turn of the year: the previous leader's period is history.
                var previous = leaders[(i + 1) % leaders.Length];
                list.Add(Person(e.Id, AssignmentRoles.Leader, previous, lastYear.From, lastYear.To, "工作调整，包联领导变更"));
            }
            list.Add(Person(e.Id, AssignmentRoles.Leader, leader, start));
            covered.Add(e.Id);
        }

        // The demo official was liaison of one of 李娜's firms last year.
        var handedOver = enterprises.Where(e => e.TownCode == "XH-T01").Skip(8).First();
        list.Add(Person(handedOver.Id, AssignmentRoles.Liaison, "official", lastYear.From, lastYear.To));

        var industry = units[IndustryDepartmentCode].Id;
        var commerce = units[CommerceDepartmentCode].Id;
        foreach (var e in enterprises.Where(e => covered.Contains(e.Id)))
        {
            if (e.ScaleClass == "industry_above") list.Add(Unit(e.Id, AssignmentRoles.Department, industry));
            // 商务局 covers trade firms of 城关街道 only, so its handler sees a handful of enterprises.
            if (e.ScaleClass == "trade_hospitality" && e.TownCode == "XH-T01") list.Add(Unit(e.Id, AssignmentRoles.Department, commerce));
            list.Add(Unit(e.Id, AssignmentRoles.TownOffice, e.TownId));
        }

        // The demo obeys the rules the pages enforce.
        foreach (var group in list.GroupBy(a => a.EnterpriseId))
        {
            var earlier = new List<Assignment>();
            foreach (var a in group)
            {
                AssignmentRules.EnsureCanAdd(a, earlier, x => $"{x.UserId}{x.OrgUnitId}");
                earlier.Add(a);
            }
        }
        db.Assignments.AddRange(list);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Assignments} demo assignments for {Enterprises} enterprises and {Officials} more officials",
            list.Count, covered.Count, Officials.Count);
        return true;
    }

    private sealed record DemoFirm(long Id, long TownId, string TownCode, string ScaleClass, IReadOnlyList<string> Tags);

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo official {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
