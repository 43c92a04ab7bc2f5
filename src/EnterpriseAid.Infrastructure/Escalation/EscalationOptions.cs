namespace EnterpriseAid.Infrastructure.Escalation;

/// <summary>The "Escalation" configuration section.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>Whether this node runs the job at all (every node may; one at a time does a pass).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Minutes between passes; at least 1.</summary>
    public int IntervalMinutes { get; set; } = 10;

    /// <summary>Seconds after start-up before the first pass.</summary>
    public int StartDelaySeconds { get; set; } = 15;

    /// <summary>The name escalation_runs records for this node; the machine name and process id when empty.</summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// Seconds between passes, overriding <see cref="IntervalMinutes"/> when above 0 (at least 2): for the
    /// two-node test and demonstrations, never needed in production.
    /// </summary>
    public int IntervalSeconds { get; set; }

    public TimeSpan Interval => IntervalSeconds > 0
        ? TimeSpan.FromSeconds(Math.Max(2, IntervalSeconds))
        : TimeSpan.FromMinutes(Math.Max(1, IntervalMinutes));

    public TimeSpan StartDelay => TimeSpan.FromSeconds(Math.Max(0, StartDelaySeconds));

    /// <summary>A pass that would start within this time of the last one is skipped: another node just did the work.</summary>
    public TimeSpan MinSpacing => Interval / 2;

    public string Node
    {
        get
        {
            var name = string.IsNullOrWhiteSpace(NodeName) ? $"{Environment.MachineName}/{Environment.ProcessId}" : NodeName.Trim();
            return name.Length > EscalationRun.NodeMaxLength ? name[..EscalationRun.NodeMaxLength] : name;
        }
    }
}
