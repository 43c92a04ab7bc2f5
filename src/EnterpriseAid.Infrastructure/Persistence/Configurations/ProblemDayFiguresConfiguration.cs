using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ProblemDayFiguresConfiguration : IEntityTypeConfiguration<ProblemDayFigures>
{
    public void Configure(EntityTypeBuilder<ProblemDayFigures> b)
    {
        b.ToTable("problem_day_figures");
        b.HasKey(x => new { x.RegisteredOn, x.DistrictPath });
        b.Property(x => x.DistrictPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        b.HasIndex(x => new { x.DistrictPath, x.RegisteredOn }, "ix_problem_day_figures_district_path_registered_on")
            .HasOperators("varchar_pattern_ops");
    }
}
