namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>One stored figure set of the dashboard (V0016): its key (what, region, period), when it was counted, and the JSON.</summary>
public sealed class DashboardSnapshot
{
    public string Key { get; set; } = "";
    public DateTimeOffset ComputedAt { get; set; }
    public string Payload { get; set; } = "";
}
