using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Domain.Operating;

/// <summary>Who entered an operating report: the enterprise's 包联干部 (or other staff) or the enterprise itself.</summary>
public enum OperatingReportSource
{
    Staff = 1,
    Enterprise = 2,
}

/// <summary>The facts of one report, as one value so that the staff and the enterprise forms share one rule set.</summary>
public sealed record OperatingStatus(bool Operating, int StaffOnDuty, int UsualStaff, int CapacityPercent, string? Note);

/// <summary>
/// 经营状况报告 (复工复产): whether an enterprise is operating on a report date (报告日期), its staff on duty (在岗人数)
/// against its usual staff (正常用工人数) and its capacity utilisation (产能利用率). One report per enterprise and date:
/// a second one for the same date is refused (ADR-022). The figures take each enterprise's latest report on or before
/// the day asked for.
/// </summary>
public sealed class OperatingReport
{
    public const int NoteMaxLength = 500;
    public const int MaxCapacityPercent = 150;
    /// <summary>How far back a report may be entered late (补报).</summary>
    public const int MaxBackdateDays = 366;

    private OperatingReport() { }

    public long Id { get; private set; }
    public long EnterpriseId { get; private set; }
    public DateOnly ReportedOn { get; private set; }
    public bool Operating { get; private set; }
    public int StaffOnDuty { get; private set; }
    public int UsualStaff { get; private set; }
    public int CapacityPercent { get; private set; }
    public string? Note { get; private set; }
    public OperatingReportSource Source { get; private set; }
    public long EnteredByUserId { get; private set; }
    public DateTimeOffset EnteredAt { get; private set; }

    /// <summary>
    /// Records a report; throws the first broken rule (<see cref="Violations"/>) as a <see cref="DomainException"/>.
    /// </summary>
    public static OperatingReport Record(long enterpriseId, DateOnly reportedOn, OperatingStatus status, OperatingReportSource source,
        long enteredBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (enterpriseId <= 0) throw new DomainException("请选择企业");
        if (!Enum.IsDefined(source)) throw new DomainException("填报来源无效");
        var broken = Violations(reportedOn, status, ChinaTime.DateOf(now));
        if (broken.Count > 0) throw new DomainException(broken[0].Message);
        return new OperatingReport
        {
            EnterpriseId = enterpriseId,
            ReportedOn = reportedOn,
            Operating = status.Operating,
            StaffOnDuty = status.StaffOnDuty,
            UsualStaff = status.UsualStaff,
            CapacityPercent = status.CapacityPercent,
            Note = string.IsNullOrWhiteSpace(status.Note) ? null : status.Note.Trim(),
            Source = source,
            EnteredByUserId = enteredBy,
            EnteredAt = now,
        };
    }

    /// <summary>
    /// Every rule a report breaks, by field (ADR-022): the date is a Beijing date not after today and at most a year back;
    /// staff on duty is 0 or more; usual staff is 1 or more; capacity is 0–150%. An enterprise that is not operating has
    /// 0% capacity, but may have staff on duty (值守、检修人员), who count towards 用工恢复率.
    /// </summary>
    public static IReadOnlyList<OperatingRuleViolation> Violations(DateOnly reportedOn, OperatingStatus s, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(s);
        var broken = new List<OperatingRuleViolation>();
        void Add(OperatingField field, string message) => broken.Add(new(field, message));
        if (reportedOn > today) Add(OperatingField.ReportedOn, "报告日期不能晚于今天");
        else if (reportedOn < today.AddDays(-MaxBackdateDays)) Add(OperatingField.ReportedOn, "只能补报一年以内的经营状况");
        if (s.StaffOnDuty < 0) Add(OperatingField.StaffOnDuty, "在岗人数不能为负数");
        else if (s.StaffOnDuty > Enterprise.MaxEmployees) Add(OperatingField.StaffOnDuty, $"在岗人数不能超过{Enterprise.MaxEmployees}");
        if (s.UsualStaff < 1) Add(OperatingField.UsualStaff, "正常用工人数至少为1人");
        else if (s.UsualStaff > Enterprise.MaxEmployees) Add(OperatingField.UsualStaff, $"正常用工人数不能超过{Enterprise.MaxEmployees}");
        if (s.CapacityPercent is < 0 or > MaxCapacityPercent) Add(OperatingField.CapacityPercent, $"产能利用率应在0%到{MaxCapacityPercent}%之间");
        else if (!s.Operating && s.CapacityPercent != 0) Add(OperatingField.CapacityPercent, "未在产的企业产能利用率应为0%");
        if (s.Note?.Trim().Length > NoteMaxLength) Add(OperatingField.Note, $"备注不能超过{NoteMaxLength}个字");
        return broken;
    }
}

/// <summary>The report fields a rule can concern, so that a form shows the message next to the right field.</summary>
public enum OperatingField
{
    ReportedOn,
    StaffOnDuty,
    UsualStaff,
    CapacityPercent,
    Note,
}

public sealed record OperatingRuleViolation(OperatingField Field, string Message);
