using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class PolicyConfiguration : IEntityTypeConfiguration<Policy>
{
    public void Configure(EntityTypeBuilder<Policy> b)
    {
        b.ToTable("policies");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityByDefaultColumn();
        b.Property(p => p.Title).HasMaxLength(Policy.TitleMaxLength).IsRequired();
        b.Property(p => p.DocumentNo).HasMaxLength(Policy.DocumentNoMaxLength).IsRequired();
        b.Property(p => p.Category).HasConversion<string>().HasMaxLength(PolicyCategories.CodeMaxLength).IsRequired();
        b.Property(p => p.Summary).HasMaxLength(Policy.SummaryMaxLength);
        TextArray(b, p => p.Clauses, "_clauses");
        TextArray(b, p => p.ImplementingRules, "_implementingRules");
        TextArray(b, p => p.EligibleScaleClasses, "_eligibleScaleClasses");
        TextArray(b, p => p.EligibleIndustrySections, "_eligibleIndustrySections");
        TextArray(b, p => p.EligibleTags, "_eligibleTags");
        b.Property(p => p.EligibleTownIds).HasField("_eligibleTownIds").UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnType("bigint[]").IsRequired();
        b.Property(p => p.SearchText).HasColumnType("text").IsRequired();
        b.Ignore(p => p.Eligibility);
        b.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");

        b.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.IssuingDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.EffectiveFrom, p.Id });
        b.HasIndex(p => p.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }

    private static void TextArray(EntityTypeBuilder<Policy> b, System.Linq.Expressions.Expression<Func<Policy, IReadOnlyList<string>>> property, string field) =>
        b.Property(property).HasField(field).UsePropertyAccessMode(PropertyAccessMode.Field).HasColumnType("text[]").IsRequired();
}

public sealed class PolicyAttachmentConfiguration : IEntityTypeConfiguration<PolicyAttachment>
{
    public void Configure(EntityTypeBuilder<PolicyAttachment> b)
    {
        b.ToTable("policy_attachments");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).UseIdentityByDefaultColumn();
        b.Property(a => a.FileName).HasMaxLength(PolicyAttachment.FileNameMaxLength).IsRequired();
        b.Property(a => a.ContentType).HasMaxLength(PolicyAttachment.ContentTypeMaxLength).IsRequired();
        b.Property(a => a.Content).IsRequired();
        b.HasOne<Policy>().WithMany().HasForeignKey(a => a.PolicyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.UploadedByUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

public sealed class PolicyPushConfiguration : IEntityTypeConfiguration<PolicyPush>
{
    public void Configure(EntityTypeBuilder<PolicyPush> b)
    {
        b.ToTable("policy_pushes");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityByDefaultColumn();
        b.HasOne<Policy>().WithMany().HasForeignKey(p => p.PolicyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Enterprise>().WithMany().HasForeignKey(p => p.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.PushedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.PolicyId, p.EnterpriseId }).IsUnique();
        b.HasIndex(p => p.EnterpriseId);
        b.HasIndex(p => p.PushedAt);
    }
}
