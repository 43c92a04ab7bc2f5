using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class VisitDayFiguresConfiguration : IEntityTypeConfiguration<VisitDayFigures>
{
    public void Configure(EntityTypeBuilder<VisitDayFigures> b)
    {
        b.ToTable("visit_day_figures");
        b.HasKey(x => new { x.Depth, x.VisitedOn, x.RegionPath, x.Kind });
        b.Property(x => x.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20).IsRequired();
        b.HasIndex(x => new { x.RegionPath, x.VisitedOn });
    }
}

public sealed class EnterpriseLastVisitConfiguration : IEntityTypeConfiguration<EnterpriseLastVisit>
{
    public void Configure(EntityTypeBuilder<EnterpriseLastVisit> b)
    {
        b.ToTable("enterprise_last_visits");
        b.HasKey(x => x.EnterpriseId);
        b.Property(x => x.EnterpriseId).ValueGeneratedNever();
        b.Property(x => x.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        b.HasIndex(x => x.LastVisitedOn);
        b.HasIndex(x => new { x.RegionPath, x.LastVisitedOn }).HasOperators("varchar_pattern_ops");
    }
}

public sealed class LastVisitDayCountConfiguration : IEntityTypeConfiguration<LastVisitDayCount>
{
    public void Configure(EntityTypeBuilder<LastVisitDayCount> b)
    {
        b.ToTable("last_visit_day_counts");
        b.HasKey(x => new { x.Depth, x.LastVisitedOn, x.RegionPath });
        b.Property(x => x.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        b.HasIndex(x => new { x.RegionPath, x.LastVisitedOn });
    }
}
