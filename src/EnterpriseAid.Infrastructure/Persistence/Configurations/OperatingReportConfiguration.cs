using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class OperatingReportConfiguration : IEntityTypeConfiguration<OperatingReport>
{
    public const int SourceMaxLength = 16;

    public void Configure(EntityTypeBuilder<OperatingReport> b)
    {
        b.ToTable("operating_reports");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).UseIdentityByDefaultColumn();
        b.Property(r => r.Note).HasMaxLength(OperatingReport.NoteMaxLength);
        b.Property(r => r.Source).HasConversion<string>().HasMaxLength(SourceMaxLength).IsRequired();
        b.HasOne<Enterprise>().WithMany().HasForeignKey(r => r.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.EnteredByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.EnterpriseId, r.ReportedOn }).IsUnique().IsDescending(false, true);
        b.HasIndex(r => r.EnteredByUserId);
    }
}
