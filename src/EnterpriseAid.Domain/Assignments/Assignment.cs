using System.Globalization;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Assignments;

/// <summary>包联角色: who stands for the enterprise in the campaign.</summary>
public static class AssignmentRoles
{
    public const string Leader = "leader";
    public const string Liaison = "liaison";
    public const string Department = "department";
    public const string TownOffice = "town_office";
    public const int CodeMaxLength = 16;

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(Leader, "包联领导", "Leader"),
        new(Liaison, "联络员", "Liaison"),
        new(Department, "行业主管单位", "Competent department"),
        new(TownOffice, "属地镇办", "Town office"),
    ];

    public static bool IsValid(string? code) => Catalog.Contains(All, code);

    /// <summary>Department and town-office assignments name a unit; leaders and liaisons name a person.</summary>
    public static bool NamesUnit(string code) => code is Department or TownOffice;
}

/// <summary>
/// 包联关系: an enterprise assigned to an official (leader, liaison) or a unit (competent
/// department, town office) for a period. Ending an assignment keeps it as history.
/// </summary>
public sealed class Assignment
{
    public const int NoteMaxLength = 200;

    private Assignment() { }

    public long Id { get; private set; }
    public long EnterpriseId { get; private set; }
    public string Role { get; private set; } = string.Empty;
    public long? UserId { get; private set; }
    public long? OrgUnitId { get; private set; }
    public DateOnly StartsOn { get; private set; }
    public DateOnly? EndsOn { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public static Assignment Create(long enterpriseId, string role, long? userId, long? orgUnitId,
        DateOnly startsOn, DateOnly? endsOn, string? note, DateTimeOffset now)
    {
        if (enterpriseId <= 0) throw new DomainException("请选择企业");
        if (!AssignmentRoles.IsValid(role)) throw new DomainException("请选择包联角色");
        if (AssignmentRoles.NamesUnit(role))
        {
            if (orgUnitId is not > 0) throw new DomainException("行业主管单位和属地镇办须选择单位");
            if (userId is not null) throw new DomainException("行业主管单位和属地镇办按单位包联，不填写干部");
        }
        else
        {
            if (userId is not > 0) throw new DomainException("包联领导和联络员须选择干部");
        }
        if (endsOn is { } end && end < startsOn) throw new DomainException("包联结束日期不能早于开始日期");
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note?.Length > NoteMaxLength) throw new DomainException($"备注不能超过{NoteMaxLength}个字");
        return new Assignment
        {
            EnterpriseId = enterpriseId, Role = role, UserId = userId, OrgUnitId = orgUnitId,
            StartsOn = startsOn, EndsOn = endsOn, Note = note, CreatedAt = now,
        };
    }

    public bool IsActiveOn(DateOnly day) => StartsOn <= day && (EndsOn is null || EndsOn >= day);

    /// <summary>Whether the two periods share at least one day; an open end runs on for ever.</summary>
    public bool Overlaps(Assignment other) =>
        StartsOn <= (other.EndsOn ?? DateOnly.MaxValue) && other.StartsOn <= (EndsOn ?? DateOnly.MaxValue);

    /// <summary>The same person, or the same unit, in the same role.</summary>
    public bool SameHolderAndRole(Assignment other) =>
        Role == other.Role && UserId == other.UserId && OrgUnitId == other.OrgUnitId;

    /// <summary>"2026-01-01起" or "2026-01-01至2026-06-30", as the messages print a period.</summary>
    public string PeriodText => EndsOn is { } end
        ? $"{StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}至{end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        : $"{StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}起";

    /// <summary>
    /// Only a mistake may be deleted: an assignment entered today (Beijing date). Anything older is
    /// part of the record of who covered the enterprise when, and is ended instead.
    /// </summary>
    public void EnsureDeletable(DateTimeOffset now)
    {
        if (ChinaDate(CreatedAt) != ChinaDate(now))
            throw new DomainException("只能删除当天录入的包联关系；以前录入的请结束，保留历史记录");
    }

    private static DateOnly ChinaDate(DateTimeOffset at) => ChinaTime.DateOf(at);

    public void End(DateOnly endsOn)
    {
        if (EndsOn is { } already && already < endsOn) throw new DomainException($"该包联关系已于{already:yyyy-MM-dd}结束");
        if (endsOn < StartsOn) throw new DomainException("包联结束日期不能早于开始日期");
        EndsOn = endsOn;
    }
}
