using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.ToTable("projects");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityByDefaultColumn();
        b.Property(p => p.Name).HasMaxLength(Project.NameMaxLength).IsRequired().UseCollation(EnterpriseConfiguration.ChineseCollation);
        b.Property(p => p.IndustrySection).HasMaxLength(IndustrySections.CodeMaxLength).IsRequired();
        b.Property(p => p.Level).HasMaxLength(ProjectLevels.CodeMaxLength).IsRequired();
        b.Property(p => p.Batch).HasMaxLength(Project.BatchMaxLength).IsRequired();
        b.Property(p => p.TotalInvestment).HasPrecision(18, 2);
        b.Property(p => p.AnnualPlanInvestment).HasPrecision(18, 2);
        // A small integer, so "at least 开工" is a comparison in SQL.
        b.Property(p => p.Stage).HasConversion<short>();
        b.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");

        b.HasMany(p => p.Reports).WithOne().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Reports).HasField("_reports").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(p => p.Procedures).WithOne().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Procedures).HasField("_procedures").UsePropertyAccessMode(PropertyAccessMode.Field);

        b.HasOne<Enterprise>().WithMany().HasForeignKey(p => p.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.Batch, p.Stage });
        // The list's order within a batch (V0097): a page reads its batch's rows in this order.
        b.HasIndex(p => new { p.Batch, p.Stage, p.Name, p.Id }, "ix_projects_batch_stage_name_id").IsDescending(false, true, false, false);
        b.HasIndex(p => new { p.Name, p.Id });
        // The region's path, kept by the database (V0096): a region's projects are one index range.
        RegionColumns.MapRegionPath(b);
        b.HasIndex(RegionColumns.RegionPath).HasOperators("varchar_pattern_ops");
    }
}

public sealed class ProjectInvestmentReportConfiguration : IEntityTypeConfiguration<ProjectInvestmentReport>
{
    public void Configure(EntityTypeBuilder<ProjectInvestmentReport> b)
    {
        b.ToTable("project_investment_reports");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).UseIdentityByDefaultColumn();
        b.Property(r => r.Amount).HasPrecision(18, 2);
        b.Ignore(r => r.YearMonth);
        b.HasIndex(r => new { r.ProjectId, r.Month }).IsUnique();
        // V0087: whether any month beyond an as-of month is reported (ProjectFigureQuery).
        b.HasIndex(r => r.Month);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ReportedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ProjectProcedureConfiguration : IEntityTypeConfiguration<ProjectProcedure>
{
    public void Configure(EntityTypeBuilder<ProjectProcedure> b)
    {
        b.ToTable("project_procedures");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityByDefaultColumn();
        b.Property(p => p.Name).HasMaxLength(ProjectProcedure.NameMaxLength).IsRequired();
        b.Property(p => p.Status).HasConversion<short>();
        b.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");
        b.HasIndex(p => new { p.ProjectId, p.Name }).IsUnique();
    }
}

public sealed class ProjectProcedureCountsConfiguration : IEntityTypeConfiguration<ProjectProcedureCounts>
{
    public void Configure(EntityTypeBuilder<ProjectProcedureCounts> b)
    {
        b.ToTable("project_procedure_counts");
        b.HasKey(x => x.ProjectId);
    }
}

public sealed class ProjectInvestmentYearConfiguration : IEntityTypeConfiguration<ProjectInvestmentYear>
{
    public void Configure(EntityTypeBuilder<ProjectInvestmentYear> b)
    {
        b.ToTable("project_investment_years");
        b.HasKey(x => new { x.ProjectId, x.Year });
        b.Property(x => x.Amount).HasPrecision(18, 2);
    }
}
