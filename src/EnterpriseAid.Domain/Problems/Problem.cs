using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;

namespace EnterpriseAid.Domain.Problems;

/// <summary>
/// 问题 / 诉求: one problem of one enterprise, from registration through dispatch, handling,
/// resolution and rating to closing (销号). Every change appends a <see cref="ProblemEvent"/>.
/// </summary>
/// <remarks>
/// Whether an action is allowed is decided in one place (<see cref="Refusal"/>), which both the
/// methods and <see cref="AvailableActions"/> use, so the page never offers a button that would fail.
/// </remarks>
public sealed class Problem
{
    public const int TitleMaxLength = 60;
    public const int DescriptionMaxLength = 2000;
    public const int ResolutionMaxLength = 2000;
    public const int ProgressMaxLength = 1000;
    public const int CommentMaxLength = 500;
    public const int ReasonMinLength = 5;
    public const int ReasonMaxLength = 500;
    public const int MaxCoHandlers = 5;


    private static readonly ProblemAction[] Actions = Enum.GetValues<ProblemAction>();

    private List<ProblemCoHandler> _coHandlers = [];
    private List<ProblemEvent> _events = [];

    private Problem() { }

    public long Id { get; private set; }
    public string Number { get; private set; } = string.Empty;
    public long EnterpriseId { get; private set; }
    public long? VisitId { get; private set; }
    /// <summary>The 三个一批 project the problem was registered for, if any.</summary>
    public long? ProjectId { get; private set; }
    /// <summary>历史导入: the key of the ledger row the problem came from (its original number, or code + date + description hash).</summary>
    public string? ImportKey { get; private set; }
    public string Category { get; private set; } = string.Empty;
    public Urgency Urgency { get; private set; }
    public ProblemSource Source { get; private set; }
    public string Title { get; private set; } = string.Empty;
    public string Description { get; private set; } = string.Empty;
    public ProblemStatus Status { get; private set; }
    public long? LeadDepartmentId { get; private set; }
    public string? LeadDepartmentName { get; private set; }
    public IReadOnlyList<ProblemCoHandler> CoHandlers => _coHandlers;
    /// <summary>First dispatch; kept through returns and reassignments, so "交办" counts each problem once.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }
    public DateOnly? Deadline { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? Resolution { get; private set; }
    public bool ResolvedOnSpot { get; private set; }
    public bool? ResolvedByDeadline { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    public int ReopenCount { get; private set; }
    /// <summary>The latest rating; an unsatisfied one stays visible while the problem is handled again.</summary>
    public Satisfaction? Satisfaction { get; private set; }
    public string? RatingComment { get; private set; }
    public DateTimeOffset? RatedAt { get; private set; }
    public ExtensionRequest? PendingExtension { get; private set; }
    public int ExtensionCount { get; private set; }
    public IReadOnlyList<ProblemEvent> Events => _events;
    public long RegisteredByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Row version (PostgreSQL xmin) for optimistic concurrency.</summary>
    public uint Version { get; private set; }

    public bool IsOpen => IsOpenStatus(Status);

    /// <summary>登记, 已交办 or 办理中: the statuses of an open problem.</summary>
    public static bool IsOpenStatus(ProblemStatus status) => status is ProblemStatus.Reported or ProblemStatus.Assigned or ProblemStatus.InProgress;

    /// <summary>逾期: open and past its deadline.</summary>
    public bool IsOverdue(DateOnly today) => IsOpen && Deadline is { } due && today > due;

    /// <summary>Returned by the lead department and waiting for the dispatcher to reassign it.</summary>
    public bool IsAwaitingReassignment => Status == ProblemStatus.Reported && DispatchedAt is not null;

    public int PendingCoHandlerCount => _coHandlers.Count(c => !c.Finished);

    /// <summary>
    /// The 预警 flag for today, by the one definition in <see cref="DeadlineFlags"/>. Only open
    /// problems are flagged; one that was never dispatched has no deadline, but two reopenings
    /// still make it red.
    /// </summary>
    public DeadlineFlag Escalation(DateOnly today, WorkingDayCalendar calendar)
    {
        if (!IsOpen) return DeadlineFlag.None;
        if (Deadline is { } due) return DeadlineFlags.Evaluate(due, today, ReopenCount, calendar);
        return ReopenCount >= DeadlineFlags.RedAfterReopenings ? DeadlineFlag.Red : DeadlineFlag.None;
    }

    public static Problem Register(ProblemNumber number, long enterpriseId, long? visitId, string category, Urgency urgency,
        ProblemSource source, string title, string description, Actor registeredBy, DateTimeOffset now)
    {
        CheckActor(registeredBy);
        if (number.Year == 0) throw new DomainException("问题编号无效");
        if (enterpriseId <= 0) throw new DomainException("请选择企业");
        if (visitId is <= 0) throw new DomainException("走访记录无效");
        if (!Catalog.Contains(ProblemCategories.All, category)) throw new DomainException("请选择问题类别");
        if (!Enum.IsDefined(urgency)) throw new DomainException("请选择紧急程度");
        if (!Enum.IsDefined(source)) throw new DomainException("请选择问题来源");
        title = Required(title, TitleMaxLength, "问题标题");
        description = Required(description, DescriptionMaxLength, "问题描述");

        var problem = new Problem
        {
            Number = number.ToString(), EnterpriseId = enterpriseId, VisitId = visitId, Category = category,
            Urgency = urgency, Source = source, Title = title, Description = description,
            Status = ProblemStatus.Reported, RegisteredByUserId = registeredBy.UserId, CreatedAt = now,
        };
        problem.Record(ProblemEventKind.Registered, registeredBy, now,
            $"{registeredBy.Name}登记问题（来源：{ProblemSources.Describe(source).NameZh}）", null, StatusName(ProblemStatus.Reported));
        return problem;
    }

    public const int ImportKeyMaxLength = 80;
    public const int DepartmentNameMaxLength = 60;

    /// <summary>
    /// 历史导入: a problem from a ledger kept before the platform, with its own dates. A finished one (已办结, 已销号) comes
    /// in finished on its 办结日期; one still open comes in as 登记, to be dispatched through the workflow (the ledger names
    /// a department by name only). Its timeline starts with one "历史导入" entry by the importing user.
    /// </summary>
    public static Problem RegisterHistorical(ProblemNumber number, string importKey, long enterpriseId, string category, string description,
        ProblemStatus status, DateOnly reportedOn, DateOnly? resolvedOn, string? department, string? originalNumber, Actor importedBy, DateTimeOffset now)
    {
        CheckActor(importedBy);
        if (number.Year == 0) throw new DomainException("问题编号无效");
        if (string.IsNullOrWhiteSpace(importKey) || importKey.Length > ImportKeyMaxLength) throw new DomainException("导入标识无效");
        if (enterpriseId <= 0) throw new DomainException("请选择企业");
        if (!Catalog.Contains(ProblemCategories.All, category)) throw new DomainException("请选择问题类别");
        description = Required(description, DescriptionMaxLength, "问题描述");
        department = Optional(department, DepartmentNameMaxLength, "责任单位");
        if (status is not (ProblemStatus.Reported or ProblemStatus.Resolved or ProblemStatus.Closed))
            throw new DomainException("历史问题只能以登记、已办结或已销号的状态导入");
        var today = ChinaTime.DateOf(now);
        if (reportedOn > today) throw new DomainException("登记日期不能晚于今天");
        var finished = status != ProblemStatus.Reported;
        if (finished && resolvedOn is null) throw new DomainException("已办结或已销号的问题须填写办结日期");
        if (!finished && resolvedOn is not null) throw new DomainException("未办结的问题不能填写办结日期");
        if (resolvedOn is { } done && done < reportedOn) throw new DomainException("办结日期不能早于登记日期");
        if (resolvedOn is { } late && late > today) throw new DomainException("办结日期不能晚于今天");

        var firstLine = description.Split('\n')[0].Trim();
        var resolvedAt = resolvedOn is { } r ? ChinaTime.StartOfDay(r) : (DateTimeOffset?)null;
        var problem = new Problem
        {
            Number = number.ToString(), ImportKey = importKey, EnterpriseId = enterpriseId, Category = category, Urgency = Urgency.Ordinary,
            Source = ProblemSource.Other, Title = firstLine.Length > TitleMaxLength ? firstLine[..TitleMaxLength] : firstLine, Description = description,
            Status = status, LeadDepartmentName = finished ? department : null, ResolvedAt = resolvedAt,
            ClosedAt = status == ProblemStatus.Closed ? resolvedAt : null, RegisteredByUserId = importedBy.UserId, CreatedAt = ChinaTime.StartOfDay(reportedOn),
        };
        var detail = $"登记日期{reportedOn:yyyy-MM-dd}" + (resolvedOn is { } d ? $"，办结日期{d:yyyy-MM-dd}" : "") + (department is null ? "" : $"，责任单位：{department}");
        problem.Record(ProblemEventKind.Registered, importedBy, now,
            originalNumber is null ? "历史导入" : $"历史导入（原编号{originalNumber}）", null, StatusName(status), detail);
        return problem;
    }

    /// <summary>Registers a new problem for one of its enterprise's projects (the caller checks the project is the enterprise's).</summary>
    public void ForProject(long projectId)
    {
        if (projectId <= 0) throw new DomainException("项目无效");
        if (Id != 0) throw new DomainException("只能在登记问题时关联项目");
        ProjectId = projectId;
    }

    /// <summary>The actions this user may take now, in workflow order.</summary>
    public IReadOnlyList<ProblemAction> AvailableActions(ActorContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        return Actions.Where(a => Refusal(a, who) is null).ToList();
    }

    public bool Can(ProblemAction action, ActorContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        return Refusal(action, who) is null;
    }

    /// <summary>现场解决: resolved by the official at registration, without a department.</summary>
    public void SolveOnSpot(string resolution, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.SolveOnSpot, by);
        var text = Required(resolution, ResolutionMaxLength, "解决情况");
        Status = ProblemStatus.Resolved;
        ResolvedOnSpot = true;
        ResolvedAt = now;
        Resolution = text;
        ResolvedByDeadline = null;
        ClearRating();
        Record(ProblemEventKind.SolvedOnSpot, by.Actor, now, $"{by.Actor.Name}现场解决",
            StatusName(ProblemStatus.Reported), StatusName(ProblemStatus.Resolved), text);
    }

    /// <summary>交办 to a lead department, optionally with co-handlers, by a deadline the calendar worked out.</summary>
    public void Dispatch(DepartmentRef? lead, IReadOnlyCollection<DepartmentRef>? coHandlers, DateOnly? deadline, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Dispatch, by);
        var (checkedLead, checkedCo, due) = CheckAssignment(lead, coHandlers, deadline, now);
        Assign(checkedLead, checkedCo, due);
        DispatchedAt = now;
        Record(ProblemEventKind.Dispatched, by.Actor, now, $"{by.Actor.Name}交办{checkedLead.Name}牵头办理",
            StatusName(ProblemStatus.Reported), $"{StatusName(ProblemStatus.Assigned)}；{AssignmentText()}");
    }

    /// <summary>签收 by the lead department.</summary>
    public void Accept(ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Accept, by);
        Status = ProblemStatus.InProgress;
        AcceptedAt = now;
        Record(ProblemEventKind.Accepted, by.Actor, now, $"{by.Actor.Name}（{LeadDepartmentName}）签收",
            StatusName(ProblemStatus.Assigned), StatusName(ProblemStatus.InProgress));
    }

    /// <summary>退回 by the lead department to the dispatcher, who reassigns it.</summary>
    public void Return(string reason, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Return, by);
        var why = Reason(reason, "退回理由");
        var before = $"{StatusName(ProblemStatus.Assigned)}；{AssignmentText()}";
        var department = LeadDepartmentName;
        Status = ProblemStatus.Reported;
        LeadDepartmentId = null;
        LeadDepartmentName = null;
        _coHandlers.Clear();
        Deadline = null;
        var lapsed = DropPendingExtension();
        Record(ProblemEventKind.Returned, by.Actor, now, $"{by.Actor.Name}（{department}）退回，待活动办改派{lapsed}",
            before, $"{StatusName(ProblemStatus.Reported)}（退回待改派）", why);
    }

    /// <summary>改派: a new lead (and co-handlers, deadline) for a returned or not yet accepted problem.</summary>
    public void Reassign(DepartmentRef? lead, IReadOnlyCollection<DepartmentRef>? coHandlers, DateOnly? deadline, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Reassign, by);
        var (checkedLead, checkedCo, due) = CheckAssignment(lead, coHandlers, deadline, now);
        var before = Status == ProblemStatus.Assigned ? AssignmentText() : "退回待改派";
        var lapsed = DropPendingExtension();
        Assign(checkedLead, checkedCo, due);
        Record(ProblemEventKind.Reassigned, by.Actor, now, $"{by.Actor.Name}改派{checkedLead.Name}牵头办理{lapsed}",
            before, AssignmentText());
    }

    public void NoteProgress(string text, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.NoteProgress, by);
        var note = Required(text, ProgressMaxLength, "办理进展");
        Record(ProblemEventKind.ProgressNoted, by.Actor, now, $"{by.Actor.Name}（{DepartmentNameOf(by)}）填写办理进展",
            null, null, note);
    }

    /// <summary>A co-handler reports its part done.</summary>
    public void FinishCoHandling(string note, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.FinishCoHandling, by);
        var text = Required(note, ProblemCoHandler.NoteMaxLength, "协办意见");
        var coHandler = _coHandlers.Single(c => c.DepartmentId == by.DepartmentId);
        var before = CoHandlingText();
        coHandler.Finish(text, now);
        Record(ProblemEventKind.CoHandlerFinished, by.Actor, now, $"{by.Actor.Name}（{coHandler.DepartmentName}）完成协办",
            before, CoHandlingText(), text);
    }

    /// <summary>办结 by the lead department, once every co-handler has finished.</summary>
    public void Resolve(string resolution, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Resolve, by);
        var text = Required(resolution, ResolutionMaxLength, "办结情况");
        Status = ProblemStatus.Resolved;
        ResolvedAt = now;
        Resolution = text;
        ResolvedByDeadline = Deadline is { } due ? ChinaDate(now) <= due : null;
        ClearRating();
        var lapsed = DropPendingExtension();
        Record(ProblemEventKind.Resolved, by.Actor, now, $"{by.Actor.Name}（{LeadDepartmentName}）办结{lapsed}",
            StatusName(ProblemStatus.InProgress), StatusName(ProblemStatus.Resolved), text);
    }

    /// <summary>企业评价 by the enterprise or its official. 不满意 reopens the problem.</summary>
    public void Rate(Satisfaction? satisfaction, string? comment, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Rate, by);
        if (satisfaction is not { } rating || !Enum.IsDefined(rating)) throw new DomainException("请选择评价结果");
        var text = Optional(comment, CommentMaxLength, "评价意见");
        if (rating == Problems.Satisfaction.Unsatisfied && text is null) throw new DomainException("评价不满意时请说明原因");
        Satisfaction = rating;
        RatingComment = text;
        RatedAt = now;
        var name = Satisfactions.Describe(rating).NameZh;
        Record(ProblemEventKind.Rated, by.Actor, now, $"{by.Actor.Name}评价：{name}", "待评价", name, text);
        if (rating == Problems.Satisfaction.Unsatisfied) Reopen(by.Actor, now);
    }

    /// <summary>销号 by the dispatcher once the enterprise is satisfied or basically satisfied.</summary>
    public void Close(ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.Close, by);
        Status = ProblemStatus.Closed;
        ClosedAt = now;
        Record(ProblemEventKind.Closed, by.Actor, now, $"{by.Actor.Name}销号",
            StatusName(ProblemStatus.Resolved), StatusName(ProblemStatus.Closed));
    }

    /// <summary>延期申请 by the lead department; takes effect only when approved.</summary>
    public void RequestExtension(DateOnly newDeadline, string reason, ActorContext by, DateTimeOffset now)
    {
        Ensure(ProblemAction.RequestExtension, by);
        var current = Deadline.GetValueOrDefault();
        if (newDeadline <= current) throw new DomainException($"延期后的期限须晚于当前期限{Format(current)}");
        if (newDeadline < ChinaDate(now)) throw new DomainException("延期后的期限不能早于今天");
        var why = Reason(reason, "延期理由");
        PendingExtension = new ExtensionRequest(newDeadline, why, by.Actor, now);
        Record(ProblemEventKind.ExtensionRequested, by.Actor, now, $"{by.Actor.Name}（{LeadDepartmentName}）申请延期至{Format(newDeadline)}",
            $"期限{Format(current)}", $"申请延至{Format(newDeadline)}", why);
    }

    public void ApproveExtension(ActorContext approver, DateTimeOffset now)
    {
        Ensure(ProblemAction.ApproveExtension, approver);
        var request = PendingExtension!;
        var before = $"期限{Format(Deadline.GetValueOrDefault())}";
        Deadline = request.NewDeadline;
        ExtensionCount++;
        PendingExtension = null;
        Record(ProblemEventKind.ExtensionApproved, approver.Actor, now, $"{approver.Actor.Name}同意{request.RequestedByName}的延期申请",
            before, $"期限{Format(request.NewDeadline)}", request.Reason);
    }

    public void RejectExtension(string reason, ActorContext approver, DateTimeOffset now)
    {
        Ensure(ProblemAction.RejectExtension, approver);
        var why = Reason(reason, "驳回理由");
        var request = PendingExtension!;
        PendingExtension = null;
        Record(ProblemEventKind.ExtensionRejected, approver.Actor, now, $"{approver.Actor.Name}驳回{request.RequestedByName}的延期申请",
            $"申请延至{Format(request.NewDeadline)}", $"期限仍为{Format(Deadline.GetValueOrDefault())}", why);
    }

    private void Reopen(Actor by, DateTimeOffset now)
    {
        ReopenCount++;
        // Solved on the spot, there is no department to take it back: it goes to the dispatcher.
        var to = LeadDepartmentId is null ? ProblemStatus.Reported : ProblemStatus.InProgress;
        Status = to;
        ResolvedAt = null;
        Resolution = null;
        ResolvedOnSpot = false;
        ResolvedByDeadline = null;
        foreach (var coHandler in _coHandlers) coHandler.Reopen();
        Record(ProblemEventKind.Reopened, by, now, $"评价不满意，问题重新办理（第{ReopenCount}次）",
            StatusName(ProblemStatus.Resolved), StatusName(to));
    }

    /// <summary>Why <paramref name="who"/> may not take <paramref name="action"/> now, or null when they may.</summary>
    private string? Refusal(ProblemAction action, ActorContext who)
    {
        if (!AllowedIn(action).Contains(Status)) return $"问题当前为“{StatusName(Status)}”，不能{Verb(action)}";
        var isLead = LeadDepartmentId is { } lead && who.DepartmentId == lead;
        var coHandler = who.DepartmentId is { } department ? _coHandlers.Find(c => c.DepartmentId == department) : null;
        var onlyLead = $"只有牵头单位（{LeadDepartmentName}）可以{Verb(action)}";
        return action switch
        {
            ProblemAction.SolveOnSpot when !(who.IsOfficial || who.IsDispatcher) => "只有包联干部或活动办可以登记现场解决",
            ProblemAction.SolveOnSpot when DispatchedAt is not null => "问题已交办过，不能再现场解决",
            ProblemAction.SolveOnSpot when ReopenCount > 0 => "问题评价不满意后须交办责任单位办理，不能再现场解决",
            ProblemAction.Dispatch when !who.IsDispatcher => "只有活动办可以交办问题",
            ProblemAction.Dispatch when DispatchedAt is not null => $"问题已被退回（当前为“{StatusName(Status)}”），请改派",
            ProblemAction.Accept or ProblemAction.Return or ProblemAction.Resolve or ProblemAction.RequestExtension when !isLead => onlyLead,
            ProblemAction.Reassign when !who.IsDispatcher => "只有活动办可以改派问题",
            ProblemAction.Reassign when DispatchedAt is null => "问题尚未交办，请直接交办",
            ProblemAction.NoteProgress when !isLead && coHandler is null => "只有牵头单位或协办单位可以填写办理进展",
            ProblemAction.FinishCoHandling when coHandler is null => "只有协办单位可以提交协办意见",
            ProblemAction.FinishCoHandling when coHandler.Finished => "本单位已完成协办",
            ProblemAction.Resolve when PendingCoHandlerCount > 0 => $"还有{PendingCoHandlerCount}个协办单位未完成协办，不能办结",
            ProblemAction.Rate when !(who.IsEnterpriseOwner || who.IsOfficial) => "只有企业或包联干部可以评价",
            ProblemAction.Rate when Satisfaction is not null => "本次办结已评价",
            ProblemAction.Close when !who.IsDispatcher => "只有活动办可以销号",
            ProblemAction.Close when Satisfaction is null => "企业评价满意或基本满意后才能销号",
            ProblemAction.RequestExtension when PendingExtension is not null => "已有一条延期申请待审批，请等待审批结果",
            ProblemAction.ApproveExtension or ProblemAction.RejectExtension when PendingExtension is null => "当前没有待审批的延期申请",
            ProblemAction.ApproveExtension or ProblemAction.RejectExtension when !(who.IsDispatcher || who.IsSupervisor) =>
                "只有活动办或领导可以审批延期申请",
            // Whoever asked for more time does not also grant it, even when they hold both roles.
            ProblemAction.ApproveExtension or ProblemAction.RejectExtension when PendingExtension!.RequestedByUserId == who.Actor.UserId =>
                "不能审批本人提交的延期申请",
            _ => null,
        };
    }

    private static ProblemStatus[] AllowedIn(ProblemAction action) => action switch
    {
        ProblemAction.SolveOnSpot or ProblemAction.Dispatch => [ProblemStatus.Reported],
        ProblemAction.Accept or ProblemAction.Return => [ProblemStatus.Assigned],
        ProblemAction.Reassign => [ProblemStatus.Reported, ProblemStatus.Assigned],
        ProblemAction.NoteProgress or ProblemAction.FinishCoHandling or ProblemAction.Resolve => [ProblemStatus.InProgress],
        ProblemAction.Rate or ProblemAction.Close => [ProblemStatus.Resolved],
        ProblemAction.RequestExtension or ProblemAction.ApproveExtension or ProblemAction.RejectExtension =>
            [ProblemStatus.Assigned, ProblemStatus.InProgress],
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private static string Verb(ProblemAction action) => action switch
    {
        ProblemAction.SolveOnSpot => "现场解决",
        ProblemAction.Dispatch => "交办",
        ProblemAction.Accept => "签收",
        ProblemAction.Return => "退回",
        ProblemAction.Reassign => "改派",
        ProblemAction.NoteProgress => "填写办理进展",
        ProblemAction.FinishCoHandling => "提交协办意见",
        ProblemAction.Resolve => "办结",
        ProblemAction.Rate => "评价",
        ProblemAction.Close => "销号",
        ProblemAction.RequestExtension => "申请延期",
        ProblemAction.ApproveExtension or ProblemAction.RejectExtension => "审批延期申请",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    private void Ensure(ProblemAction action, ActorContext who)
    {
        ArgumentNullException.ThrowIfNull(who);
        CheckActor(who.Actor);
        if (Refusal(action, who) is { } refusal) throw new DomainException(refusal);
    }

    private static (DepartmentRef Lead, List<DepartmentRef> CoHandlers, DateOnly Deadline) CheckAssignment(
        DepartmentRef? lead, IReadOnlyCollection<DepartmentRef>? coHandlers, DateOnly? deadline, DateTimeOffset now)
    {
        if (lead is null || lead.Id <= 0) throw new DomainException("请选择牵头单位");
        var co = (coHandlers ?? []).ToList();
        if (co.Any(c => c is null || c.Id <= 0)) throw new DomainException("请选择协办单位");
        if (co.Any(c => c.Id == lead.Id)) throw new DomainException("牵头单位不能同时作为协办单位");
        if (co.Select(c => c.Id).Distinct().Count() != co.Count) throw new DomainException("协办单位不能重复");
        if (co.Count > MaxCoHandlers) throw new DomainException($"协办单位最多{MaxCoHandlers}个");
        if (deadline is not { } due) throw new DomainException("请填写办理期限");
        if (due < ChinaDate(now)) throw new DomainException("办理期限不能早于今天");
        return (CheckName(lead), co.Select(CheckName).ToList(), due);
    }

    private static DepartmentRef CheckName(DepartmentRef department)
    {
        var name = department.Name?.Trim() ?? string.Empty;
        if (name.Length == 0 || name.Length > OrgUnit.NameMaxLength)
            throw new ArgumentException($"单位名称应为1至{OrgUnit.NameMaxLength}个字", nameof(department));
        return department with { Name = name };
    }

    private void Assign(DepartmentRef lead, List<DepartmentRef> coHandlers, DateOnly deadline)
    {
        Status = ProblemStatus.Assigned;
        LeadDepartmentId = lead.Id;
        LeadDepartmentName = lead.Name;
        _coHandlers.Clear();
        _coHandlers.AddRange(coHandlers.Select(c => new ProblemCoHandler(c)));
        Deadline = deadline;
        AcceptedAt = null;
    }

    private string AssignmentText()
    {
        var co = _coHandlers.Count == 0 ? string.Empty : $"；协办：{string.Join("、", _coHandlers.Select(c => c.DepartmentName))}";
        return $"牵头：{LeadDepartmentName}{co}；期限：{Format(Deadline.GetValueOrDefault())}";
    }

    private string CoHandlingText() => $"协办完成{_coHandlers.Count - PendingCoHandlerCount}/{_coHandlers.Count}";

    private string DepartmentNameOf(ActorContext who) =>
        who.DepartmentId == LeadDepartmentId
            ? LeadDepartmentName ?? string.Empty
            : _coHandlers.Find(c => c.DepartmentId == who.DepartmentId)?.DepartmentName ?? string.Empty;

    /// <summary>Drops a pending extension when the lead's part ends; returns the note for the event.</summary>
    private string DropPendingExtension()
    {
        if (PendingExtension is null) return string.Empty;
        PendingExtension = null;
        return "，待审批的延期申请随之撤销";
    }

    private void ClearRating()
    {
        Satisfaction = null;
        RatingComment = null;
        RatedAt = null;
    }

    private void Record(ProblemEventKind kind, Actor by, DateTimeOffset now, string summary, string? before, string? after, string? detail = null)
    {
        _events.Add(new ProblemEvent(now, by, kind, summary, before, after, detail));
        UpdatedAt = now;
    }

    private static void CheckActor(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.UserId <= 0) throw new ArgumentOutOfRangeException(nameof(actor), actor.UserId, "操作人无效");
        if (string.IsNullOrWhiteSpace(actor.Name) || actor.Name.Length > Actor.NameMaxLength)
            throw new ArgumentException($"操作人姓名应为1至{Actor.NameMaxLength}个字", nameof(actor));
    }

    private static string Required(string? text, int maxLength, string label)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0) throw new DomainException($"请填写{label}");
        if (value.Length > maxLength) throw new DomainException($"{label}不能超过{maxLength}个字");
        return value;
    }

    private static string? Optional(string? text, int maxLength, string label)
    {
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > maxLength) throw new DomainException($"{label}不能超过{maxLength}个字");
        return value;
    }

    private static string Reason(string? text, string label)
    {
        var value = text?.Trim() ?? string.Empty;
        if (value.Length < ReasonMinLength) throw new DomainException($"请填写{label}（至少{ReasonMinLength}个字）");
        if (value.Length > ReasonMaxLength) throw new DomainException($"{label}不能超过{ReasonMaxLength}个字");
        return value;
    }

    private static string StatusName(ProblemStatus status) => ProblemStatuses.Describe(status).NameZh;

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Deadlines are Beijing dates whatever zone the server or the caller's clock runs in.
    private static DateOnly ChinaDate(DateTimeOffset now) => ChinaTime.DateOf(now);
}
