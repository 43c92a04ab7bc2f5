using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.ToTable("calendar_days");
        b.HasKey(d => d.Date);
        b.Property(d => d.Date).ValueGeneratedNever();
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(16).IsRequired();
        b.Property(d => d.Name).HasMaxLength(HolidayCsv.NameMaxLength).IsRequired();
    }
}

public sealed class DeadlineRuleRowConfiguration : IEntityTypeConfiguration<DeadlineRuleRow>
{
    public void Configure(EntityTypeBuilder<DeadlineRuleRow> b)
    {
        b.ToTable("deadline_rules");
        b.HasKey(r => new { r.Category, r.Urgency });
        b.Property(r => r.Category).HasMaxLength(ProblemCategories.CodeMaxLength);
        b.Property(r => r.Urgency).HasMaxLength(DeadlineRuleRow.UrgencyMaxLength);
    }
}

public sealed class ProblemNumberCounterConfiguration : IEntityTypeConfiguration<ProblemNumberCounter>
{
    public void Configure(EntityTypeBuilder<ProblemNumberCounter> b)
    {
        b.ToTable("problem_number_counters");
        b.HasKey(c => c.Year);
        b.Property(c => c.Year).ValueGeneratedNever();
    }
}

public sealed class EnterpriseDepartmentLinkConfiguration : IEntityTypeConfiguration<EnterpriseDepartmentLink>
{
    public void Configure(EntityTypeBuilder<EnterpriseDepartmentLink> b)
    {
        b.HasNoKey();
        // Without this the DbSet's name would also map it to a table of that name.
        b.ToTable((string?)null);
        b.ToView("enterprise_departments");
        b.Property(l => l.EnterpriseId).HasColumnName("enterprise_id");
        b.Property(l => l.DepartmentId).HasColumnName("department_id");
        b.Property(l => l.Via).HasColumnName("via").HasMaxLength(16);
    }
}

/// <summary>The unfiltered terms of the assignments table (<see cref="Reporting.AssignmentTerm"/>), read only.</summary>
public sealed class AssignmentTermConfiguration : IEntityTypeConfiguration<Reporting.AssignmentTerm>
{
    public void Configure(EntityTypeBuilder<Reporting.AssignmentTerm> b)
    {
        b.HasNoKey();
        b.ToTable((string?)null);
        b.ToView("assignments");
        b.Property(t => t.EnterpriseId).HasColumnName("enterprise_id");
        b.Property(t => t.Role).HasColumnName("role");
        b.Property(t => t.StartsOn).HasColumnName("starts_on");
        b.Property(t => t.EndsOn).HasColumnName("ends_on");
    }
}
