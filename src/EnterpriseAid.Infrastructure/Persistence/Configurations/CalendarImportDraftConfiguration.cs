using EnterpriseAid.Infrastructure.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class CalendarImportDraftConfiguration : IEntityTypeConfiguration<CalendarImportDraft>
{
    public void Configure(EntityTypeBuilder<CalendarImportDraft> b)
    {
        b.ToTable("calendar_import_drafts");
        b.HasKey(d => d.Id);
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.FileName).HasMaxLength(CalendarImportDraft.FileNameMaxLength);
        b.Property(d => d.Content).HasColumnType("text").IsRequired();
        b.HasIndex(d => d.CreatedAt);
    }
}
