using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class DashboardSnapshotConfiguration : IEntityTypeConfiguration<DashboardSnapshot>
{
    public void Configure(EntityTypeBuilder<DashboardSnapshot> b)
    {
        b.ToTable("dashboard_snapshots");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(200);
        b.Property(s => s.Payload).IsRequired();
        b.HasIndex(s => s.ComputedAt);
    }
}
