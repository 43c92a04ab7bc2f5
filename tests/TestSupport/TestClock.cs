namespace EnterpriseAid.TestSupport;

/// <summary>A clock the test moves by hand; starts at the real time so tokens and cookies look normal.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
