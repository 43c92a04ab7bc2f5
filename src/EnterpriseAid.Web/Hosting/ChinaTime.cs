namespace EnterpriseAid.Web;

/// <summary>
/// Times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving), whatever the
/// server's own time zone: a container usually runs on UTC, and a 09:30 entry must not read 01:30.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChinaTime(this DateTimeOffset value) => value.ToOffset(Offset);
}
