using EnterpriseAid.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.HasKey(e => e.Id);
        // ALWAYS, not BY DEFAULT: nobody gets to choose an audit row's id.
        b.Property(e => e.Id).UseIdentityAlwaysColumn();
        b.Property(e => e.OccurredAt).IsRequired();
        b.Property(e => e.UserName).HasMaxLength(AuditEntry.UserNameMaxLength);
        b.Property(e => e.IpAddress).HasMaxLength(AuditEntry.IpAddressMaxLength);
        b.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength).IsRequired();
        b.Property(e => e.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength);
        b.Property(e => e.EntityId).HasMaxLength(AuditEntry.EntityIdMaxLength);
        b.Property(e => e.Changes).HasColumnType("jsonb");
        b.Property(e => e.Detail).HasMaxLength(AuditEntry.DetailMaxLength);

        b.HasIndex(e => new { e.OccurredAt, e.Id }).IsDescending(true, true);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.UserId);
    }
}
