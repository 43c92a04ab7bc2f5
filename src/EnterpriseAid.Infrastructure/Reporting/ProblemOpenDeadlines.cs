namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// How many open problems (登记, 已交办, 办理中) of a city or a district have one deadline day (V0095, ADR-035). Kept by the
/// database in the transaction of every change to problems; the application only reads it.
/// </summary>
public sealed class ProblemOpenDeadlines
{
    /// <summary><see cref="ProblemDayFigures.CityDepth"/> for a city's row, <see cref="ProblemDayFigures.DistrictDepth"/> for a district's.</summary>
    public short Depth { get; init; }

    /// <summary>The city's ("/city/") or the district's ("/city/district/") path.</summary>
    public string RegionPath { get; init; } = "";

    public DateOnly Deadline { get; init; }

    public int OpenCount { get; init; }
}
