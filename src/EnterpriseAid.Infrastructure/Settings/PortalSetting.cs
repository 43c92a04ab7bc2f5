namespace EnterpriseAid.Infrastructure.Settings;

/// <summary>
/// A value an administrator changes without a deployment (key → text), with optimistic concurrency
/// through xmin. Each key's meaning, default and bounds live with the code that reads it; the rows
/// exist from the migration that introduces the key, so an edit always has a version to check.
/// </summary>
public sealed class PortalSetting
{
    public const int KeyMaxLength = 64;
    public const int ValueMaxLength = 200;

    /// <summary>走访目标: visits each enterprise should receive per quarter (VisitTarget, 1–30).</summary>
    public const string VisitTargetPerQuarter = "coverage.visits_per_quarter";

    private PortalSetting() { }

    public PortalSetting(string key, string value, DateTimeOffset now)
    {
        Key = key;
        Value = value;
        UpdatedAt = now;
    }

    public string Key { get; private set; } = string.Empty;
    public string Value { get; private set; } = string.Empty;
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public void Change(string value, DateTimeOffset now)
    {
        if (value.Length > ValueMaxLength) throw new ArgumentOutOfRangeException(nameof(value));
        if (value == Value) return;
        Value = value;
        UpdatedAt = now;
    }
}
