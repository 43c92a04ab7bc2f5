using EnterpriseAid.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> b)
    {
        b.ToTable("import_jobs", t => t.HasCheckConstraint("ck_import_jobs_progress", "progress BETWEEN 0 AND 100"));
        b.HasKey(j => j.Id);
        b.Property(j => j.Id).UseIdentityByDefaultColumn();
        b.Property(j => j.Kind).HasMaxLength(ImportKinds.MaxLength).IsRequired();
        b.Property(j => j.Status).HasMaxLength(ImportStatus.MaxLength).IsRequired();
        b.Property(j => j.FileName).HasMaxLength(ImportJob.FileNameMaxLength).IsRequired();
        b.Property(j => j.FileFormat).HasMaxLength(ImportJob.FormatMaxLength).IsRequired();
        b.Property(j => j.Content).HasColumnType("bytea").IsRequired();
        b.Property(j => j.Headers).HasColumnType("text[]").IsRequired();
        b.Property(j => j.Mapping).HasColumnType("jsonb");
        b.Property(j => j.UserName).HasMaxLength(ImportJob.UserNameMaxLength).IsRequired();
        b.Property(j => j.ScopeRegionPath).HasMaxLength(ImportJob.RegionPathMaxLength);
        b.Property(j => j.Issues).HasColumnType("jsonb");
        b.Property(j => j.Message).HasMaxLength(ImportJob.MessageMaxLength);
        b.HasIndex(j => new { j.UserId, j.CreatedAt });
        b.HasIndex(j => j.Status).HasFilter("status IN ('ValidateQueued', 'Validating', 'CommitQueued', 'Committing')");
    }
}
