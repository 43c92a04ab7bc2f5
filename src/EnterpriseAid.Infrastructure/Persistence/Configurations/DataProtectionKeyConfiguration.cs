using EnterpriseAid.Infrastructure.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> b)
    {
        b.ToTable("data_protection_keys");
        b.HasKey(k => k.Id);
        b.Property(k => k.Id).UseIdentityByDefaultColumn();
        // Unbounded: the names and the XML are chosen by the framework, not by users.
        b.Property(k => k.FriendlyName).IsRequired();
        b.HasIndex(k => k.FriendlyName).IsUnique();
        b.Property(k => k.Xml).IsRequired();
        b.Property(k => k.CreatedAt).HasDefaultValueSql("now()");
    }
}
