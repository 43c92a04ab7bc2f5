using EnterpriseAid.Infrastructure.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class PortalSettingConfiguration : IEntityTypeConfiguration<PortalSetting>
{
    public void Configure(EntityTypeBuilder<PortalSetting> b)
    {
        b.ToTable("portal_settings");
        b.HasKey(s => s.Key);
        b.Property(s => s.Key).HasMaxLength(PortalSetting.KeyMaxLength).ValueGeneratedNever();
        b.Property(s => s.Value).HasMaxLength(PortalSetting.ValueMaxLength).IsRequired();
        b.Property(s => s.Version).IsRowVersion().HasColumnName("xmin");
    }
}
