using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ProblemOpenDeadlinesConfiguration : IEntityTypeConfiguration<ProblemOpenDeadlines>
{
    public void Configure(EntityTypeBuilder<ProblemOpenDeadlines> b)
    {
        b.ToTable("problem_open_deadlines");
        b.HasKey(x => new { x.Depth, x.RegionPath, x.Deadline });
        b.Property(x => x.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        // A region's deadline days with their counts: 逾期 is an index-only range (V0095).
        b.HasIndex(x => new { x.Depth, x.RegionPath, x.Deadline }, "ix_problem_open_deadlines_region_counts")
            .IncludeProperties(x => new { x.OpenCount });
    }
}
