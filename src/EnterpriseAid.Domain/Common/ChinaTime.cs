namespace EnterpriseAid.Domain.Common;

/// <summary>
/// China Standard Time (UTC+8, no daylight saving), the one place the portal turns instants into Beijing
/// times and dates. Instants are stored in UTC; deadlines, periods, quarters and "today" are Beijing dates,
/// and pages show Beijing times whatever the server's own zone (a container usually runs on UTC).
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The same instant with the +08:00 offset, for display.</summary>
    public static DateTimeOffset ToChinaTime(this DateTimeOffset value) => value.ToOffset(Offset);

    /// <summary>The Beijing date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>Today's Beijing date by <paramref name="clock"/>.</summary>
    public static DateOnly Today(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOf(clock.GetUtcNow());
    }

    /// <summary>00:00 Beijing time on <paramref name="day"/>, as a UTC instant (the start of a Beijing day).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();
}
