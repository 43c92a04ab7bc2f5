using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class SubsidyCategoryFiguresConfiguration : IEntityTypeConfiguration<SubsidyCategoryFigures>
{
    public void Configure(EntityTypeBuilder<SubsidyCategoryFigures> b)
    {
        b.ToTable("subsidy_category_figures");
        b.HasKey(x => x.Category);
        b.Property(x => x.Category).HasMaxLength(32);
        b.Property(x => x.Approved).HasPrecision(18, 2);
        b.Property(x => x.Disbursed).HasPrecision(18, 2);
    }
}

public sealed class SubsidyEnterpriseCategoryConfiguration : IEntityTypeConfiguration<SubsidyEnterpriseCategory>
{
    public void Configure(EntityTypeBuilder<SubsidyEnterpriseCategory> b)
    {
        b.ToTable("subsidy_enterprise_categories");
        b.HasKey(x => new { x.EnterpriseId, x.Category });
        b.Property(x => x.Category).HasMaxLength(32);
    }
}
