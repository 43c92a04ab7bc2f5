using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Domain.Projects;

/// <summary>What the create and edit forms set on a project; stage and actual dates move only through <see cref="Project.Advance"/>.</summary>
public sealed record ProjectProfile(
    string Name,
    long EnterpriseId,
    long RegionId,
    string IndustrySection,
    string Level,
    string Batch,
    decimal TotalInvestment,
    int? AnnualPlanYear,
    decimal? AnnualPlanInvestment,
    IReadOnlyDictionary<ProjectStage, DateOnly?> PlannedOn);

/// <summary>
/// 项目 (三个一批): an investment project of an investor enterprise in a town or district, moving 在谈 → 签约 → 开工 →
/// 投产 → 达效. Each stage after 在谈 is a milestone with a planned and an actual date. A stage is entered only
/// from the one before it, and no milestone's date (planned or actual) lies before the previous milestone's.
/// Completed investment is reported month by month; the cumulative figure never exceeds the total investment
/// (to report more, the total is corrected first, so "占总投资%" never passes 100%).
/// </summary>
public sealed class Project
{
    public const int NameMaxLength = 100;
    public const int BatchMaxLength = 20;
    /// <summary>A sanity ceiling on money fields: 1万亿元, beyond any single project.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    private readonly List<ProjectInvestmentReport> _reports = [];
    private readonly List<ProjectProcedure> _procedures = [];

    private Project() { }

    public long Id { get; private set; }
    public string Name { get; private set; } = string.Empty;
    /// <summary>投资主体: the enterprise investing.</summary>
    public long EnterpriseId { get; private set; }
    /// <summary>所在镇街 or district: decides who sees the project (ADR-020).</summary>
    public long RegionId { get; private set; }
    public string IndustrySection { get; private set; } = string.Empty;
    public string Level { get; private set; } = ProjectLevels.General;
    /// <summary>期次, e.g. 第四期.</summary>
    public string Batch { get; private set; } = string.Empty;
    /// <summary>总投资, 元.</summary>
    public decimal TotalInvestment { get; private set; }
    /// <summary>The year of <see cref="AnnualPlanInvestment"/>.</summary>
    public int? AnnualPlanYear { get; private set; }
    /// <summary>年度计划投资, 元.</summary>
    public decimal? AnnualPlanInvestment { get; private set; }
    public ProjectStage Stage { get; private set; }

    public DateOnly? SignedPlannedOn { get; private set; }
    public DateOnly? SignedOn { get; private set; }
    public DateOnly? StartedPlannedOn { get; private set; }
    public DateOnly? StartedOn { get; private set; }
    public DateOnly? ProducingPlannedOn { get; private set; }
    public DateOnly? ProducingOn { get; private set; }
    public DateOnly? EffectivePlannedOn { get; private set; }
    public DateOnly? EffectiveOn { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>Row version (PostgreSQL xmin) for optimistic concurrency.</summary>
    public uint Version { get; private set; }

    public IReadOnlyList<ProjectInvestmentReport> Reports => _reports;
    public IReadOnlyList<ProjectProcedure> Procedures => _procedures;

    /// <summary>累计完成投资: the sum of the monthly reports.</summary>
    public decimal CompletedInvestment => _reports.Sum(r => r.Amount);

    /// <summary>A new project in 在谈 with the standard procedures checklist.</summary>
    public static Project Create(ProjectProfile profile, DateTimeOffset now)
    {
        var project = new Project { Stage = ProjectStage.Negotiating, CreatedAt = now };
        project.Apply(profile, now);
        var order = 0;
        foreach (var name in ProcedureStatuses.Standard) project._procedures.Add(new ProjectProcedure(name, ++order));
        return project;
    }

    public void Update(ProjectProfile profile, DateTimeOffset now) => Apply(profile, now);

    public DateOnly? PlannedOn(ProjectStage stage) => stage switch
    {
        ProjectStage.Signed => SignedPlannedOn,
        ProjectStage.Started => StartedPlannedOn,
        ProjectStage.Producing => ProducingPlannedOn,
        ProjectStage.Effective => EffectivePlannedOn,
        _ => null,
    };

    public DateOnly? ReachedOn(ProjectStage stage) => stage switch
    {
        ProjectStage.Signed => SignedOn,
        ProjectStage.Started => StartedOn,
        ProjectStage.Producing => ProducingOn,
        ProjectStage.Effective => EffectiveOn,
        _ => null,
    };

    /// <summary>
    /// Enters the next stage on <paramref name="on"/>: only the stage right after the current one, on a date that is not
    /// in the future and not before the previous milestone's actual date.
    /// </summary>
    public void Advance(ProjectStage to, DateOnly on, DateOnly today, DateTimeOffset now)
    {
        if (!Enum.IsDefined(to) || to == ProjectStage.Negotiating) throw new DomainException("请选择要进入的阶段");
        if (to <= Stage) throw new DomainException($"项目已处于“{ProjectStages.Zh(Stage)}”阶段，不能再进入“{ProjectStages.Zh(to)}”");
        if (Stage == ProjectStage.Effective) throw new DomainException("项目已达效，没有下一个阶段");
        var next = Stage + 1;
        if (to != next) throw new DomainException($"项目尚未{ProjectStages.Zh(next)}，不能直接进入“{ProjectStages.Zh(to)}”阶段");
        if (on > today) throw new DomainException($"{ProjectStages.Zh(to)}日期不能晚于今天");
        if (to > ProjectStage.Signed && ReachedOn(to - 1) is { } previous && on < previous)
            throw new DomainException($"{ProjectStages.Zh(to)}日期不能早于{ProjectStages.Zh(to - 1)}日期（{previous:yyyy-MM-dd}）");
        switch (to)
        {
            case ProjectStage.Signed: SignedOn = on; break;
            case ProjectStage.Started: StartedOn = on; break;
            case ProjectStage.Producing: ProducingOn = on; break;
            case ProjectStage.Effective: EffectiveOn = on; break;
        }
        Stage = to;
        UpdatedAt = now;
    }

    /// <summary>
    /// 月度投资填报: one report per month, for a month that has begun, once the project is signed; the cumulative
    /// completed investment may not exceed the total investment.
    /// </summary>
    public ProjectInvestmentReport ReportInvestment(YearMonth month, decimal amount, long reportedByUserId, DateOnly today, DateTimeOffset now)
    {
        if (Stage < ProjectStage.Signed) throw new DomainException("项目尚未签约，不能填报完成投资");
        if (month > YearMonth.Of(today)) throw new DomainException($"{month.Zh}尚未开始，不能填报");
        if (month.Year < 2000) throw new DomainException("填报月份无效");
        if (_reports.Any(r => r.YearMonth == month)) throw new DomainException($"{month.Zh}的完成投资已填报，不能重复填报");
        if (amount < 0) throw new DomainException("本月完成投资不能为负数");
        if (amount > MaxAmount) throw new DomainException("本月完成投资超出范围");
        if (decimal.Round(amount, 2) != amount) throw new DomainException("金额最多精确到分");
        var cumulative = CompletedInvestment + amount;
        if (cumulative > TotalInvestment)
            throw new DomainException($"累计完成投资（{Briefings.ChineseAmount.Format(cumulative)}）将超过总投资（{Briefings.ChineseAmount.Format(TotalInvestment)}），请先核对总投资");
        var report = new ProjectInvestmentReport(month.FirstDay, amount, reportedByUserId, now);
        _reports.Add(report);
        UpdatedAt = now;
        return report;
    }

    /// <summary>完成投资 in <paramref name="year"/> up to and including <paramref name="throughMonth"/>.</summary>
    public decimal CompletedIn(int year, int throughMonth) =>
        _reports.Where(r => r.Month.Year == year && r.Month.Month <= throughMonth).Sum(r => r.Amount);

    public ProjectProcedure AddProcedure(string name)
    {
        var n = ProjectProcedure.CheckName(name);
        if (_procedures.Any(p => p.Name == n)) throw new DomainException($"手续“{n}”已在清单中");
        var procedure = new ProjectProcedure(n, _procedures.Count == 0 ? 1 : _procedures.Max(p => p.SortOrder) + 1);
        _procedures.Add(procedure);
        return procedure;
    }

    public void RemoveProcedure(ProjectProcedure procedure)
    {
        if (!_procedures.Remove(procedure)) throw new DomainException("该手续不在清单中");
    }

    private void Apply(ProjectProfile p, DateTimeOffset now)
    {
        var name = p.Name?.Trim() ?? string.Empty;
        if (name.Length == 0) throw new DomainException("请填写项目名称");
        if (name.Length > NameMaxLength) throw new DomainException($"项目名称不能超过{NameMaxLength}个字");
        if (p.EnterpriseId <= 0) throw new DomainException("请选择投资主体企业");
        if (p.RegionId <= 0) throw new DomainException("请选择项目所在地");
        if (!IndustrySections.IsValid(p.IndustrySection)) throw new DomainException("请选择行业门类");
        if (!ProjectLevels.IsValid(p.Level)) throw new DomainException("请选择项目级别");
        var batch = p.Batch?.Trim() ?? string.Empty;
        if (batch.Length == 0) throw new DomainException("请填写期次");
        if (batch.Length > BatchMaxLength) throw new DomainException($"期次不能超过{BatchMaxLength}个字");
        if (p.TotalInvestment <= 0) throw new DomainException("总投资必须大于零");
        if (p.TotalInvestment > MaxAmount) throw new DomainException("总投资超出范围");
        var completed = CompletedInvestment;
        if (p.TotalInvestment < completed)
            throw new DomainException($"总投资不能少于已累计完成投资（{Briefings.ChineseAmount.Format(completed)}）");
        if ((p.AnnualPlanYear is null) != (p.AnnualPlanInvestment is null)) throw new DomainException("年度计划投资与计划年份须同时填写");
        if (p.AnnualPlanYear is < 2000 or > 2100) throw new DomainException("计划年份无效");
        if (p.AnnualPlanInvestment is < 0) throw new DomainException("年度计划投资不能为负数");
        if (p.AnnualPlanInvestment > p.TotalInvestment) throw new DomainException("年度计划投资不能超过总投资");
        CheckOrder(p.PlannedOn, "计划");

        Name = name;
        EnterpriseId = p.EnterpriseId;
        RegionId = p.RegionId;
        IndustrySection = p.IndustrySection;
        Level = p.Level;
        Batch = batch;
        TotalInvestment = p.TotalInvestment;
        AnnualPlanYear = p.AnnualPlanYear;
        AnnualPlanInvestment = p.AnnualPlanInvestment;
        SignedPlannedOn = p.PlannedOn.GetValueOrDefault(ProjectStage.Signed);
        StartedPlannedOn = p.PlannedOn.GetValueOrDefault(ProjectStage.Started);
        ProducingPlannedOn = p.PlannedOn.GetValueOrDefault(ProjectStage.Producing);
        EffectivePlannedOn = p.PlannedOn.GetValueOrDefault(ProjectStage.Effective);
        UpdatedAt = now;
    }

    /// <summary>Each given date is on or after the last given date of an earlier milestone.</summary>
    private static void CheckOrder(IReadOnlyDictionary<ProjectStage, DateOnly?> dates, string kind)
    {
        (ProjectStage Stage, DateOnly Date)? last = null;
        foreach (var stage in ProjectStages.Milestones)
        {
            if (dates.GetValueOrDefault(stage) is not { } d) continue;
            if (last is { } l && d < l.Date)
                throw new DomainException($"{kind}{ProjectStages.Zh(stage)}日期不能早于{kind}{ProjectStages.Zh(l.Stage)}日期（{l.Date:yyyy-MM-dd}）");
            last = (stage, d);
        }
    }
}
