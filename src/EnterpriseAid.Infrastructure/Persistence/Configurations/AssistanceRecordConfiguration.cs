using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class AssistanceRecordConfiguration : IEntityTypeConfiguration<AssistanceRecord>
{
    public void Configure(EntityTypeBuilder<AssistanceRecord> b)
    {
        b.ToTable("assistance_records");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).UseIdentityByDefaultColumn();
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(24).IsRequired();
        b.Property(r => r.DepartmentName).HasMaxLength(60).IsRequired();
        b.Property(r => r.AmountYuan).HasPrecision(15, 2);
        b.Property(r => r.Bank).HasMaxLength(AssistanceRecord.BankMaxLength);
        b.Property(r => r.LandMu).HasPrecision(9, 2);
        b.Property(r => r.Item).HasMaxLength(AssistanceRecord.ItemMaxLength);
        b.Property(r => r.Quantity).HasMaxLength(AssistanceRecord.QuantityMaxLength);
        b.Property(r => r.Note).HasMaxLength(AssistanceRecord.NoteMaxLength);
        b.Property(r => r.Version).IsRowVersion().HasColumnName("xmin");

        b.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(r => r.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.RecordedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.EnterpriseId, r.DeliveredOn });
        // A period's totals from the index alone (V0092).
        b.HasIndex(r => r.DeliveredOn, "ix_assistance_records_delivered_on_totals")
            .IncludeProperties(r => new { r.Kind, r.EnterpriseId, r.AmountYuan, r.JobPostings, r.JobMatches, r.LandMu });
    }
}
