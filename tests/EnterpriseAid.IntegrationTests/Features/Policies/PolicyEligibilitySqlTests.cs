using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Policies;

/// <summary>The SQL form of the eligibility rule selects exactly the enterprises the in-memory rule accepts.</summary>
public sealed class PolicyEligibilitySqlTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    public static TheoryData<string> Dates => new() { "2026-02-28", "2026-03-31", "2026-11-20", "2024-02-29" };

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task Sql_and_memory_agree_on_the_demo_register(string day)
    {
        var asOf = DateOnly.Parse(day);
        using var scope = portal.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        var all = await db.Enterprises.AsNoTracking().ToListAsync();
        var towns = all.Select(e => e.TownId).Distinct().Order().Take(3).ToList();

        PolicyEligibility[] rules =
        [
            PolicyEligibility.Everyone,
            PolicyEligibility.Create(scaleClasses: ["industry_above", "services_above"]),
            PolicyEligibility.Create(tags: ["specialized", "high_tech"]),
            PolicyEligibility.Create(industrySections: ["C"], townIds: towns),
            PolicyEligibility.Create(employeesMin: 50, employeesMax: 300),
            PolicyEligibility.Create(registeredMonthsMin: 36),
            PolicyEligibility.Create(registeredMonthsMin: 1),
            PolicyEligibility.Create(scaleClasses: ["industry_above"], tags: ["foreign_trade", "key_support"], employeesMax: 2000, registeredMonthsMin: 12),
        ];
        foreach (var rule in rules)
        {
            var inSql = await db.Enterprises.AsNoTracking().Where(rule.Matches(asOf)).Select(e => e.Id).OrderBy(id => id).ToListAsync();
            var inMemory = all.Where(e => rule.Fits(e, asOf)).Select(e => e.Id).Order().ToList();
            inSql.ShouldBe(inMemory);
        }
        all.Count.ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task A_firm_founded_on_the_31st_reaches_one_month_on_the_last_day_of_february_in_sql_too()
    {
        using var scope = portal.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        var id = await db.Enterprises.Select(e => e.Id).FirstAsync();
        await portal.Database.ExecuteAsync($"UPDATE enterprises SET established_on = '2026-01-31' WHERE id = {id}");
        var rule = PolicyEligibility.Create(registeredMonthsMin: 1);

        (await db.Enterprises.Where(rule.Matches(new DateOnly(2026, 2, 27))).AnyAsync(e => e.Id == id)).ShouldBeFalse();
        (await db.Enterprises.Where(rule.Matches(new DateOnly(2026, 2, 28))).AnyAsync(e => e.Id == id)).ShouldBeTrue();
    }
}
