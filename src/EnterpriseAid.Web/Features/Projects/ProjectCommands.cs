using System.Security.Claims;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EnterpriseAid.Web.Features.Projects;

public abstract record ProjectResult
{
    public sealed record Saved(long Id) : ProjectResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : ProjectResult;
    /// <summary>The domain refused: the message says why, in Chinese; nothing was saved.</summary>
    public sealed record Refused(string Message) : ProjectResult;
    /// <summary>Someone else saved the project (or a procedure) after this user opened it.</summary>
    public sealed record Stale(Project? Current) : ProjectResult;
    public sealed record NotFound : ProjectResult;
}

/// <summary>Write side of 三个一批: every change goes through the <see cref="Project"/> aggregate, with optimistic concurrency on xmin.</summary>
public sealed class ProjectCommands(AppDbContext db, ProjectQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> l,
    IValidator<ProjectFormModel> formValidator, IValidator<AdvanceFormModel> advanceValidator, IValidator<ReportFormModel> reportValidator,
    IValidator<ProceduresFormModel> proceduresValidator)
{
    private DateOnly Today => ChinaTime.Today(clock);

    public async Task<ProjectResult> CreateAsync(ProjectFormModel model, CancellationToken ct = default)
    {
        if (await ValidateAsync(model, ct) is { } invalid) return invalid;
        Project project;
        try
        {
            project = Project.Create(model.ToProfile(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        db.Projects.Add(project);
        await db.SaveChangesAsync(ct);
        return new ProjectResult.Saved(project.Id);
    }

    public async Task<ProjectResult> UpdateAsync(long id, ProjectFormModel model, CancellationToken ct = default)
    {
        var project = await db.Projects.Include(p => p.Reports).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return new ProjectResult.NotFound();
        if (await ValidateAsync(model, ct) is { } invalid) return invalid;
        if (project.Version != model.Version) return new ProjectResult.Stale(project);
        try
        {
            project.Update(model.ToProfile(), clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        return await SaveAsync(project, model.Version, ct);
    }

    public async Task<ProjectResult> AdvanceAsync(long id, AdvanceFormModel model, CancellationToken ct = default)
    {
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return new ProjectResult.NotFound();
        var validation = await advanceValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new ProjectResult.Invalid(validation.Errors);
        if (model.Version is not { } version || version != project.Version) return new ProjectResult.Stale(project);
        ProjectStages.TryParse(model.Stage, out var stage);
        try
        {
            project.Advance(stage, ProjectInput.Date(model.Date)!.Value, Today, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new ProjectResult.Refused(ex.Message);
        }
        return await SaveAsync(project, version, ct);
    }

    public async Task<ProjectResult> ReportAsync(long id, ReportFormModel model, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var project = await db.Projects.Include(p => p.Reports).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return new ProjectResult.NotFound();
        var validation = await reportValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new ProjectResult.Invalid(validation.Errors);
        YearMonth.TryParse(model.Month, out var month);
        try
        {
            project.ReportInvestment(month, ProjectInput.WanToYuan(model.Amount)!.Value, ProblemActors.For(user, 0).Actor.UserId, Today, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return new ProjectResult.Refused(ex.Message);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two users reporting the same month at once: the second is told, as if it had been there already.
            db.ChangeTracker.Clear();
            return new ProjectResult.Refused($"{month.Zh}的完成投资已填报，不能重复填报");
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ProjectResult.Stale(null);
        }
        return new ProjectResult.Saved(id);
    }

    /// <summary>Saves every row of the checklist together; a row someone else changed meanwhile makes the whole save stale.</summary>
    public async Task<ProjectResult> SaveProceduresAsync(long id, ProceduresFormModel model, CancellationToken ct = default)
    {
        var project = await db.Projects.Include(p => p.Procedures).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return new ProjectResult.NotFound();
        var validation = await proceduresValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new ProjectResult.Invalid(validation.Errors);
        var today = Today;
        try
        {
            foreach (var row in model.Rows)
            {
                var procedure = project.Procedures.FirstOrDefault(p => p.Id == row.Id);
                if (procedure is null || procedure.Version != row.Version) return new ProjectResult.Stale(null);
                if (row.Remove)
                {
                    project.RemoveProcedure(procedure);
                    continue;
                }
                ProcedureStatuses.TryParse(row.Status, out var status);
                procedure.Update(status, ProjectInput.Date(row.StartedOn), ProjectInput.Date(row.CompletedOn), today);
                db.Entry(procedure).Property(p => p.Version).OriginalValue = row.Version;
            }
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return new ProjectResult.Refused(ex.Message);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ProjectResult.Stale(null);
        }
        return new ProjectResult.Saved(id);
    }

    public async Task<ProjectResult> AddProcedureAsync(long id, ProcedureAddModel model, CancellationToken ct = default)
    {
        var project = await db.Projects.Include(p => p.Procedures).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (project is null) return new ProjectResult.NotFound();
        if (!ProjectInput.NoControlCharacters(model.Name))
            return Invalid(l["Validation.ControlCharacters", l["Projects.Procedure.Name"]], nameof(ProcedureAddModel.Name));
        try
        {
            project.AddProcedure(model.Name ?? string.Empty);
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message, nameof(ProcedureAddModel.Name));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Invalid($"手续“{model.Name?.Trim()}”已在清单中", nameof(ProcedureAddModel.Name));
        }
        return new ProjectResult.Saved(id);
    }

    private async Task<ProjectResult> SaveAsync(Project project, uint version, CancellationToken ct)
    {
        // Compare against the version the user saw, so a save that slipped in after the read is caught by PostgreSQL.
        db.Entry(project).Property(p => p.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == project.Id, ct);
            return current is null ? new ProjectResult.NotFound() : new ProjectResult.Stale(current);
        }
        return new ProjectResult.Saved(project.Id);
    }

    private async Task<ProjectResult.Invalid?> ValidateAsync(ProjectFormModel model, CancellationToken ct)
    {
        var result = await formValidator.ValidateAsync(model, ct);
        if (!result.IsValid) return new ProjectResult.Invalid(result.Errors);
        var enterpriseId = long.Parse(model.EnterpriseId!, System.Globalization.CultureInfo.InvariantCulture);
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct))
            return Invalid(l["Problems.Filter.NotInScope", l["Projects.Field.Enterprise"]], nameof(ProjectFormModel.EnterpriseId));
        var regionId = long.Parse(model.RegionId!, System.Globalization.CultureInfo.InvariantCulture);
        var options = await queries.OptionsAsync(ct);
        if (!options.Regions.Any(r => r.Id == regionId))
            return Invalid(l["Problems.Filter.NotInScope", l["Projects.Field.Region"]], nameof(ProjectFormModel.RegionId));
        if (!await RegionKindAsync(regionId, ct)) return Invalid(l["Projects.Validation.RegionKind"], nameof(ProjectFormModel.RegionId));
        return null;
    }

    /// <summary>A project lies in a district, development zone, town or street office, not in a city as a whole.</summary>
    private Task<bool> RegionKindAsync(long regionId, CancellationToken ct) =>
        db.OrgUnits.AnyAsync(o => o.Id == regionId && o.Kind != Domain.Organization.OrgUnitKind.City && o.Kind != Domain.Organization.OrgUnitKind.Department, ct);

    private static ProjectResult.Invalid Invalid(string message, string property = "") => new([new ValidationFailure(property, message)]);
}
