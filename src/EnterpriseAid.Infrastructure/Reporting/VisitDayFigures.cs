using EnterpriseAid.Domain.Visits;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// The visit figures of one Beijing visit day, one kind and one region level (V0088, ADR-034): the province
/// (<see cref="ProvinceDepth"/>, path ""), a city or a district. Kept by the database in the transaction of every change
/// to <c>visit_enterprises</c>; read-only for the application.
/// </summary>
public sealed class VisitDayFigures
{
    public const short ProvinceDepth = 0;

    /// <summary><see cref="ProvinceDepth"/>, 1 for a city's row, 2 for a district's.</summary>
    public short Depth { get; init; }

    /// <summary>"" for the province, the city's ("/city/") or the district's ("/city/district/") path.</summary>
    public string RegionPath { get; init; } = "";

    public DateOnly VisitedOn { get; init; }

    public VisitKind Kind { get; init; }

    /// <summary>家次: counted (visit, enterprise) pairs of the region.</summary>
    public int Pairs { get; init; }

    /// <summary>Counted visits with at least one enterprise in the region.</summary>
    public int Visits { get; init; }
}

/// <summary>The day of an enterprise's latest counted visit (V0088), kept by the database like <see cref="VisitDayFigures"/>.</summary>
public sealed class EnterpriseLastVisit
{
    public long EnterpriseId { get; init; }

    public string RegionPath { get; init; } = "";

    public DateOnly LastVisitedOn { get; init; }
}

/// <summary>How many enterprises of a region level have their latest counted visit on a day (V0088), kept like <see cref="VisitDayFigures"/>.</summary>
public sealed class LastVisitDayCount
{
    public short Depth { get; init; }

    public string RegionPath { get; init; } = "";

    public DateOnly LastVisitedOn { get; init; }

    public int Enterprises { get; init; }
}
