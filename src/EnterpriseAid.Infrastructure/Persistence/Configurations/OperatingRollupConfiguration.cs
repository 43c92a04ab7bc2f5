using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class OperatingLatestReportConfiguration : IEntityTypeConfiguration<OperatingLatestReport>
{
    public void Configure(EntityTypeBuilder<OperatingLatestReport> b)
    {
        b.ToTable("operating_latest_reports");
        b.HasKey(x => x.EnterpriseId);
        b.Property(x => x.EnterpriseId).ValueGeneratedNever();
        b.HasIndex(x => x.ReportedOn);
    }
}

public sealed class OperatingRegionFiguresConfiguration : IEntityTypeConfiguration<OperatingRegionFigures>
{
    public void Configure(EntityTypeBuilder<OperatingRegionFigures> b)
    {
        b.ToTable("operating_region_figures");
        b.HasKey(x => new { x.RegionPath, x.ScaleClass });
        b.Property(x => x.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        b.Property(x => x.ScaleClass).HasMaxLength(ScaleClasses.CodeMaxLength).IsRequired();
    }
}
