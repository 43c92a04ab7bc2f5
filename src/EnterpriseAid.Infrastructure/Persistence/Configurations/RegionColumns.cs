using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

/// <summary>
/// The town and region path the database keeps on enterprises and problems (V0014, ADR-016): mapped as shadow
/// properties that queries filter on (<see cref="Reporting.RegionFilters"/>) and the application never writes.
/// </summary>
public static class RegionColumns
{
    public const string RegionPath = "RegionPath";
    public const string TownId = "TownId";
    public const int PathMaxLength = 400;

    public static void MapRegionPath<T>(EntityTypeBuilder<T> b) where T : class =>
        KeptByDatabase(b.Property<string>(RegionPath).HasMaxLength(PathMaxLength).IsRequired());

    public static void MapTownId<T>(EntityTypeBuilder<T> b) where T : class =>
        KeptByDatabase(b.Property<long>(TownId));

    private static void KeptByDatabase(PropertyBuilder property)
    {
        property.ValueGeneratedOnAddOrUpdate();
        property.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        property.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}
