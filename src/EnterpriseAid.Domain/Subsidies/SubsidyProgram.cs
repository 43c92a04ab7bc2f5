using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Policies;

namespace EnterpriseAid.Domain.Subsidies;

/// <summary>The programme's own life: 受理中 until the 公示 starts, then 公示中, then 公示结束 (ADR-019).</summary>
public enum SubsidyProgramStage
{
    /// <summary>受理中 / 审核中: applications are received and reviewed.</summary>
    Open,
    /// <summary>公示中: the approved list is public; objections are recorded; no more approvals.</summary>
    InNotice,
    /// <summary>公示结束: the notice period is over and was closed; approved applications can be paid.</summary>
    NoticeEnded,
}

/// <summary>
/// 政策兑现项目: one batch (批次) of money paid under a policy, with a budget in 元, an application window,
/// the 公示 period in days, and whether it is 免申即享 (applications created from the policy's eligibility).
/// <see cref="ApprovedTotal"/> is kept by the database in the same statement that checks the budget (ADR-019).
/// </summary>
public sealed class SubsidyProgram
{
    public const int NameMaxLength = 200;
    public const int BatchMaxLength = 50;
    public const int DefaultNoticeDays = 7;
    public const int MaxNoticeDays = 60;

    private SubsidyProgram() { }

    public long Id { get; private set; }
    public long PolicyId { get; private set; }
    /// <summary>The policy's region, copied when created: the enterprises of that region may apply.</summary>
    public long RegionId { get; private set; }
    public string Name { get; private set; } = string.Empty;
    /// <summary>批次, e.g. 2026年第一批.</summary>
    public string Batch { get; private set; } = string.Empty;
    public decimal Budget { get; private set; }
    /// <summary>Sum of the approved amounts of the applications not rejected.</summary>
    public decimal ApprovedTotal { get; private set; }
    public DateOnly ApplyFrom { get; private set; }
    public DateOnly ApplyTo { get; private set; }
    public bool MianShenJiXiang { get; private set; }
    /// <summary>免申即享: the amount each fitting enterprise is granted (its requested amount).</summary>
    public decimal? StandardAmount { get; private set; }
    public int NoticeDays { get; private set; }
    public SubsidyProgramStage Stage { get; private set; }
    /// <summary>First and last day of the 公示 (Beijing dates), set when it starts.</summary>
    public DateOnly? NoticeFrom { get; private set; }
    public DateOnly? NoticeTo { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public long CreatedByUserId { get; private set; }
    public uint Version { get; private set; }

    public decimal Remaining => SubsidyMoney.Remaining(Budget, ApprovedTotal);

    public static SubsidyProgram Create(Policy policy, string name, string batch, decimal budget, DateOnly applyFrom, DateOnly applyTo,
        bool mianShenJiXiang, decimal? standardAmount, int noticeDays, long userId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        name = name?.Trim() ?? string.Empty;
        batch = batch?.Trim() ?? string.Empty;
        if (name.Length == 0) throw new DomainException("请填写项目名称");
        if (name.Length > NameMaxLength) throw new DomainException($"项目名称不能超过{NameMaxLength}个字");
        if (batch.Length == 0) throw new DomainException("请填写批次");
        if (batch.Length > BatchMaxLength) throw new DomainException($"批次不能超过{BatchMaxLength}个字");
        SubsidyMoney.Require(budget, "预算");
        if (applyTo < applyFrom) throw new DomainException("申报截止日期不能早于开始日期");
        if (noticeDays is < 1 or > MaxNoticeDays) throw new DomainException($"公示期为1至{MaxNoticeDays}天");
        if (mianShenJiXiang)
        {
            if (standardAmount is not { } standard) throw new DomainException("免申即享项目须填写每户兑现标准");
            SubsidyMoney.Require(standard, "兑现标准");
            if (standard > budget) throw new DomainException("每户兑现标准不能超过预算");
        }
        return new SubsidyProgram
        {
            PolicyId = policy.Id, RegionId = policy.RegionId, Name = name, Batch = batch, Budget = budget, ApplyFrom = applyFrom, ApplyTo = applyTo,
            MianShenJiXiang = mianShenJiXiang, StandardAmount = mianShenJiXiang ? standardAmount : null, NoticeDays = noticeDays,
            Stage = SubsidyProgramStage.Open, CreatedAt = now, CreatedByUserId = userId,
        };
    }

    public bool IsAcceptingOn(DateOnly day) => Stage == SubsidyProgramStage.Open && ApplyFrom <= day && day <= ApplyTo;

    /// <summary>The in-memory form of the budget guard the database applies atomically on approval.</summary>
    public void Reserve(decimal amount)
    {
        SubsidyMoney.Require(amount, "批准金额");
        if (Stage != SubsidyProgramStage.Open) throw new DomainException("公示已开始，本批次不能再审批");
        if (!SubsidyMoney.Fits(Budget, ApprovedTotal, amount)) throw new DomainException(SubsidyMoney.InsufficientMessage(Budget, ApprovedTotal));
        ApprovedTotal += amount;
    }

    /// <summary>Gives back an approved amount (an approval withdrawn during the notice).</summary>
    public void Release(decimal amount)
    {
        if (amount <= 0 || amount > ApprovedTotal) throw new DomainException("释放金额无效");
        ApprovedTotal -= amount;
    }

    /// <summary>Starts the 公示 today for <see cref="NoticeDays"/> days (today is the first day).</summary>
    public void StartNotice(DateOnly today, int approvedCount)
    {
        if (Stage != SubsidyProgramStage.Open) throw new DomainException("本批次已经公示过");
        if (approvedCount == 0) throw new DomainException("没有已批准的申请，无法公示");
        Stage = SubsidyProgramStage.InNotice;
        NoticeFrom = today;
        NoticeTo = today.AddDays(NoticeDays - 1);
    }

    /// <summary>Closes the 公示 once its last day has passed.</summary>
    public void EndNotice(DateOnly today)
    {
        if (Stage != SubsidyProgramStage.InNotice) throw new DomainException("本批次不在公示中");
        if (today <= NoticeTo) throw new DomainException($"公示期至{NoticeTo:yyyy-MM-dd}，期满后才能结束公示");
        Stage = SubsidyProgramStage.NoticeEnded;
    }
}
