namespace EnterpriseAid.UnitTests.Support;

/// <summary>A clock stopped at one instant, in UTC, so date rules can be tested at their edges.</summary>
public sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
