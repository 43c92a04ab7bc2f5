using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class VisitConfiguration : IEntityTypeConfiguration<Visit>
{
    public void Configure(EntityTypeBuilder<Visit> b)
    {
        b.ToTable("visits");
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).UseIdentityByDefaultColumn();
        b.Property(v => v.Kind).HasConversion<string>().HasMaxLength(20).IsRequired();
        // Arrays rather than link tables: a visit's enterprises and officials are written once with
        // the visit and searched by containment, which the GIN index serves.
        b.Property(v => v.EnterpriseIds).HasField("_enterpriseIds").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnType("bigint[]").IsRequired();
        b.Property(v => v.OfficialIds).HasField("_officialIds").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnType("bigint[]").IsRequired();
        b.Property(v => v.Summary).HasMaxLength(Visit.SummaryMaxLength).IsRequired();
        b.ComplexProperty(v => v.Notes, n =>
        {
            n.Property(x => x.Situation).HasMaxLength(FourClearNotes.MaxLength).HasColumnName("notes_situation");
            n.Property(x => x.Problems).HasMaxLength(FourClearNotes.MaxLength).HasColumnName("notes_problems");
            n.Property(x => x.Goals).HasMaxLength(FourClearNotes.MaxLength).HasColumnName("notes_goals");
            n.Property(x => x.Policies).HasMaxLength(FourClearNotes.MaxLength).HasColumnName("notes_policies");
        });
        b.Property(v => v.Version).IsRowVersion().HasColumnName("xmin");

        b.HasOne<Visit>().WithMany().HasForeignKey(v => v.JoinsInspectionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(v => v.RecordedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => v.VisitedOn);
        b.HasIndex(v => v.EnterpriseIds).HasMethod("gin");
    }
}
