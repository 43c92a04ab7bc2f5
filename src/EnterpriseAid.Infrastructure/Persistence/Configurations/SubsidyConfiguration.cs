using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Domain.Subsidies;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class SubsidyProgramConfiguration : IEntityTypeConfiguration<SubsidyProgram>
{
    public const int StateMaxLength = 16;

    public void Configure(EntityTypeBuilder<SubsidyProgram> b)
    {
        b.ToTable("subsidy_programs");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityByDefaultColumn();
        b.Property(p => p.Name).HasMaxLength(SubsidyProgram.NameMaxLength).IsRequired();
        b.Property(p => p.Batch).HasMaxLength(SubsidyProgram.BatchMaxLength).IsRequired();
        b.Property(p => p.Budget).HasPrecision(14, 2);
        b.Property(p => p.ApprovedTotal).HasPrecision(14, 2);
        b.Property(p => p.StandardAmount).HasPrecision(14, 2);
        b.Property(p => p.Stage).HasConversion<string>().HasMaxLength(StateMaxLength).IsRequired();
        b.Ignore(p => p.Remaining);
        b.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");
        b.HasOne<Policy>().WithMany().HasForeignKey(p => p.PolicyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.CreatedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SubsidyApplicationConfiguration : IEntityTypeConfiguration<SubsidyApplication>
{
    public void Configure(EntityTypeBuilder<SubsidyApplication> b)
    {
        b.ToTable("subsidy_applications");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).UseIdentityByDefaultColumn();
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(SubsidyProgramConfiguration.StateMaxLength).IsRequired();
        b.Property(a => a.RequestedAmount).HasPrecision(14, 2);
        b.Property(a => a.ApprovedAmount).HasPrecision(14, 2);
        b.Property(a => a.DisbursedAmount).HasPrecision(14, 2);
        b.Property(a => a.RejectReason).HasMaxLength(SubsidyApplication.ReasonMaxLength);
        b.Property(a => a.Version).IsRowVersion().HasColumnName("xmin");
        b.HasOne<SubsidyProgram>().WithMany().HasForeignKey(a => a.ProgramId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enterprise>().WithMany().HasForeignKey(a => a.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.ProgramId, a.EnterpriseId }).IsUnique();
        b.HasMany(a => a.Events).WithOne().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(a => a.Events).HasField("_events").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class SubsidyEventConfiguration : IEntityTypeConfiguration<SubsidyEvent>
{
    public void Configure(EntityTypeBuilder<SubsidyEvent> b)
    {
        b.ToTable("subsidy_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).UseIdentityByDefaultColumn();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(SubsidyProgramConfiguration.StateMaxLength).IsRequired();
        b.Property(e => e.ActorName).HasMaxLength(SubsidyEvent.ActorMaxLength).IsRequired();
        b.Property(e => e.Amount).HasPrecision(14, 2);
        b.Property(e => e.Text).HasMaxLength(SubsidyEvent.TextMaxLength);
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ActorUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
