namespace EnterpriseAid.Domain.Calendar;

/// <summary>
/// Raised when a working-day question touches a year whose holiday schedule has not been imported.
/// Kept apart from <see cref="Common.DomainException"/> because the fix is an administrator's import,
/// not a correction by the user who hit it; the message is still Chinese and fit to show.
/// </summary>
public sealed class CalendarNotCoveredException(int year)
    : Exception($"工作日历未包含{year}年的节假日安排，请系统管理员先导入该年度安排")
{
    public int Year { get; } = year;
}
