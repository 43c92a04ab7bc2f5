using EnterpriseAid.Domain.Visits;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// One enterprise of one visit (one 家次), kept by the database from <c>visits</c> (V0014): the row the visit figures
/// count, with the enterprise's town and region path so a region is an index range. Read-only for the application.
/// </summary>
public sealed class VisitEnterprise
{
    public long VisitId { get; init; }
    public long EnterpriseId { get; init; }
    public long TownId { get; init; }
    public string RegionPath { get; init; } = "";
    public DateOnly VisitedOn { get; init; }
    public VisitKind Kind { get; init; }

    /// <summary>False for an inspection that joins another inspection of the same day: it is that inspection, not a visit of its own.</summary>
    public bool Counted { get; init; }

    /// <summary>The officials who made the visit (V0017), for the ranking of officials.</summary>
    public IReadOnlyList<long> OfficialIds { get; init; } = [];
}
