using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EnterpriseAid.Infrastructure.Persistence.Configurations;

public sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public const int EnumMaxLength = 24;

    public void Configure(EntityTypeBuilder<Problem> b)
    {
        b.ToTable("problems");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).UseIdentityByDefaultColumn();
        b.Property(p => p.Number).HasMaxLength(ProblemNumber.Length).IsRequired();
        b.HasIndex(p => p.Number).IsUnique();
        b.Property(p => p.Category).HasMaxLength(ProblemCategories.CodeMaxLength).IsRequired();
        b.Property(p => p.Urgency).HasConversion<string>().HasMaxLength(EnumMaxLength).IsRequired();
        b.Property(p => p.Source).HasConversion<string>().HasMaxLength(EnumMaxLength).IsRequired();
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(EnumMaxLength).IsRequired();
        b.Property(p => p.Satisfaction).HasConversion<string>().HasMaxLength(EnumMaxLength);
        b.Property(p => p.Title).HasMaxLength(Problem.TitleMaxLength).IsRequired();
        b.Property(p => p.Description).HasMaxLength(Problem.DescriptionMaxLength).IsRequired();
        b.Property(p => p.LeadDepartmentName).HasMaxLength(OrgUnit.NameMaxLength);
        b.Property(p => p.Resolution).HasMaxLength(Problem.ResolutionMaxLength);
        b.Property(p => p.RatingComment).HasMaxLength(Problem.CommentMaxLength);
        b.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");

        b.OwnsOne(p => p.PendingExtension, e =>
        {
            // Columns of problems itself: the owned row's key is the problem's id.
            e.Property<long>("ProblemId").HasColumnName("id");
            e.Property(x => x.NewDeadline).HasColumnName("extension_new_deadline");
            e.Property(x => x.Reason).HasMaxLength(Problem.ReasonMaxLength).HasColumnName("extension_reason");
            e.Property(x => x.RequestedByUserId).HasColumnName("extension_requested_by_user_id");
            e.Property(x => x.RequestedByName).HasMaxLength(Actor.NameMaxLength).HasColumnName("extension_requested_by_name");
            e.Property(x => x.RequestedAt).HasColumnName("extension_requested_at");
        });

        b.OwnsMany(p => p.CoHandlers, c =>
        {
            c.ToTable("problem_co_handlers");
            c.WithOwner().HasForeignKey("ProblemId");
            c.HasKey("ProblemId", nameof(ProblemCoHandler.DepartmentId));
            c.Property(x => x.DepartmentName).HasMaxLength(OrgUnit.NameMaxLength).IsRequired();
            c.Property(x => x.Note).HasMaxLength(ProblemCoHandler.NoteMaxLength);
            c.HasOne<OrgUnit>().WithMany().HasForeignKey(x => x.DepartmentId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Navigation(p => p.CoHandlers).HasField("_coHandlers").UsePropertyAccessMode(PropertyAccessMode.Field);

        // The timeline is an entity of its own, not owned: owned rows always load with their owner,
        // and a problem's page lists many problems without their events.
        b.HasMany(p => p.Events).WithOne().HasForeignKey("ProblemId").OnDelete(DeleteBehavior.Cascade);
        b.Navigation(p => p.Events).HasField("_events").UsePropertyAccessMode(PropertyAccessMode.Field);

        b.HasOne<Enterprise>().WithMany().HasForeignKey(p => p.EnterpriseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Visit>().WithMany().HasForeignKey(p => p.VisitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Projects.Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Restrict);
        // Few problems belong to a project (V0030).
        b.HasIndex(p => p.ProjectId).HasFilter("project_id IS NOT NULL");
        // Problems from a ledger kept before the platform carry the key of their row (V0051).
        b.Property(p => p.ImportKey).HasMaxLength(Problem.ImportKeyMaxLength);
        b.HasIndex(p => p.ImportKey).IsUnique().HasFilter("import_key IS NOT NULL");
        b.HasOne<OrgUnit>().WithMany().HasForeignKey(p => p.LeadDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.RegisteredByUserId).OnDelete(DeleteBehavior.Restrict);
        // Lists, exports and figures by period filter on when a problem was registered.
        b.HasIndex(p => p.CreatedAt);
        // GET /api/v1/problems/changes pages by (updated_at, id) (V0057).
        b.HasIndex(p => new { p.UpdatedAt, p.Id });
        // Dashboard figures of a town or district for a period (V0011): the scope's enterprises, then each one's
        // problems of the period; it replaces the foreign key's own index on enterprise_id.
        b.HasIndex(p => new { p.EnterpriseId, p.CreatedAt });
        // The weekly trend's resolved line (V0011).
        b.HasIndex(p => p.ResolvedAt).HasFilter("status IN ('Resolved', 'Closed')");
        // Deadline lists and overdue counts look only at problems not yet closed.
        b.HasIndex(p => p.Deadline).HasFilter("status <> 'Closed'");
        // Overdue counts, flag lists and 我的待办 read only the open problems (V0013).
        b.HasIndex(p => p.Deadline, "ix_problems_open_deadline").HasFilter("status IN ('Reported', 'Assigned', 'InProgress')");
        // A category's figures over a period from the index alone (V0093).
        b.HasIndex([nameof(Problem.Category), nameof(Problem.CreatedAt)], "ix_problems_category_created_at_figures")
            .IncludeProperties(RegionColumns.RegionPath, nameof(Problem.Status), nameof(Problem.Deadline), nameof(Problem.DispatchedAt),
                nameof(Problem.ResolvedByDeadline), nameof(Problem.ResolvedOnSpot), nameof(Problem.Satisfaction));
        // Region scopes and breakdowns by town (V0014, ADR-016): kept by the database from the enterprise.
        RegionColumns.MapRegionPath(b);
        RegionColumns.MapTownId(b);
        b.HasIndex(RegionColumns.TownId, nameof(Problem.CreatedAt));
        // Overdue and flag counts of a region or of everything for a period read only the open problems (V0015), from
        // the index alone (V0071).
        b.HasIndex([RegionColumns.RegionPath, nameof(Problem.CreatedAt), nameof(Problem.Deadline)], "ix_problems_open_region_path_created_at_deadline")
            .HasOperators("varchar_pattern_ops").HasFilter("status IN ('Reported', 'Assigned', 'InProgress')");
        b.HasIndex([nameof(Problem.CreatedAt), nameof(Problem.Deadline)], "ix_problems_open_created_at_deadline")
            .HasFilter("status IN ('Reported', 'Assigned', 'InProgress')");
        // The figures of a region, over a period or not, counted from the index alone (V0078, V0090): the counted columns ride along.
        // It also serves every other range of a region's problems by registration time (the plain index it replaced, V0094).
        b.HasIndex([RegionColumns.RegionPath, nameof(Problem.CreatedAt)], "ix_problems_region_path_created_at_figures").HasOperators("varchar_pattern_ops")
            .IncludeProperties(RegionColumns.TownId, nameof(Problem.Status), nameof(Problem.Deadline), nameof(Problem.DispatchedAt), nameof(Problem.ResolvedByDeadline),
                nameof(Problem.ResolvedOnSpot), nameof(Problem.Satisfaction));
        // The list's figures by open status or 预警 colour and the overdue task counts from the index alone (V0082, ADR-031).
        b.HasIndex([nameof(Problem.Status), nameof(Problem.Deadline)], "ix_problems_open_status_deadline_figures")
            .HasFilter("status IN ('Reported', 'Assigned', 'InProgress')")
            .IncludeProperties(nameof(Problem.ReopenCount), nameof(Problem.DispatchedAt), nameof(Problem.ResolvedByDeadline),
                nameof(Problem.ResolvedOnSpot), nameof(Problem.Satisfaction));
    }
}

public sealed class ProblemEventConfiguration : IEntityTypeConfiguration<ProblemEvent>
{
    public void Configure(EntityTypeBuilder<ProblemEvent> b)
    {
        b.ToTable("problem_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).UseIdentityByDefaultColumn();
        b.Property<long>("ProblemId");
        b.Property(e => e.ActorName).HasMaxLength(Actor.NameMaxLength).IsRequired();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(ProblemConfiguration.EnumMaxLength).IsRequired();
        b.Property(e => e.Summary).HasMaxLength(ProblemEvent.SummaryMaxLength).IsRequired();
        b.Property(e => e.Before).HasMaxLength(ProblemEvent.StateMaxLength);
        b.Property(e => e.After).HasMaxLength(ProblemEvent.StateMaxLength);
        b.Property(e => e.Detail).HasMaxLength(ProblemEvent.DetailMaxLength);
        b.HasIndex("ProblemId", nameof(ProblemEvent.At));
    }
}
