using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class EnterpriseConfiguration : IEntityTypeConfiguration<Enterprise>
{
    /// <summary>ICU Chinese collation: names sort in pinyin order, as users expect of a register.</summary>
    public const string ChineseCollation = "zh-x-icu";

    public void Configure(EntityTypeBuilder<Enterprise> b)
    {
        b.ToTable("enterprises");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).UseIdentityByDefaultColumn();
        b.Property(e => e.Uscc).HasMaxLength(UnifiedSocialCreditCode.Length).IsRequired();
        b.HasIndex(e => e.Uscc).IsUnique();
        b.Property(e => e.Name).HasMaxLength(Enterprise.NameMaxLength).IsRequired().UseCollation(ChineseCollation);
        b.Property(e => e.LegalRepresentative).HasMaxLength(Enterprise.LegalRepresentativeMaxLength);
        b.Property(e => e.ScaleClass).HasMaxLength(ScaleClasses.CodeMaxLength).IsRequired();
        b.Property(e => e.IndustrySection).HasMaxLength(IndustrySections.CodeMaxLength).IsRequired();
        b.Property(e => e.Tags).HasField("_tags").UsePropertyAccessMode(PropertyAccessMode.Field).HasColumnType("text[]").IsRequired();
        b.Property(e => e.Address).HasMaxLength(Enterprise.AddressMaxLength);
        b.Property(e => e.Version).IsRowVersion().HasColumnName("xmin");

        b.OwnsMany(e => e.Contacts, c =>
        {
            c.ToJson("contacts");
            c.Property(x => x.Name).HasMaxLength(EnterpriseContact.NameMaxLength);
            c.Property(x => x.Title).HasMaxLength(EnterpriseContact.TitleMaxLength);
            c.Property(x => x.Phone).HasMaxLength(EnterpriseContact.PhoneMaxLength);
        });
        b.Navigation(e => e.Contacts).HasField("_contacts").UsePropertyAccessMode(PropertyAccessMode.Field);

        b.HasOne<OrgUnit>().WithMany().HasForeignKey(e => e.TownId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.Name, e.Id });
        // The register's search (V0080): name contains, USCC starts with, both by trigram.
        b.HasIndex(e => e.Name, "ix_enterprises_name_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasIndex(e => e.Uscc, "ix_enterprises_uscc_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
        b.HasIndex(e => e.Tags).HasMethod("gin");
        RegionColumns.MapRegionPath(b);
        b.HasIndex(RegionColumns.RegionPath).HasOperators("varchar_pattern_ops");
        // The register's filters (V0089): a class or section, then the region.
        b.HasIndex(nameof(Enterprise.ScaleClass), RegionColumns.RegionPath).HasOperators("", "varchar_pattern_ops");
        b.HasIndex(nameof(Enterprise.IndustrySection), RegionColumns.RegionPath).HasOperators("", "varchar_pattern_ops");
    }
}
