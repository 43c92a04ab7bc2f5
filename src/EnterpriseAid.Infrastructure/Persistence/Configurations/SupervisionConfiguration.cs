using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ProblemFlagConfiguration : IEntityTypeConfiguration<ProblemFlag>
{
    public const int FlagMaxLength = 8;

    public void Configure(EntityTypeBuilder<ProblemFlag> b)
    {
        b.ToTable("problem_flags");
        b.HasKey(f => f.ProblemId);
        b.Property(f => f.ProblemId).ValueGeneratedNever();
        b.Property(f => f.Flag).HasConversion<string>().HasMaxLength(FlagMaxLength).IsRequired();
        b.Property(f => f.Version).IsRowVersion().HasColumnName("xmin");
        b.HasOne<Problem>().WithOne().HasForeignKey<ProblemFlag>(f => f.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class FlaggedProblemRowConfiguration : IEntityTypeConfiguration<FlaggedProblemRow>
{
    public void Configure(EntityTypeBuilder<FlaggedProblemRow> b)
    {
        b.ToTable("flagged_problems");
        b.HasKey(f => f.ProblemId);
        b.Property(f => f.ProblemId).ValueGeneratedNever();
        b.Property(f => f.Flag).HasConversion<string>().HasMaxLength(ProblemFlagConfiguration.FlagMaxLength).IsRequired();
        b.Property(f => f.RegionPath).HasMaxLength(RegionColumns.PathMaxLength).IsRequired();
        b.HasOne<ProblemFlag>().WithOne().HasForeignKey<FlaggedProblemRow>(f => f.ProblemId).OnDelete(DeleteBehavior.Cascade);
        // The list's order, of everything, of a region, of a lead department; the flag counts of a period (V0072).
        const string open = "is_open";
        b.HasIndex(f => new { f.FlagRank, f.Deadline, f.ProblemId }).HasFilter(open);
        b.HasIndex(f => new { f.RegionPath, f.FlagRank, f.Deadline }, "ix_flagged_problems_region_path_flag_rank_deadline")
            .HasOperators("varchar_pattern_ops").HasFilter(open);
        b.HasIndex(f => new { f.LeadDepartmentId, f.FlagRank, f.Deadline }, "ix_flagged_problems_lead_department_id_flag_rank_deadline")
            .HasFilter(open);
        b.HasIndex(f => f.CreatedAt).HasFilter(open);
    }
}

public sealed class EscalationRunConfiguration : IEntityTypeConfiguration<EscalationRun>
{
    public void Configure(EntityTypeBuilder<EscalationRun> b)
    {
        b.ToTable("escalation_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).UseIdentityByDefaultColumn();
        b.Property(r => r.Node).HasMaxLength(EscalationRun.NodeMaxLength).IsRequired();
        b.Property(r => r.Error).HasMaxLength(EscalationRun.ErrorMaxLength);
        b.HasIndex(r => r.StartedAt);
    }
}

public sealed class SupervisionNoticeConfiguration : IEntityTypeConfiguration<SupervisionNotice>
{
    public void Configure(EntityTypeBuilder<SupervisionNotice> b)
    {
        b.ToTable("supervision_notices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Id).UseIdentityByDefaultColumn();
        b.Property(n => n.Number).HasMaxLength(SupervisionNoticeNumber.MaxLength).IsRequired();
        b.HasIndex(n => n.Number).IsUnique();
        b.Property(n => n.ProblemNumber).HasMaxLength(ProblemNumber.Length).IsRequired();
        b.Property(n => n.ProblemTitle).HasMaxLength(Problem.TitleMaxLength).IsRequired();
        b.Property(n => n.EnterpriseName).HasMaxLength(Enterprise.NameMaxLength).IsRequired();
        b.Property(n => n.DepartmentName).HasMaxLength(OrgUnit.NameMaxLength).IsRequired();
        b.Property(n => n.Level).HasConversion<string>().HasMaxLength(ProblemFlagConfiguration.FlagMaxLength).IsRequired();
        b.Property(n => n.Requirement).HasMaxLength(SupervisionNotice.RequirementMaxLength).IsRequired();
        b.Property(n => n.IssuedByName).HasMaxLength(Actor.NameMaxLength).IsRequired();
        b.Property(n => n.Reply).HasMaxLength(SupervisionNotice.ReplyMaxLength);
        b.Property(n => n.RepliedByName).HasMaxLength(Actor.NameMaxLength);
        b.Property(n => n.Version).IsRowVersion().HasColumnName("xmin");
        b.HasIndex(n => n.IssuedAt);
        // The problem's region, kept by the database (V0015), for region scopes and figures.
        RegionColumns.MapRegionPath(b);
        b.HasIndex(RegionColumns.RegionPath, nameof(SupervisionNotice.IssuedAt)).HasOperators("varchar_pattern_ops");

        b.HasOne<Problem>().WithMany().HasForeignKey(n => n.ProblemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(n => n.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.IssuedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.RepliedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class SupervisionNoticeCounterConfiguration : IEntityTypeConfiguration<SupervisionNoticeCounter>
{
    public void Configure(EntityTypeBuilder<SupervisionNoticeCounter> b)
    {
        b.ToTable("supervision_notice_counters");
        b.HasKey(c => c.Year);
        b.Property(c => c.Year).ValueGeneratedNever();
    }
}
