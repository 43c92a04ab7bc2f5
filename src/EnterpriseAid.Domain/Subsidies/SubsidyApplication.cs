using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Subsidies;

/// <summary>The states of an application (ADR-019).</summary>
public enum SubsidyApplicationStatus
{
    /// <summary>待审核 (the enterprise sees 审核中).</summary>
    Submitted,
    /// <summary>已批准, with an amount not above the requested one.</summary>
    Approved,
    /// <summary>已驳回, with a reason; final.</summary>
    Rejected,
    /// <summary>公示中.</summary>
    InNotice,
    /// <summary>公示结束: may be paid.</summary>
    NoticeEnded,
    /// <summary>已拨付, with the date and amount; final.</summary>
    Disbursed,
}

public enum SubsidyEventKind { Submitted, AutoCreated, Approved, Rejected, NoticeStarted, Objection, NoticeEnded, Disbursed }

/// <summary>One step on an application's timeline: who did what when, with the amount or text it carried.</summary>
public sealed class SubsidyEvent
{
    public const int TextMaxLength = 1000;
    public const int ActorMaxLength = 100;

    private SubsidyEvent() { }

    public long Id { get; private set; }
    public long ApplicationId { get; private set; }
    public SubsidyEventKind Kind { get; private set; }
    public DateTimeOffset At { get; private set; }
    public long? ActorUserId { get; private set; }
    public string ActorName { get; private set; } = string.Empty;
    public decimal? Amount { get; private set; }
    public string? Text { get; private set; }

    internal static SubsidyEvent Of(SubsidyEventKind kind, long? userId, string actorName, DateTimeOffset at, decimal? amount = null, string? text = null) =>
        new() { Kind = kind, ActorUserId = userId, ActorName = actorName, At = at, Amount = amount, Text = text };
}

/// <summary>
/// 兑现申请: one enterprise's claim in one programme (at most one per programme). Every step is checked here
/// and throws <see cref="DomainException"/> with a Chinese message when it is not legal in the current state.
/// Budget is not checked here but by the programme (<see cref="SubsidyProgram.Reserve"/>) and, atomically, by the database.
/// </summary>
public sealed class SubsidyApplication
{
    public const int ReasonMaxLength = 500;

    private readonly List<SubsidyEvent> _events = [];

    private SubsidyApplication() { }

    public long Id { get; private set; }
    public long ProgramId { get; private set; }
    public long EnterpriseId { get; private set; }
    public SubsidyApplicationStatus Status { get; private set; }
    public decimal RequestedAmount { get; private set; }
    public decimal? ApprovedAmount { get; private set; }
    public string? RejectReason { get; private set; }
    public DateOnly? DisbursedOn { get; private set; }
    public decimal? DisbursedAmount { get; private set; }
    /// <summary>Created by 免申即享 from the eligibility, not applied for.</summary>
    public bool Automatic { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }
    public IReadOnlyList<SubsidyEvent> Events => _events;

    /// <summary>An application by the enterprise or by an official on its behalf; the programme must be accepting today.</summary>
    public static SubsidyApplication Apply(SubsidyProgram program, long enterpriseId, decimal requested, DateOnly today, long? userId, string actorName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (program.MianShenJiXiang) throw new DomainException("免申即享项目无需申报，符合条件的企业由系统自动生成");
        if (!program.IsAcceptingOn(today)) throw new DomainException($"不在申报期内（{program.ApplyFrom:yyyy-MM-dd}至{program.ApplyTo:yyyy-MM-dd}）");
        SubsidyMoney.Require(requested, "申请金额");
        if (requested > program.Budget) throw new DomainException("申请金额不能超过项目预算");
        var app = New(program.Id, enterpriseId, requested, false, now);
        app._events.Add(SubsidyEvent.Of(SubsidyEventKind.Submitted, userId, actorName, now, requested));
        return app;
    }

    /// <summary>免申即享: created for a fitting enterprise with the programme's standard amount.</summary>
    public static SubsidyApplication CreateAutomatically(SubsidyProgram program, long enterpriseId, long userId, string actorName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (!program.MianShenJiXiang || program.StandardAmount is not { } amount) throw new DomainException("本项目不是免申即享项目");
        if (program.Stage != SubsidyProgramStage.Open) throw new DomainException("公示已开始，本批次不能再生成申请");
        var app = New(program.Id, enterpriseId, amount, true, now);
        app._events.Add(SubsidyEvent.Of(SubsidyEventKind.AutoCreated, userId, actorName, now, amount));
        return app;
    }

    private static SubsidyApplication New(long programId, long enterpriseId, decimal requested, bool automatic, DateTimeOffset now) => new()
    {
        ProgramId = programId, EnterpriseId = enterpriseId, RequestedAmount = requested, Automatic = automatic,
        Status = SubsidyApplicationStatus.Submitted, CreatedAt = now, UpdatedAt = now,
    };

    /// <summary>待审核 → 已批准 with an amount not above the requested one. The caller reserves the budget.</summary>
    public void Approve(decimal amount, long userId, string actorName, DateTimeOffset now)
    {
        Require(SubsidyApplicationStatus.Submitted, "只有待审核的申请可以批准");
        SubsidyMoney.Require(amount, "批准金额");
        if (amount > RequestedAmount) throw new DomainException($"批准金额不能超过申请金额{RequestedAmount:0.00}元");
        ApprovedAmount = amount;
        Move(SubsidyApplicationStatus.Approved, SubsidyEvent.Of(SubsidyEventKind.Approved, userId, actorName, now, amount), now);
    }

    /// <summary>
    /// 待审核 → 已驳回, or an approval withdrawn (已批准 or 公示中, e.g. on an upheld objection) → 已驳回.
    /// Returns the approved amount to give back to the budget (0 when none was approved).
    /// </summary>
    public decimal Reject(string reason, long userId, string actorName, DateTimeOffset now)
    {
        if (Status is not (SubsidyApplicationStatus.Submitted or SubsidyApplicationStatus.Approved or SubsidyApplicationStatus.InNotice))
            throw new DomainException($"{StatusName(Status)}的申请不能驳回");
        reason = reason?.Trim() ?? string.Empty;
        if (reason.Length == 0) throw new DomainException("请填写驳回理由");
        if (reason.Length > ReasonMaxLength) throw new DomainException($"驳回理由不能超过{ReasonMaxLength}个字");
        var released = ApprovedAmount ?? 0m;
        RejectReason = reason;
        ApprovedAmount = null;
        Move(SubsidyApplicationStatus.Rejected, SubsidyEvent.Of(SubsidyEventKind.Rejected, userId, actorName, now, null, reason), now);
        return released;
    }

    /// <summary>已批准 → 公示中, when the programme's notice starts.</summary>
    public void EnterNotice(long userId, string actorName, DateTimeOffset now)
    {
        Require(SubsidyApplicationStatus.Approved, "只有已批准的申请可以公示");
        Move(SubsidyApplicationStatus.InNotice, SubsidyEvent.Of(SubsidyEventKind.NoticeStarted, userId, actorName, now), now);
    }

    /// <summary>异议: recorded by staff during the notice, with who, when and what; the state does not change.</summary>
    public void RecordObjection(string text, long userId, string actorName, DateTimeOffset now)
    {
        Require(SubsidyApplicationStatus.InNotice, "只能在公示期间登记异议");
        text = text?.Trim() ?? string.Empty;
        if (text.Length == 0) throw new DomainException("请填写异议内容");
        if (text.Length > SubsidyEvent.TextMaxLength) throw new DomainException($"异议内容不能超过{SubsidyEvent.TextMaxLength}个字");
        _events.Add(SubsidyEvent.Of(SubsidyEventKind.Objection, userId, actorName, now, null, text));
        UpdatedAt = now;
    }

    /// <summary>公示中 → 公示结束, when the programme's notice is closed.</summary>
    public void LeaveNotice(long userId, string actorName, DateTimeOffset now)
    {
        Require(SubsidyApplicationStatus.InNotice, "只有公示中的申请可以结束公示");
        Move(SubsidyApplicationStatus.NoticeEnded, SubsidyEvent.Of(SubsidyEventKind.NoticeEnded, userId, actorName, now), now);
    }

    /// <summary>公示结束 → 已拨付 with the payment date (not in the future) and amount (not above the approved one).</summary>
    public void Disburse(DateOnly on, decimal amount, DateOnly today, long userId, string actorName, DateTimeOffset now)
    {
        Require(SubsidyApplicationStatus.NoticeEnded, "公示结束后才能拨付");
        SubsidyMoney.Require(amount, "拨付金额");
        if (amount > ApprovedAmount) throw new DomainException($"拨付金额不能超过批准金额{ApprovedAmount:0.00}元");
        if (on > today) throw new DomainException("拨付日期不能晚于今天");
        DisbursedOn = on;
        DisbursedAmount = amount;
        Move(SubsidyApplicationStatus.Disbursed, SubsidyEvent.Of(SubsidyEventKind.Disbursed, userId, actorName, now, amount, on.ToString("yyyy-MM-dd")), now);
    }

    private void Require(SubsidyApplicationStatus expected, string message)
    {
        if (Status != expected) throw new DomainException($"{message}（当前状态：{StatusName(Status)}）");
    }

    private void Move(SubsidyApplicationStatus to, SubsidyEvent e, DateTimeOffset now)
    {
        Status = to;
        UpdatedAt = now;
        _events.Add(e);
    }

    public static string StatusName(SubsidyApplicationStatus s) => s switch
    {
        SubsidyApplicationStatus.Submitted => "待审核",
        SubsidyApplicationStatus.Approved => "已批准",
        SubsidyApplicationStatus.Rejected => "已驳回",
        SubsidyApplicationStatus.InNotice => "公示中",
        SubsidyApplicationStatus.NoticeEnded => "公示结束",
        SubsidyApplicationStatus.Disbursed => "已拨付",
        _ => s.ToString(),
    };
}
