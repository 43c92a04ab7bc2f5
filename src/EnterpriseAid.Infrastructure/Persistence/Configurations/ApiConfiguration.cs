using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Api;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> b)
    {
        b.ToTable("api_clients");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).UseIdentityByDefaultColumn();
        b.Property(c => c.Name).HasMaxLength(ApiClient.NameMaxLength).IsRequired();
        b.Property(c => c.KeyPrefix).HasMaxLength(ApiClient.PrefixMaxLength).IsRequired();
        b.Property(c => c.KeyHash).IsRequired();
        b.Property(c => c.Version).IsRowVersion().HasColumnName("xmin");
        b.Ignore(c => c.IsRevoked);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(c => c.RegionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.KeyPrefix).IsUnique();
        b.HasIndex(c => c.UserId).IsUnique();
        b.HasIndex(c => c.RegionId);
    }
}

public sealed class ApiIdempotencyRecordConfiguration : IEntityTypeConfiguration<ApiIdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<ApiIdempotencyRecord> b)
    {
        b.ToTable("api_idempotency_keys");
        b.HasKey(r => new { r.ClientId, r.Key });
        b.Property(r => r.Key).HasMaxLength(ApiIdempotencyRecord.KeyMaxLength);
        b.Property(r => r.RequestHash).IsRequired();
        b.Property(r => r.Location).HasMaxLength(200);
        b.Property(r => r.ResponseBody).IsRequired();
        b.HasOne<ApiClient>().WithMany().HasForeignKey(r => r.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Problem>().WithMany().HasForeignKey(r => r.ProblemId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => r.ProblemId);
    }
}

public sealed class ApiProblemSourceConfiguration : IEntityTypeConfiguration<ApiProblemSource>
{
    public void Configure(EntityTypeBuilder<ApiProblemSource> b)
    {
        b.ToTable("api_problem_sources");
        b.HasKey(s => s.ProblemId);
        b.Property(s => s.ProblemId).ValueGeneratedNever();
        b.Property(s => s.SourceSystem).HasMaxLength(ApiProblemSource.SourceSystemMaxLength).IsRequired();
        b.Property(s => s.ExternalReference).HasMaxLength(ApiProblemSource.ExternalReferenceMaxLength);
        b.Property(s => s.ReporterContact).HasMaxLength(ApiProblemSource.ReporterContactMaxLength);
        b.HasOne<Problem>().WithOne().HasForeignKey<ApiProblemSource>(s => s.ProblemId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ApiClient>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.ClientId, s.ExternalReference });
    }
}
