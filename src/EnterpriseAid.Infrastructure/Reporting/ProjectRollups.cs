namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// A project's procedures and how many are done (V0087, ADR-033). Kept by the database in the transaction of every change
/// to procedures; read-only for the application, unscoped, and only ever joined to the projects a user sees.
/// </summary>
public sealed class ProjectProcedureCounts
{
    public long ProjectId { get; init; }
    public int Procedures { get; init; }
    public int Done { get; init; }
}

/// <summary>A project's reported investment of one calendar year and the number of monthly reports in it (V0087, as above).</summary>
public sealed class ProjectInvestmentYear
{
    public long ProjectId { get; init; }
    public int Year { get; init; }
    public decimal Amount { get; init; }
    public int Reports { get; init; }
}
