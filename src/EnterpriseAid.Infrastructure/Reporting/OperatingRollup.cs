namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// An enterprise's latest 经营状况 report, whatever its day (V0085, ADR-032). Kept by the database in the transaction of
/// every change to operating_reports; read-only for the application.
/// </summary>
public sealed class OperatingLatestReport
{
    public long EnterpriseId { get; init; }
    public DateOnly ReportedOn { get; init; }
    public bool Operating { get; init; }
    public int StaffOnDuty { get; init; }
    public int UsualStaff { get; init; }
}

/// <summary>
/// The 复工复产 figures of one town region path and one scale class over each enterprise's latest report (V0085, ADR-032):
/// the enterprises, those that reported, those operating, and the staff sums. Kept by the database in the transaction of
/// every change to enterprises and operating_reports; read-only for the application.
/// </summary>
public sealed class OperatingRegionFigures
{
    public string RegionPath { get; init; } = "";
    public string ScaleClass { get; init; } = "";
    public int Enterprises { get; init; }
    public int Reported { get; init; }
    public int Operating { get; init; }
    public long StaffOnDuty { get; init; }
    public long UsualStaff { get; init; }
}
