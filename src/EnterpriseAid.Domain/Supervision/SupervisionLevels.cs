using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Supervision;

/// <summary>
/// 督办等级: a 督办单 is blue, yellow or red like the 预警 flags (<see cref="DeadlineFlags"/>), and by default
/// takes the problem's flag when it is issued.
/// </summary>
public static class SupervisionLevels
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("blue", "蓝色督办", "Blue"),
        new("yellow", "黄色督办", "Yellow"),
        new("red", "红色督办", "Red"),
    ];

    public static bool IsLevel(DeadlineFlag flag) => flag is DeadlineFlag.Blue or DeadlineFlag.Yellow or DeadlineFlag.Red;

    /// <summary>The level a new notice starts with: the problem's flag, or blue when it has none yet.</summary>
    public static DeadlineFlag DefaultFor(DeadlineFlag currentFlag) => IsLevel(currentFlag) ? currentFlag : DeadlineFlag.Blue;

    public static CatalogEntry Describe(DeadlineFlag level) => level switch
    {
        DeadlineFlag.Blue => All[0],
        DeadlineFlag.Yellow => All[1],
        DeadlineFlag.Red => All[2],
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static bool TryParse(string? code, out DeadlineFlag level)
    {
        level = code switch
        {
            "blue" => DeadlineFlag.Blue,
            "yellow" => DeadlineFlag.Yellow,
            "red" => DeadlineFlag.Red,
            _ => DeadlineFlag.None,
        };
        return level != DeadlineFlag.None;
    }
}

public enum SupervisionNoticeStatus
{
    /// <summary>待回复: not answered, reply due today or later.</summary>
    Pending = 1,

    /// <summary>已回复.</summary>
    Replied = 2,

    /// <summary>逾期未回复: not answered and the reply date has passed.</summary>
    Overdue = 3,
}

public static class SupervisionNoticeStatuses
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("pending", "待回复", "Awaiting reply"),
        new("replied", "已回复", "Replied"),
        new("overdue", "逾期未回复", "Reply overdue"),
    ];

    public static CatalogEntry Describe(SupervisionNoticeStatus status) => status switch
    {
        SupervisionNoticeStatus.Pending => All[0],
        SupervisionNoticeStatus.Replied => All[1],
        SupervisionNoticeStatus.Overdue => All[2],
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? code, out SupervisionNoticeStatus status)
    {
        status = code switch
        {
            "pending" => SupervisionNoticeStatus.Pending,
            "replied" => SupervisionNoticeStatus.Replied,
            "overdue" => SupervisionNoticeStatus.Overdue,
            _ => 0,
        };
        return status != 0;
    }
}
