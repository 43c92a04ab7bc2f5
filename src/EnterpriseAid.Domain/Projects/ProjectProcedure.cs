using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Projects;

/// <summary>手续: one item of a project's approvals checklist (立项、用地预审、规划许可…) with its status and dates.</summary>
public sealed class ProjectProcedure
{
    public const int NameMaxLength = 30;

    private ProjectProcedure() { }

    internal ProjectProcedure(string name, int sortOrder)
    {
        Name = CheckName(name);
        SortOrder = sortOrder;
        Status = ProcedureStatus.NotStarted;
    }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public int SortOrder { get; private set; }
    public ProcedureStatus Status { get; private set; }
    /// <summary>受理 / 开始办理的日期.</summary>
    public DateOnly? StartedOn { get; private set; }
    /// <summary>办结日期.</summary>
    public DateOnly? CompletedOn { get; private set; }
    public uint Version { get; private set; }

    internal static string CheckName(string? name)
    {
        var n = name?.Trim() ?? string.Empty;
        if (n.Length == 0) throw new DomainException("请填写手续名称");
        if (n.Length > NameMaxLength) throw new DomainException($"手续名称不能超过{NameMaxLength}个字");
        return n;
    }

    /// <summary>
    /// Sets the status and its dates: 未办 has none; 办理中 needs the date it started; 已办结 needs the date it was
    /// completed, on or after the start date if one is given. No date may lie after today.
    /// </summary>
    public void Update(ProcedureStatus status, DateOnly? startedOn, DateOnly? completedOn, DateOnly today)
    {
        if (!Enum.IsDefined(status)) throw new DomainException("请选择手续状态");
        if (startedOn > today) throw new DomainException($"“{Name}”的开始办理日期不能晚于今天");
        if (completedOn > today) throw new DomainException($"“{Name}”的办结日期不能晚于今天");
        switch (status)
        {
            case ProcedureStatus.NotStarted:
                if (startedOn is not null || completedOn is not null) throw new DomainException($"“{Name}”未办，不应填写日期");
                break;
            case ProcedureStatus.InProgress:
                if (startedOn is null) throw new DomainException($"“{Name}”办理中，请填写开始办理日期");
                if (completedOn is not null) throw new DomainException($"“{Name}”尚未办结，不应填写办结日期");
                break;
            case ProcedureStatus.Done:
                if (completedOn is null) throw new DomainException($"“{Name}”已办结，请填写办结日期");
                if (startedOn is { } s && completedOn < s) throw new DomainException($"“{Name}”的办结日期不能早于开始办理日期");
                break;
        }
        Status = status;
        StartedOn = startedOn;
        CompletedOn = completedOn;
    }
}
