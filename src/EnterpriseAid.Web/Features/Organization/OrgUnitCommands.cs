using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EnterpriseAid.Web.Features.Organization;

public abstract record OrgUnitSaveResult
{
    public sealed record Saved(long Id) : OrgUnitSaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : OrgUnitSaveResult;
    public sealed record DuplicateCode(long ExistingId, string ExistingName) : OrgUnitSaveResult;
    /// <summary>Someone else saved the unit after this user opened it.</summary>
    public sealed record Stale(OrgUnitDetail Current) : OrgUnitSaveResult;
    public sealed record NotFound : OrgUnitSaveResult;
}

public abstract record OrgUnitDeleteResult
{
    public sealed record Deleted(string Name) : OrgUnitDeleteResult;
    /// <summary>Children, enterprises or users still belong to the unit; <see cref="Reason"/> says which.</summary>
    public sealed record Blocked(string Reason) : OrgUnitDeleteResult;
    public sealed record Stale(OrgUnitDetail Current) : OrgUnitDeleteResult;
    public sealed record NotFound : OrgUnitDeleteResult;
}

/// <summary>
/// Write side of the org tree: validate, apply through the domain, save with optimistic concurrency.
/// A unit is never moved to another parent (see <see cref="OrgUnit"/>), so the form offers no parent to change.
/// </summary>
public sealed class OrgUnitCommands(AppDbContext db, IValidator<OrgUnitFormModel> validator, OrgUnitQueries queries,
    IStringLocalizer<SharedResource> l, Problems.ProblemFilterOptionsCache filterOptions)
{
    public async Task<OrgUnitSaveResult> CreateAsync(long? parentId, OrgUnitFormModel model, CancellationToken ct = default)
    {
        OrgUnit? parent = null;
        if (parentId is { } pid && (parent = await db.OrgUnits.SingleOrDefaultAsync(o => o.Id == pid, ct)) is null)
            return new OrgUnitSaveResult.NotFound();

        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new OrgUnitSaveResult.Invalid(result.Errors);
        var kind = model.ParsedKind;
        if (!OrgUnit.KindsAllowedUnder(parent?.Kind).Contains(kind))
            return Invalid(parent is null ? l["Org.Validation.RootKind"] : l["Org.Validation.KindNotAllowed", parent.Name, l[$"Org.Kind.{kind}"]],
                nameof(OrgUnitFormModel.Kind));
        if (await queries.FindByCodeAsync(model.Code!, ct: ct) is { } existing)
            return new OrgUnitSaveResult.DuplicateCode(existing.Id, existing.Name);

        OrgUnit unit;
        try
        {
            unit = OrgUnit.Create(model.Code!, model.Name!, kind, parent, model.ParsedSortOrder);
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }

        try
        {
            // The path holds the unit's own id, so it is written by a second save; one transaction keeps a
            // unit from ever being visible with the placeholder path "/".
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async cancel =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(cancel);
                db.OrgUnits.Add(unit);
                await db.SaveChangesAsync(cancel);
                unit.AssignPath(parent);
                await db.SaveChangesAsync(cancel);
                await tx.CommitAsync(cancel);
            }, ct);
            filterOptions.Invalidate();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with another unit taking the same code.
            db.ChangeTracker.Clear();
            if (await queries.FindByCodeAsync(model.Code!, ct: ct) is { } raced) return new OrgUnitSaveResult.DuplicateCode(raced.Id, raced.Name);
            throw;
        }
        return new OrgUnitSaveResult.Saved(unit.Id);
    }

    public async Task<OrgUnitSaveResult> UpdateAsync(long id, OrgUnitFormModel model, CancellationToken ct = default)
    {
        var unit = await db.OrgUnits.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (unit is null) return new OrgUnitSaveResult.NotFound();

        // The kind is fixed once created; it is shown read-only on the edit form.
        model.Kind = unit.Kind.ToString();
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new OrgUnitSaveResult.Invalid(result.Errors);
        if (await queries.FindByCodeAsync(model.Code!, exceptId: id, ct) is { } existing)
            return new OrgUnitSaveResult.DuplicateCode(existing.Id, existing.Name);

        if (unit.Version != model.Version) return await StaleAsync(id, ct);
        try
        {
            unit.Rename(model.Code!, model.Name!);
            unit.Reorder(model.ParsedSortOrder);
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        // Compare against the version the user saw, so a save that slips in after the read above is still caught.
        db.Entry(unit).Property(o => o.Version).OriginalValue = model.Version;
        try
        {
            await db.SaveChangesAsync(ct);
            filterOptions.Invalidate();
        }
        catch (DbUpdateConcurrencyException)
        {
            return await StaleAsync(id, ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            if (await queries.FindByCodeAsync(model.Code!, exceptId: id, ct) is { } raced) return new OrgUnitSaveResult.DuplicateCode(raced.Id, raced.Name);
            throw;
        }
        return new OrgUnitSaveResult.Saved(unit.Id);
    }

    public async Task<OrgUnitDeleteResult> DeleteAsync(long id, uint version, CancellationToken ct = default)
    {
        var unit = await db.OrgUnits.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (unit is null) return new OrgUnitDeleteResult.NotFound();
        if (unit.Version != version)
        {
            return await queries.DetailAsync(id, ct) is { } current ? new OrgUnitDeleteResult.Stale(current) : new OrgUnitDeleteResult.NotFound();
        }

        var dependents = await queries.DependentsAsync(id, ct);
        if (dependents.Any) return new OrgUnitDeleteResult.Blocked(BlockedReason(dependents));

        db.OrgUnits.Remove(unit);
        db.Entry(unit).Property(o => o.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
            filterOptions.Invalidate();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await queries.DetailAsync(id, ct) is { } current ? new OrgUnitDeleteResult.Stale(current) : new OrgUnitDeleteResult.NotFound();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation })
        {
            // Something was attached to the unit between the check and the delete; the foreign keys refuse it.
            db.ChangeTracker.Clear();
            return new OrgUnitDeleteResult.Blocked(BlockedReason(await queries.DependentsAsync(id, ct)));
        }
        return new OrgUnitDeleteResult.Deleted(unit.Name);
    }

    /// <summary>"该机构下还有3个下级机构、25家企业，不能删除".</summary>
    public string BlockedReason(OrgUnitDependents d)
    {
        var parts = new List<string>();
        if (d.Children > 0) parts.Add(l["Org.Delete.Children", d.Children]);
        if (d.Enterprises > 0) parts.Add(l["Org.Delete.Enterprises", d.Enterprises]);
        if (d.Users > 0) parts.Add(l["Org.Delete.Users", d.Users]);
        // A foreign key named something not counted here; say so rather than claim the unit is empty.
        if (parts.Count == 0) return l["Org.Delete.BlockedOther"];
        return l["Org.Delete.Blocked", string.Join(l["Org.Delete.Separator"], parts)];
    }

    private async Task<OrgUnitSaveResult> StaleAsync(long id, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await queries.DetailAsync(id, ct) is { } current ? new OrgUnitSaveResult.Stale(current) : new OrgUnitSaveResult.NotFound();
    }

    private static OrgUnitSaveResult.Invalid Invalid(string message, string property = "") =>
        new([new ValidationFailure(property, message)]);
}

public static class OrganizationFeature
{
    public static IServiceCollection AddOrganizationFeature(this IServiceCollection services)
    {
        services.AddScoped<OrgUnitQueries>();
        services.AddScoped<OrgUnitCommands>();
        services.AddSingleton<IValidator<OrgUnitFormModel>, OrgUnitFormValidator>();
        return services;
    }
}
