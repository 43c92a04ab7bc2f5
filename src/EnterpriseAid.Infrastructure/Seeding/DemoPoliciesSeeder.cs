using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.Infrastructure.Seeding;

/// <summary>
/// 政策库 of the demo district: twelve policies of its departments, one or more of each kind of eligibility,
/// some expired and one not yet in effect, and the 稳岗 policy pushed to the demo <c>enterprise</c> account's
/// firm so that its portal has something to read. Runs only on the demo district and while no policy exists.
/// </summary>
public sealed class DemoPoliciesSeeder(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<DemoPoliciesSeeder> logger)
{
    public const long AdvisoryLockKey = 7_420_260_020;

    private sealed record Spec(string DepartmentCode, string Title, string DocumentNo, PolicyCategory Category, DateOnly From, DateOnly? To,
        string Summary, string[] Clauses, string[] Rules, bool MianShen, Func<Func<string, long>, PolicyEligibility> Eligibility);

    private static readonly Spec[] Specs =
    [
        new("XH-D02", "新河区支持专精特新中小企业高质量发展的若干措施", "新政办发〔2026〕3号", PolicyCategory.FiscalReward,
            new(2026, 1, 1), new(2027, 12, 31),
            "对新认定的国家级、省级专精特新企业给予一次性奖励，支持企业技术改造和数字化转型。",
            ["第一条 对新认定的国家级专精特新“小巨人”企业，一次性奖励50万元；对新认定的省级专精特新中小企业，一次性奖励20万元。",
             "第二条 对专精特新企业实施的技术改造项目，按设备投资额的10%给予补助，单个项目最高200万元。",
             "第三条 对专精特新企业首次购买云服务、开展数字化改造的，按实际投入的30%给予补助，最高30万元。"],
            ["申报时间：每年3月、9月集中受理。", "申报材料：认定文件、项目投资明细、发票及付款凭证。", "受理单位：区科技和工业信息化局企业服务科。"],
            false, _ => PolicyEligibility.Create(tags: ["specialized"], registeredMonthsMin: 12)),
        new("XH-D14", "关于落实小微企业和个体工商户所得税优惠政策的通知", "新税发〔2026〕1号", PolicyCategory.TaxRelief,
            new(2026, 1, 1), new(2027, 12, 31),
            "对小型微利企业年应纳税所得额不超过300万元的部分，减按25%计入应纳税所得额，按20%的税率缴纳企业所得税。",
            ["第一条 小型微利企业是指从事国家非限制和禁止行业，且同时符合年度应纳税所得额不超过300万元、从业人数不超过300人、资产总额不超过5000万元等三个条件的企业。",
             "第二条 符合条件的企业在预缴和汇算清缴时均可享受，通过填写纳税申报表即可享受优惠。"],
            ["优惠由企业自行判别、申报享受，相关资料留存备查。"],
            true, _ => PolicyEligibility.Create(employeesMax: 300)),
        new("XH-D13", "新河区普惠小微企业贷款贴息和风险补偿办法", "新金发〔2026〕2号", PolicyCategory.Finance,
            new(2026, 2, 1), new(2026, 12, 31),
            "对区内中小微企业新增的一年期以内流动资金贷款给予贴息，设立贷款风险补偿资金池。",
            ["第一条 对中小微企业在合作银行新发放的一年期以内流动资金贷款，按贷款市场报价利率的50%给予贴息，单户年度贴息最高20万元。",
             "第二条 合作银行发放的“助企贷”出现不良的，由风险补偿资金按本金损失的40%给予补偿。"],
            ["贴息按季度申报，提交借款合同、放款凭证和付息凭证。"],
            false, _ => PolicyEligibility.Create(scaleClasses: ["industry_above", "industry_below", "services_above", "services_below", "trade_hospitality"],
                employeesMax: 1000)),
        new("XH-D04", "关于做好2026年稳岗返还和扩岗补助工作的通知", "新人社发〔2026〕5号", PolicyCategory.Employment,
            new(2026, 3, 1), new(2026, 12, 31),
            "对上年度未裁员或裁员率低于规定比例的参保企业，按规定返还失业保险费；对新招用高校毕业生的企业给予扩岗补助。",
            ["第一条 中小微企业按企业及其职工上年度实际缴纳失业保险费的60%返还，大型企业按30%返还。",
             "第二条 企业招用毕业年度或离校两年内未就业高校毕业生，签订劳动合同并参加失业保险的，按每人1500元发放一次性扩岗补助。",
             "第三条 稳岗返还资金主要用于职工生活补助、缴纳社会保险费、转岗培训和技能提升培训等支出。"],
            ["稳岗返还实行“免申即享”，经办机构通过数据比对确定名单，直接拨付至企业对公账户。"],
            true, _ => PolicyEligibility.Everyone),
        new("XH-D05", "新河区国有房屋租金减免实施细则", "新住建发〔2025〕9号", PolicyCategory.RentRelief,
            new(2025, 1, 1), new(2025, 12, 31),
            "对承租区属国有房屋的服务业小微企业和个体工商户，减免一定期限的房屋租金。",
            ["第一条 承租区属国有企业、行政事业单位房屋从事生产经营的服务业小微企业，2025年减免3个月租金。",
             "第二条 转租、分租的，确保租金减免惠及最终承租人。"],
            ["由出租单位主动对接承租人，签订减免补充协议。"],
            false, _ => PolicyEligibility.Create(scaleClasses: ["services_below", "trade_hospitality"], employeesMax: 100)),
        new("XH-D15", "关于支持企业降低用电成本保障能源供应的若干措施", "新发改能源〔2026〕4号", PolicyCategory.Energy,
            new(2026, 1, 1), null,
            "对规模以上工业企业实施用电报装“三零”服务，对高新技术企业给予用电扩容支持。",
            ["第一条 160千瓦及以下小微企业用电报装实行“零上门、零审批、零投资”。",
             "第二条 规模以上工业企业新增用电容量的，由供电公司投资建设至客户规划红线。",
             "第三条 迎峰度夏期间，对重点保障企业优先保障生产用电。"],
            [],
            false, _ => PolicyEligibility.Create(scaleClasses: ["industry_above"], industrySections: ["C", "D"])),
        new("XH-D02", "新河区高新技术企业认定奖励办法", "新科工信发〔2026〕7号", PolicyCategory.Innovation,
            new(2026, 1, 1), new(2028, 12, 31),
            "对首次认定和重新认定的高新技术企业给予奖励，支持企业建设研发机构。",
            ["第一条 对首次认定的高新技术企业奖励30万元，重新认定的奖励10万元。",
             "第二条 对新认定的省级企业技术中心、工程技术研究中心，一次性奖励50万元。",
             "第三条 对企业研发费用较上年增长的部分，按10%给予后补助，最高100万元。"],
            ["研发费用以税务部门加计扣除数据为准。"],
            false, _ => PolicyEligibility.Create(tags: ["high_tech", "gazelle", "unicorn"])),
        new("XH-D04", "新河区高层次人才引进和培养支持办法", "新人才办发〔2026〕1号", PolicyCategory.Talent,
            new(2026, 4, 1), new(2028, 3, 31),
            "对企业引进的高层次人才给予安家补贴、生活补贴，对企业培养的高技能人才给予奖励。",
            ["第一条 企业全职引进博士研究生的，给予每人10万元安家补贴；引进硕士研究生的，给予每人3万元。",
             "第二条 企业职工新取得高级技师职业资格的，给予企业每人5000元培养奖励。"],
            ["人才须与企业签订3年以上劳动合同，并在区内缴纳社会保险。"],
            false, _ => PolicyEligibility.Create(scaleClasses: ["industry_above", "services_above"], employeesMin: 50)),
        new("XH-D03", "关于支持外贸企业稳订单拓市场的若干措施", "新商发〔2026〕6号", PolicyCategory.ForeignTrade,
            new(2026, 1, 15), new(2026, 12, 31),
            "支持外贸企业参加境外展会、投保出口信用保险，开拓国际市场。",
            ["第一条 对企业参加商务部门组织的境外展会，按展位费的50%给予补助，单个企业年度最高20万元。",
             "第二条 对企业投保短期出口信用保险的保费，给予60%的补助。",
             "第三条 对年进出口额首次突破1000万美元的企业，一次性奖励10万元。"],
            ["补助资金每半年拨付一次，以海关统计数据为准。"],
            false, _ => PolicyEligibility.Create(tags: ["foreign_trade"])),
        new("XH-D06", "新河区工业用地“标准地”出让和弹性年期供地实施办法", "新自然资发〔2026〕2号", PolicyCategory.Land,
            new(2026, 5, 1), null,
            "推行工业用地“标准地”出让，对符合条件的工业项目实行长期租赁、先租后让、弹性年期供应。",
            ["第一条 新增工业用地原则上按“标准地”出让，明确投资强度、容积率、亩均税收等控制指标。",
             "第二条 工业用地可采取10年至20年的弹性年期出让，土地出让价款按年期折算。",
             "第三条 对存量工业用地在符合规划、不改变用途的前提下提高容积率的，不再增收土地价款。"],
            ["项目单位向区自然资源局提出用地申请，联审会议集中研究。"],
            false, _ => PolicyEligibility.Create(scaleClasses: ["industry_above", "industry_below"], registeredMonthsMin: 24)),
        new("XH-D12", "新河区企业投资项目审批“拿地即开工”改革实施方案", "新审批发〔2026〕3号", PolicyCategory.Approval,
            new(2026, 1, 1), null,
            "对一般企业投资项目推行“拿地即开工”，实行并联审批、容缺受理和帮办代办。",
            ["第一条 一般工业项目在取得土地后，同步核发建设用地规划许可证、建设工程规划许可证和施工许可证。",
             "第二条 对非关键性申报材料缺失的，实行容缺受理，企业承诺限期补齐。",
             "第三条 为每个重点项目配备一名帮办代办专员，全程免费代办审批手续。"],
            ["咨询电话：新河区政务服务中心帮办代办窗口。"],
            false, code => PolicyEligibility.Create(townIds: [code("XH-T07"), code("XH-T08"), code("XH-T09")])),
        new("XH-D07", "新河区促进消费恢复提振的若干措施", "新政办发〔2027〕1号", PolicyCategory.Other,
            new(2027, 1, 1), new(2027, 12, 31),
            "支持批零住餐企业开展促销活动，对限额以上商贸企业销售额增长给予奖励。",
            ["第一条 对年销售额增长10%以上的限额以上批发零售企业，按增量的0.5%给予奖励，最高30万元。",
             "第二条 对组织开展节庆促销活动的商业综合体，给予活动费用30%的补助。"],
            [],
            false, _ => PolicyEligibility.Create(scaleClasses: ["trade_hospitality"], industrySections: ["F", "H"])),
    ];

    public async Task<bool> SeedIfNoneAsync(CancellationToken ct = default)
    {
        if (await db.Policies.IgnoreQueryFilters().AnyAsync(ct)) return false;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancel =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancel);
            if (await db.Policies.IgnoreQueryFilters().AnyAsync(cancel)) return false;
            var units = await db.OrgUnits.AsNoTracking().Where(o => o.Code.StartsWith(DemoDistrict.DistrictCode + "-"))
                .ToDictionaryAsync(o => o.Code, cancel);
            if (Specs.Any(s => !units.ContainsKey(s.DepartmentCode)) || !units.ContainsKey("XH-T07")) return false;

            var now = clock.GetUtcNow();
            var policies = Specs.Select(s => Policy.Create(
                new PolicyContent(s.Title, s.DocumentNo, s.Category, s.From, s.To, s.Summary, s.Clauses, s.Rules, s.MianShen,
                    s.Eligibility(code => units[code].Id)),
                units[s.DepartmentCode], now)).ToList();
            db.Policies.AddRange(policies);
            await db.SaveChangesAsync(cancel);

            // The demo enterprise account has the 稳岗返还 policy waiting unread in its portal.
            var dispatcher = await users.FindByNameAsync("dispatcher");
            var enterprise = await users.FindByNameAsync("enterprise");
            if (dispatcher is not null && enterprise?.EnterpriseId is { } enterpriseId)
            {
                var jobs = policies.Single(p => p.Category == PolicyCategory.Employment);
                db.PolicyPushes.Add(PolicyPush.Deliver(jobs.Id, enterpriseId, dispatcher.Id, now));
                await db.SaveChangesAsync(cancel);
            }
            await tx.CommitAsync(cancel);
            logger.LogInformation("Seeded {Count} demo policies", policies.Count);
            return true;
        }, ct);
    }
}
