using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ProblemDayFiguresConfiguration : IEntityTypeConfiguration<ProblemDayFigures>
{
    public void Configure(EntityTypeBuilder<ProblemDayFigures> b)
    {
        b.ToTable("problem_day_figures");
        b.HasKey(x => new { x.Depth, x.RegisteredOn, x.RegionPath });
        b.Property(x => x.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        // A region's days with the summed columns, so that its figures are an index-only range (V0094).
        b.HasIndex(x => new { x.RegionPath, x.RegisteredOn }, "ix_problem_day_figures_region_figures")
            .IncludeProperties(x => new { x.Total, x.SolvedOnSpot, x.Dispatched, x.Resolved, x.ResolvedWithDeadline, x.ResolvedByDeadline, x.Rated, x.Satisfied });
    }
}
