using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assignments;

public abstract record AssignmentResult
{
    public sealed record Saved : AssignmentResult;
    /// <summary>Bad input or a refused rule: messages by field ("" for the form as a whole); nothing was saved.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : AssignmentResult;
    /// <summary>Someone else changed or deleted the assignment after this user opened the page.</summary>
    public sealed record Stale : AssignmentResult;
    /// <summary>The enterprise does not exist or lies outside the user's scope.</summary>
    public sealed record NotFound : AssignmentResult;
}

public sealed record BulkRefusal(long EnterpriseId, string EnterpriseName, string Message);

public abstract record BulkResult
{
    public sealed record Saved(int Count) : BulkResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : BulkResult;
    /// <summary>At least one enterprise was refused, so none was assigned.</summary>
    public sealed record Refused(IReadOnlyList<BulkRefusal> Refusals) : BulkResult;
}

/// <summary>
/// Write side of 包联: validate the form, resolve the enterprise, official or department within the
/// user's scope, apply the domain rules against the enterprise's other assignments, save through EF
/// (so the audit log records it). Adding takes a transaction-scoped advisory lock per enterprise, so
/// two dispatchers adding a leader to the same enterprise at the same moment cannot both pass the
/// one-leader check. Ending and deleting are guarded by the row's xmin.
/// </summary>
public sealed class AssignmentCommands(
    AppDbContext db,
    AssignmentQueries queries,
    IValidator<AssignmentFormModel> addValidator,
    IValidator<BulkAssignmentFormModel> bulkValidator,
    IValidator<EndAssignmentFormModel> endValidator,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private sealed record Target(long Id, string Name, long TownId);

    public async Task<AssignmentResult> AddAsync(long enterpriseId, AssignmentFormModel model, CancellationToken ct = default)
    {
        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == enterpriseId)
            .Select(e => new Target(e.Id, e.Name, e.TownId)).SingleOrDefaultAsync(ct);
        if (enterprise is null) return new AssignmentResult.NotFound();
        var validation = await addValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new AssignmentResult.Invalid(validation.Errors);

        long? userId = null, unitId = null;
        var holderField = nameof(AssignmentFormModel.Role);
        switch (model.Role)
        {
            case AssignmentRoles.Leader or AssignmentRoles.Liaison:
                holderField = nameof(AssignmentFormModel.UserId);
                if (await queries.OfficialAsync(model.ParsedUserId, ct) is not { } official)
                    return Invalid(holderField, l["Assignments.Validation.OfficialUnknown"]);
                userId = official.Id;
                break;
            case AssignmentRoles.Department:
                holderField = nameof(AssignmentFormModel.DepartmentId);
                var department = model.ParsedDepartmentId;
                if (!await queries.DepartmentsInScope().AnyAsync(o => o.Id == department, ct))
                    return Invalid(holderField, l["Assignments.Validation.DepartmentUnknown"]);
                unitId = department;
                break;
            default:
                unitId = enterprise.TownId;
                break;
        }

        var refusals = await AddAllAsync([enterprise], model.Role!, userId, unitId, model.ParsedStartsOn!.Value, model.ParsedEndsOn, model.Note, ct);
        return refusals.Count == 0
            ? new AssignmentResult.Saved()
            : new AssignmentResult.Invalid([new ValidationFailure(holderField, refusals[0].Message)]);
    }

    /// <summary>One official, one role, several enterprises: all are assigned, or none (with every refusal listed).</summary>
    public async Task<BulkResult> BulkAsync(BulkAssignmentFormModel model, CancellationToken ct = default)
    {
        var validation = await bulkValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new BulkResult.Invalid(validation.Errors);
        if (await queries.OfficialAsync(model.ParsedUserId, ct) is not { } official)
            return new BulkResult.Invalid([new ValidationFailure(nameof(BulkAssignmentFormModel.UserId), l["Assignments.Validation.OfficialUnknown"])]);

        var ids = model.ParsedEnterpriseIds;
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id))
            .OrderBy(e => e.Name).ThenBy(e => e.Id)
            .Select(e => new Target(e.Id, e.Name, e.TownId)).ToListAsync(ct);
        // Only enterprises the user may see count; any other id is treated as unknown and nothing is saved.
        if (enterprises.Count != ids.Count)
            return new BulkResult.Invalid([new ValidationFailure(nameof(BulkAssignmentFormModel.EnterpriseIds), l["Assignments.Validation.EnterpriseUnknown"])]);

        var refusals = await AddAllAsync(enterprises, model.Role!, official.Id, null, model.ParsedStartsOn!.Value, model.ParsedEndsOn, model.Note, ct);
        return refusals.Count == 0 ? new BulkResult.Saved(enterprises.Count) : new BulkResult.Refused(refusals);
    }

    /// <summary>Creates the assignment on every enterprise in one transaction, or on none and says why for each refused one.</summary>
    private async Task<List<BulkRefusal>> AddAllAsync(IReadOnlyList<Target> enterprises, string role, long? userId, long? unitId,
        DateOnly startsOn, DateOnly? endsOn, string? note, CancellationToken ct)
    {
        var ids = enterprises.Select(e => e.Id).ToArray();
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async cancel =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            // In one order (the lock keys'), so two bulk saves over the same enterprises cannot deadlock.
            await db.Database.ExecuteSqlAsync(
                $"SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT hashtext('assignment:' || id) AS k FROM unnest({ids}) AS id ORDER BY 1) AS locks",
                cancel);

            var existing = await db.Assignments.AsNoTracking().Where(a => ids.Contains(a.EnterpriseId)).ToListAsync(cancel);
            var holderName = await HolderNamesAsync(existing, cancel);
            var refusals = new List<BulkRefusal>();
            var created = new List<Assignment>();
            foreach (var e in enterprises)
            {
                try
                {
                    var candidate = Assignment.Create(e.Id, role, userId, unitId, startsOn, endsOn, note, now);
                    AssignmentRules.EnsureLocalTownOffice(candidate, e.TownId);
                    AssignmentRules.EnsureCanAdd(candidate, existing.Where(a => a.EnterpriseId == e.Id), holderName);
                    created.Add(candidate);
                }
                catch (DomainException ex)
                {
                    refusals.Add(new BulkRefusal(e.Id, e.Name, ex.Message));
                }
            }
            if (refusals.Count > 0) return refusals;

            db.Assignments.AddRange(created);
            await db.SaveChangesAsync(cancel);
            await tx.CommitAsync(cancel);
            return refusals;
        }, ct);
    }

    private async Task<Func<Assignment, string>> HolderNamesAsync(List<Assignment> assignments, CancellationToken ct)
    {
        var userIds = assignments.Where(a => a.UserId is not null).Select(a => a.UserId!.Value).Distinct().ToList();
        var unitIds = assignments.Where(a => a.OrgUnitId is not null).Select(a => a.OrgUnitId!.Value).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var units = await db.OrgUnits.AsNoTracking().Where(o => unitIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return a => (a.UserId is { } u ? users.GetValueOrDefault(u) : a.OrgUnitId is { } o ? units.GetValueOrDefault(o) : null) ?? string.Empty;
    }

    public async Task<AssignmentResult> EndAsync(long enterpriseId, EndAssignmentFormModel model, CancellationToken ct = default)
    {
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return new AssignmentResult.NotFound();
        var validation = await endValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new AssignmentResult.Invalid(validation.Errors);

        return await ChangeAsync(enterpriseId, model.ParsedAssignmentId, model.ParsedVersion, nameof(EndAssignmentFormModel.EndsOn),
            a => a.End(model.ParsedEndsOn!.Value), ct);
    }

    public async Task<AssignmentResult> DeleteAsync(long enterpriseId, DeleteAssignmentFormModel model, CancellationToken ct = default)
    {
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return new AssignmentResult.NotFound();
        return await ChangeAsync(enterpriseId, model.ParsedAssignmentId, model.ParsedVersion, string.Empty, a =>
        {
            a.EnsureDeletable(clock.GetUtcNow());
            db.Assignments.Remove(a);
        }, ct);
    }

    /// <summary>Applies a change to one assignment of the enterprise if it is still at the version the user saw.</summary>
    private async Task<AssignmentResult> ChangeAsync(long enterpriseId, long? id, uint? version, string field, Action<Assignment> change,
        CancellationToken ct)
    {
        // An id of another enterprise's assignment is treated as gone: the page says to reload, and shows nothing of it.
        var assignment = await db.Assignments.SingleOrDefaultAsync(a => a.Id == id && a.EnterpriseId == enterpriseId, ct);
        if (assignment is null || version is null || assignment.Version != version) return new AssignmentResult.Stale();
        try
        {
            change(assignment);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return Invalid(field, ex.Message);
        }
        // Compare against the version the user saw, so a save that slipped in after the read is caught too.
        db.Entry(assignment).Property(a => a.Version).OriginalValue = version.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new AssignmentResult.Stale();
        }
        return new AssignmentResult.Saved();
    }

    private static AssignmentResult.Invalid Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}

public static class AssignmentFeature
{
    /// <summary>Who manages assignments.</summary>
    public const string Managers = "Administrator,Dispatcher";

    /// <summary>Who reads the coverage view.</summary>
    public const string CoverageReaders = "Administrator,Supervisor,Dispatcher";

    public static IServiceCollection AddAssignmentFeature(this IServiceCollection services)
    {
        services.AddScoped<AssignmentQueries>();
        services.AddScoped<AssignmentCommands>();
        services.AddScoped<CoverageQueries>();
        services.AddScoped<CoverageSummaries>();
        services.AddScoped<VisitTargetSettings>();
        services.AddSingleton<IValidator<AssignmentFormModel>, AssignmentFormValidator>();
        services.AddSingleton<IValidator<BulkAssignmentFormModel>, BulkAssignmentFormValidator>();
        services.AddSingleton<IValidator<EndAssignmentFormModel>, EndAssignmentFormValidator>();
        services.AddSingleton<IValidator<VisitTargetFormModel>, VisitTargetFormValidator>();
        return services;
    }

    /// <summary>
    /// The htmx fragment of the official picker: officials in the user's scope matching what was typed
    /// (those of the enterprise's town first), after the one already chosen, as radio buttons.
    /// </summary>
    public static void MapAssignmentEndpoints(this WebApplication app) =>
        app.MapGet("/assignments/official-search", async (
                [FromQuery(Name = "q")] string? q,
                [FromQuery(Name = "Model.UserId")] string? selected,
                [FromQuery(Name = "prefer")] string? prefer,
                AssignmentQueries queries, CancellationToken ct) =>
            {
                var chosen = await queries.OfficialAsync(AssignmentInput.Id(selected), ct);
                var found = (await queries.SearchOfficialsAsync(q, AssignmentInput.Id(prefer), ct)).Where(o => o.Id != chosen?.Id).ToList();
                return new RazorComponentResult<OfficialOptions>(new { Selected = chosen, Found = found, Searched = !string.IsNullOrWhiteSpace(q) });
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = Managers })
            .ExcludeFromDescription();
}
