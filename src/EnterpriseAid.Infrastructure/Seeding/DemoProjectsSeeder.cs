using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// 三个一批 for the demo district: fifteen projects of its industrial firms over four batches and every stage, with
/// milestone dates relative to today (so the demo never ages), monthly investment reports and procedures in every
/// status; one signed project has let its planned start pass, so the 履约率 is not a flat 100%. Each project lies in
/// its investor's town, and no investor has an enterprise account. Runs only on the demo district and while no project exists at all.
/// </summary>
public sealed class DemoProjectsSeeder(AppDbContext db, TimeProvider clock, ILogger<DemoProjectsSeeder> logger)
{
    private const decimal Yi = 100_000_000m;

    private sealed record Demo(string Name, string Level, string Batch, decimal TotalYi, decimal? PlanYi, ProjectStage Stage, bool Late = false);

    private static readonly Demo[] Projects =
    [
        new("新能源汽车零部件智能制造项目", ProjectLevels.Province, "第一期", 32m, 8m, ProjectStage.Effective),
        new("高端装备产业园一期", ProjectLevels.City, "第一期", 18m, 5m, ProjectStage.Effective),
        new("绿色建材生产线技改项目", ProjectLevels.District, "第一期", 3.6m, 1.2m, ProjectStage.Producing),
        new("冷链物流仓储中心", ProjectLevels.City, "第二期", 6.5m, 2.4m, ProjectStage.Producing),
        new("生物医药中试基地", ProjectLevels.Province, "第二期", 25m, 9m, ProjectStage.Producing),
        new("电子信息产业园标准化厂房", ProjectLevels.District, "第二期", 4.2m, 1.8m, ProjectStage.Started),
        new("精密铸造扩产项目", ProjectLevels.General, "第二期", 1.5m, 0.6m, ProjectStage.Started),
        new("光伏组件智能工厂", ProjectLevels.Province, "第三期", 40m, 12m, ProjectStage.Started),
        new("食品加工产业园", ProjectLevels.City, "第三期", 9.8m, 3m, ProjectStage.Started),
        new("现代纺织数字化车间", ProjectLevels.District, "第三期", 2.8m, 1m, ProjectStage.Signed),
        new("智慧物流分拨中心", ProjectLevels.City, "第三期", 7.5m, 2m, ProjectStage.Signed, Late: true),
        new("新材料研发中心", ProjectLevels.District, "第四期", 5m, 1.5m, ProjectStage.Signed),
        new("储能电池模组项目", ProjectLevels.Province, "第四期", 30m, 6m, ProjectStage.Signed),
        new("农产品精深加工项目", ProjectLevels.General, "第四期", 2.2m, null, ProjectStage.Negotiating),
        new("工业互联网平台建设项目", ProjectLevels.District, "第四期", 1.8m, null, ProjectStage.Negotiating),
    ];

    public async Task<bool> SeedIfNoneAsync(CancellationToken ct = default)
    {
        if (await db.Projects.IgnoreQueryFilters().AnyAsync(ct)) return false;
        var district = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(o => o.Code == DemoDistrict.DistrictCode, ct);
        var admin = await db.Users.AsNoTracking().Where(u => u.UserName == "admin").Select(u => (long?)u.Id).SingleOrDefaultAsync(ct);
        if (district is null || admin is null) return false;
        var firms = await db.Enterprises.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.ScaleClass == "industry_above" && db.OrgUnits.Any(o => o.Id == e.TownId && o.Path.StartsWith(district.Path)))
            // The demo enterprise account's own firm keeps its ledger to the problem workflow.
            .Where(e => !db.Users.Any(u => u.EnterpriseId == e.Id))
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.TownId, e.IndustrySection }).ToListAsync(ct);
        if (firms.Count == 0) return false;

        var now = clock.GetUtcNow();
        var today = ChinaTime.DateOf(now);
        var thisMonth = YearMonth.Of(today);
        var list = new List<Project>();
        for (var i = 0; i < Projects.Length; i++)
        {
            var d = Projects[i];
            // Every other firm, so the projects spread over the towns.
            var firm = firms[(i * 2) % firms.Count];
            // Milestones a few months apart, ending just before today for the stage reached.
            var reached = (int)d.Stage;
            DateOnly At(int milestone) => today.AddMonths(-3 * (reached - milestone) - 1).AddDays(-i);
            var planned = new Dictionary<ProjectStage, DateOnly?>();
            foreach (var s in ProjectStages.Milestones)
            {
                var m = (int)s;
                planned[s] = m <= reached ? At(m).AddDays(-5) : today.AddMonths(3 * (m - reached)).AddDays(i);
            }
            if (d.Late) planned[ProjectStage.Started] = today.AddDays(-20);

            var p = Project.Create(new ProjectProfile(d.Name, firm.Id, firm.TownId, firm.IndustrySection, d.Level, d.Batch, d.TotalYi * Yi,
                d.PlanYi is null ? null : today.Year, d.PlanYi * Yi, planned), now);
            foreach (var s in ProjectStages.Milestones.Where(s => s <= d.Stage)) p.Advance(s, At((int)s), today, now);

            if (d.Stage >= ProjectStage.Started)
            {
                // Monthly reports from the start to last month: a tenth of this year's plan, or a steady share of the total.
                var month = YearMonth.Of(p.StartedOn!.Value);
                var monthly = decimal.Round((d.PlanYi is { } plan ? plan / 10m : d.TotalYi / 24m) * Yi, 2);
                while (month < thisMonth && p.CompletedInvestment + monthly <= p.TotalInvestment)
                {
                    p.ReportInvestment(month, monthly, admin.Value, today, now);
                    month = month.Month == 12 ? new YearMonth(month.Year + 1, 1) : new YearMonth(month.Year, month.Month + 1);
                }
            }

            var procedures = p.Procedures.OrderBy(x => x.SortOrder).ToList();
            var done = d.Stage switch
            {
                ProjectStage.Negotiating => 0,
                ProjectStage.Signed => 2 + i % 2,
                ProjectStage.Started => procedures.Count - 1 - i % 2,
                _ => procedures.Count,
            };
            var startedOn = p.SignedOn ?? today.AddDays(-30);
            for (var k = 0; k < procedures.Count; k++)
            {
                if (k < done) procedures[k].Update(ProcedureStatus.Done, startedOn, startedOn.AddDays(10 + k * 5) > today ? today : startedOn.AddDays(10 + k * 5), today);
                else if (k == done && d.Stage != ProjectStage.Negotiating) procedures[k].Update(ProcedureStatus.InProgress, startedOn, null, today);
            }
            list.Add(p);
        }
        db.Projects.AddRange(list);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Projects} demo projects (三个一批)", list.Count);
        return true;
    }
}
