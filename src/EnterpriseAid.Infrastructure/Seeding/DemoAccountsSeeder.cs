using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// One demo account per role in the demo district, all with <see cref="Password"/>. Created only
/// when the database has no user at all, so a real deployment's accounts are never touched.
/// </summary>
public sealed class DemoAccountsSeeder(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoAccountsSeeder> logger)
{
    public const string Password = "Demo@2026zq";

    public sealed record DemoAccount(string UserName, string DisplayName, string Role, string What);

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin", "系统管理员", PortalRoles.Administrator, "江城市, sees everything"),
        new("leader", "新河区督查组", PortalRoles.Supervisor, "新河区 (the whole district)"),
        new("dispatcher", "区活动办", PortalRoles.Dispatcher, "新河区 (the whole district)"),
        new("official", "城关街道包联干部", PortalRoles.Official, "城关街道 only"),
        new("handler", "区商务局经办人", PortalRoles.DepartmentHandler, "新河区商务局 (its assigned work)"),
        new("enterprise", "企业用户", PortalRoles.Enterprise, "one enterprise in 城关街道"),
    ];

    public async Task<bool> SeedIfNoUsersAsync(CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct)) return false;

        var units = await db.OrgUnits.AsNoTracking().ToListAsync(ct);
        OrgUnit Unit(string code) => units.Single(u => u.Code == code);
        var city = Unit(DemoDistrict.CityCode);
        var district = Unit(DemoDistrict.DistrictCode);
        var town = Unit("XH-T01");
        var commerce = units.Single(u => u.Kind == OrgUnitKind.Department && u.Name.EndsWith("商务局"));
        var enterpriseId = await db.Enterprises.IgnoreQueryFilters().Where(e => e.TownId == town.Id)
            .OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(ct);

        var now = clock.GetUtcNow();
        foreach (var account in Accounts)
        {
            var user = new AppUser
            {
                UserName = account.UserName,
                DisplayName = account.DisplayName,
                CreatedAt = now,
                OrgUnitId = account.Role switch
                {
                    PortalRoles.Administrator => city.Id,
                    PortalRoles.Supervisor or PortalRoles.Dispatcher => district.Id,
                    PortalRoles.Official => town.Id,
                    PortalRoles.DepartmentHandler => commerce.Id,
                    _ => null,
                },
                EnterpriseId = account.Role == PortalRoles.Enterprise ? enterpriseId : null,
            };
            Check(await users.CreateAsync(user, Password), account.UserName);
            Check(await users.AddToRoleAsync(user, account.Role), account.UserName);
        }
        logger.LogInformation("Created demo accounts {Accounts}, password {Password}",
            string.Join(", ", Accounts.Select(a => $"{a.UserName} ({a.Role})")), Password);
        return true;
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Demo account {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
