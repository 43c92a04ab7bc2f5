namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// The problem figures of one Beijing registration day and one district (V0070, ADR-024): what
/// <see cref="Domain.Problems.ProblemFigureRules"/> counts, but 逾期 (which depends on the day it is asked). Kept by the
/// database in the transaction of every change to problems; read-only for the application.
/// </summary>
public sealed class ProblemDayFigures
{
    public DateOnly RegisteredOn { get; init; }

    /// <summary>The district part of the problems' region path ("/city/district/").</summary>
    public string DistrictPath { get; init; } = "";

    public int Total { get; init; }
    public int SolvedOnSpot { get; init; }
    public int Dispatched { get; init; }
    public int Resolved { get; init; }
    public int ResolvedWithDeadline { get; init; }
    public int ResolvedByDeadline { get; init; }
    public int Rated { get; init; }
    public int Satisfied { get; init; }
}
