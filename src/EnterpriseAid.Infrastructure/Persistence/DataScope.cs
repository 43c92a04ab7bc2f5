namespace EnterpriseAid.Infrastructure.Persistence;

/// <summary>
/// The records a user may see: everything (administrators, city-level supervisors, system jobs),
/// a region subtree of the org tree (by materialised path), a department's assigned work, or one
/// enterprise. <see cref="Nothing"/> is the default of every context.
/// </summary>
public sealed record DataScope(bool SeesAll, string? RegionPath, long? DepartmentId, long? EnterpriseId)
{
    public static readonly DataScope Nothing = new(false, null, null, null);
    public static readonly DataScope Everything = new(true, null, null, null);

    public static DataScope Region(string path) => new(false, path, null, null);
    public static DataScope Department(long orgUnitId) => new(false, null, orgUnitId, null);
    public static DataScope OfEnterprise(long enterpriseId) => new(false, null, null, enterpriseId);
}
