using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Domain.Supervision;

/// <summary>
/// 督办单: a numbered notice a supervisor issues on a late problem to its lead department, which must
/// reply once by the reply date. The problem's number, title, enterprise and deadline and the
/// department's name are kept as they were at issue, because the notice is a document: a later
/// reassignment or rename does not rewrite what was sent.
/// </summary>
public sealed class SupervisionNotice
{
    public const int RequirementMaxLength = 1000;
    public const int ReplyMaxLength = 2000;
    /// <summary>The reply date the issue form suggests: this many working days after today.</summary>
    public const int DefaultReplyWorkingDays = 3;
    /// <summary>The reply date may be at most this many calendar days ahead.</summary>
    public const int MaxReplyDays = 365;

    private SupervisionNotice() { }

    public long Id { get; private set; }
    public string Number { get; private set; } = string.Empty;
    public long ProblemId { get; private set; }
    public string ProblemNumber { get; private set; } = string.Empty;
    public string ProblemTitle { get; private set; } = string.Empty;
    public string EnterpriseName { get; private set; } = string.Empty;
    public DateOnly? ProblemDeadline { get; private set; }
    /// <summary>被督办单位: the problem's lead department when the notice was issued.</summary>
    public long DepartmentId { get; private set; }
    public string DepartmentName { get; private set; } = string.Empty;
    public DeadlineFlag Level { get; private set; }
    public string Requirement { get; private set; } = string.Empty;
    public DateOnly ReplyDue { get; private set; }
    public long IssuedByUserId { get; private set; }
    public string IssuedByName { get; private set; } = string.Empty;
    public DateTimeOffset IssuedAt { get; private set; }
    public string? Reply { get; private set; }
    public long? RepliedByUserId { get; private set; }
    public string? RepliedByName { get; private set; }
    public DateTimeOffset? RepliedAt { get; private set; }

    /// <summary>Row version (PostgreSQL xmin) for optimistic concurrency: a notice is answered once.</summary>
    public uint Version { get; private set; }

    public bool IsReplied => RepliedAt is not null;

    public SupervisionNoticeStatus Status(DateOnly today) =>
        IsReplied ? SupervisionNoticeStatus.Replied
        : today > ReplyDue ? SupervisionNoticeStatus.Overdue
        : SupervisionNoticeStatus.Pending;

    /// <summary>Why no notice can be issued on this problem now, or null when one can.</summary>
    public static string? Refusal(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Status switch
        {
            ProblemStatus.Closed => "问题已销号，不能开具督办单",
            ProblemStatus.Resolved => "问题已办结，正在等待企业评价，不能开具督办单",
            _ when problem.LeadDepartmentId is null || string.IsNullOrEmpty(problem.LeadDepartmentName) =>
                "问题尚未交办牵头单位，没有可督办的责任单位，不能开具督办单",
            _ => null,
        };
    }

    /// <summary>Issues a notice to the problem's lead department. <paramref name="now"/> decides "today" (Beijing).</summary>
    public static SupervisionNotice Issue(SupervisionNoticeNumber number, Problem problem, string enterpriseName, DeadlineFlag level,
        string requirement, DateOnly replyDue, Actor issuedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(problem);
        CheckActor(issuedBy);
        if (number.Year == 0) throw new DomainException("督办单编号无效");
        if (Refusal(problem) is { } refusal) throw new DomainException(refusal);
        if (string.IsNullOrWhiteSpace(enterpriseName) || enterpriseName.Trim().Length > Enterprise.NameMaxLength)
            throw new ArgumentException("企业名称无效", nameof(enterpriseName));
        if (!SupervisionLevels.IsLevel(level)) throw new DomainException("请选择督办等级");
        var text = Required(requirement, RequirementMaxLength, "督办要求");
        CheckReplyDue(replyDue, ChinaDate(now));

        return new SupervisionNotice
        {
            Number = number.ToString(),
            ProblemId = problem.Id,
            ProblemNumber = problem.Number,
            ProblemTitle = problem.Title,
            EnterpriseName = enterpriseName.Trim(),
            ProblemDeadline = problem.Deadline,
            DepartmentId = problem.LeadDepartmentId!.Value,
            DepartmentName = problem.LeadDepartmentName!,
            Level = level,
            Requirement = text,
            ReplyDue = replyDue,
            IssuedByUserId = issuedBy.UserId,
            IssuedByName = issuedBy.Name,
            IssuedAt = now,
        };
    }

    /// <summary>The reply date must come after today and within <see cref="MaxReplyDays"/> days.</summary>
    public static void CheckReplyDue(DateOnly replyDue, DateOnly today)
    {
        if (replyDue <= today) throw new DomainException("回复期限须晚于今天");
        if (replyDue > today.AddDays(MaxReplyDays)) throw new DomainException($"回复期限不能晚于{MaxReplyDays}天以后");
    }

    /// <summary>The addressed department answers, once.</summary>
    public void Answer(string reply, Actor by, DateTimeOffset now)
    {
        CheckActor(by);
        if (IsReplied) throw new DomainException("督办单已回复，不能重复回复");
        if (by.OrgUnitId != DepartmentId) throw new DomainException($"只有被督办单位（{DepartmentName}）可以回复督办单");
        var text = Required(reply, ReplyMaxLength, "回复内容");
        Reply = text;
        RepliedByUserId = by.UserId;
        RepliedByName = by.Name;
        RepliedAt = now;
    }

    /// <summary>The problem's timeline line for the issue.</summary>
    public ProblemEvent IssuedEvent() => new(IssuedAt, new Actor(IssuedByUserId, IssuedByName, null), ProblemEventKind.NoticeIssued,
        $"{IssuedByName}开具督办单{Number}（{SupervisionLevels.Describe(Level).NameZh}），督办{DepartmentName}",
        null, $"待回复，回复期限{Format(ReplyDue)}", Requirement);

    /// <summary>The problem's timeline line for the reply.</summary>
    public ProblemEvent RepliedEvent()
    {
        if (!IsReplied) throw new InvalidOperationException("The notice has no reply yet.");
        return new ProblemEvent(RepliedAt!.Value, new Actor(RepliedByUserId!.Value, RepliedByName!, DepartmentId), ProblemEventKind.NoticeReplied,
            $"{RepliedByName}（{DepartmentName}）回复督办单{Number}", "待回复", "已回复", Reply);
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

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // Reply dates are Beijing dates whatever zone the server or the caller's clock runs in.
    private static DateOnly ChinaDate(DateTimeOffset now) => ChinaTime.DateOf(now);
}
