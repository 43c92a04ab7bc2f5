namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// The problem figures of one Beijing registration day and one city or district (V0070, ADR-024): what
/// <see cref="Domain.Problems.ProblemFigureRules"/> counts, but 逾期 (which depends on the day it is asked). Kept by the
/// database in the transaction of every change to problems; read-only for the application.
/// </summary>
public sealed class ProblemDayFigures
{
    public const short CityDepth = 1;
    public const short DistrictDepth = 2;

    /// <summary>How many units a region path has ("/city/" 1, "/city/district/" 2, a town's 3).</summary>
    public static short DepthOf(string regionPath) => (short)(regionPath.Count(c => c == '/') - 1);

    /// <summary><see cref="CityDepth"/> for a city's row, <see cref="DistrictDepth"/> for a district's.</summary>
    public short Depth { get; init; }

    /// <summary>The city's ("/city/") or the district's ("/city/district/") path.</summary>
    public string RegionPath { get; init; } = "";

    public DateOnly RegisteredOn { get; init; }

    public int Total { get; init; }
    public int SolvedOnSpot { get; init; }
    public int Dispatched { get; init; }
    public int Resolved { get; init; }
    public int ResolvedWithDeadline { get; init; }
    public int ResolvedByDeadline { get; init; }
    public int Rated { get; init; }
    public int Satisfied { get; init; }
}
