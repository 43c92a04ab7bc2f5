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
        b.HasIndex(x => new { x.RegionPath, x.RegisteredOn });
    }
}
