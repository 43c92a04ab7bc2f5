using EnterpriseAid.Domain.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class OrgUnitConfiguration : IEntityTypeConfiguration<OrgUnit>
{
    public void Configure(EntityTypeBuilder<OrgUnit> b)
    {
        b.ToTable("org_units");
        b.HasKey(o => o.Id);
        b.Property(o => o.Id).UseIdentityByDefaultColumn();
        b.Property(o => o.Code).HasMaxLength(OrgUnit.CodeMaxLength).IsRequired();
        b.HasIndex(o => o.Code).IsUnique();
        b.Property(o => o.Name).HasMaxLength(OrgUnit.NameMaxLength).IsRequired();
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20).IsRequired();
        b.Property(o => o.Path).HasMaxLength(OrgUnit.PathMaxLength).IsRequired();
        b.Property(o => o.Version).IsRowVersion().HasColumnName("xmin");
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        // text_pattern_ops lets "path LIKE '/1/4/%'" (a whole subtree) use the index.
        b.HasIndex(o => o.Path).HasOperators("text_pattern_ops");
    }
}
