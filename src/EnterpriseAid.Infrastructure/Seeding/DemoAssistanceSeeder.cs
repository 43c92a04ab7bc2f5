using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// 要素保障 records for the demo district, so the ledger, the dashboard and the briefing show the campaign's factor support:
/// loans from the finance office, hiring help, land, tax relief, energy savings and materials, spread over this year.
/// Only when there are none; deterministic.
/// </summary>
public sealed class DemoAssistanceSeeder(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoAssistanceSeeder> logger)
{
    public const long AdvisoryLockKey = 7_420_260_040;

    private sealed record Spec(string Department, AssistanceKind Kind, int DaysAgo, AssistanceRecord.Figures Figures, string? Note = null);

    private static readonly Spec[] Specs =
    [
        new("XH-D13", AssistanceKind.Loan, 200, new(AmountYuan: 5_000_000m, Bank: "江城农商银行")),
        new("XH-D13", AssistanceKind.Loan, 150, new(AmountYuan: 3_000_000m, Bank: "中国建设银行新河支行")),
        new("XH-D13", AssistanceKind.Loan, 90, new(AmountYuan: 8_000_000m, Bank: "中国工商银行新河支行")),
        new("XH-D13", AssistanceKind.Loan, 30, new(AmountYuan: 1_500_000m, Bank: "江城农商银行")),
        new("XH-D13", AssistanceKind.CreditLine, 120, new(AmountYuan: 20_000_000m, Bank: "中国银行新河支行")),
        new("XH-D04", AssistanceKind.Jobs, 180, new(JobPostings: 120, JobMatches: 64)),
        new("XH-D04", AssistanceKind.Jobs, 60, new(JobPostings: 85, JobMatches: 41)),
        new("XH-D04", AssistanceKind.Jobs, 10, new(JobPostings: 40, JobMatches: 18)),
        new("XH-D06", AssistanceKind.Land, 160, new(LandMu: 56.5m), "工业用地“标准地”出让"),
        new("XH-D14", AssistanceKind.FeeReduction, 140, new(AmountYuan: 386_000m), "小型微利企业所得税减免"),
        new("XH-D15", AssistanceKind.EnergyCost, 100, new(AmountYuan: 126_500m), "执行峰谷电价、需量电费优化"),
        new("XH-D15", AssistanceKind.EnergyCost, 20, new(AmountYuan: 48_200m), "光伏自发自用"),
        new("XH-D03", AssistanceKind.Materials, 75, new(Item: "集装箱舱位", Quantity: "20个标箱")),
    ];

    public async Task<bool> SeedIfNoneAsync(CancellationToken ct = default)
    {
        if (await db.AssistanceRecords.IgnoreQueryFilters().AnyAsync(ct)) return false;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancel =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancel);
            if (await db.AssistanceRecords.IgnoreQueryFilters().AnyAsync(cancel)) return false;
            var departments = await db.OrgUnits.AsNoTracking().Where(o => o.Code.StartsWith(DemoDistrict.DistrictCode + "-D"))
                .ToDictionaryAsync(o => o.Code, cancel);
            var enterprises = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().OrderBy(e => e.Id).Select(e => e.Id).Take(Specs.Length).ToListAsync(cancel);
            var recorder = await users.FindByNameAsync("dispatcher");
            if (recorder is null || enterprises.Count < Specs.Length || Specs.Any(s => !departments.ContainsKey(s.Department))) return false;

            var now = clock.GetUtcNow();
            var today = ChinaTime.Today(clock);
            db.AssistanceRecords.AddRange(Specs.Select((s, i) =>
            {
                var on = today.AddDays(-s.DaysAgo);
                // Early in a year the records stay inside it, so "this year" shows them.
                if (on.Year < today.Year) on = new DateOnly(today.Year, 1, 1).AddDays(i % 7);
                if (on > today) on = today;
                var department = departments[s.Department];
                return AssistanceRecord.Create(enterprises[i], s.Kind, on, department.Id, department.Name, s.Figures, s.Note, recorder.Id, now, today);
            }));
            await db.SaveChangesAsync(cancel);
            await tx.CommitAsync(cancel);
            logger.LogInformation("Demo assistance records seeded: {Count}", Specs.Length);
            return true;
        }, ct);
    }
}
