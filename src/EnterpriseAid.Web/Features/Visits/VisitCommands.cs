using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Visits;

public abstract record VisitSaveResult
{
    /// <summary>
    /// The visit is recorded. Extension point: problems raised during the visit are registered
    /// against <see cref="VisitId"/> (and each of <see cref="EnterpriseIds"/>).
    /// </summary>
    public sealed record Saved(long VisitId, IReadOnlyList<long> EnterpriseIds) : VisitSaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : VisitSaveResult;
}

/// <summary>The signed-in user as the visit form needs them.</summary>
public sealed record VisitUser(long Id, long? OrgUnitId);

/// <summary>Write side of visits: validate, resolve the enterprises in scope, apply the domain rules, save.</summary>
public sealed class VisitCommands(AppDbContext db, IValidator<VisitFormModel> validator, VisitQueries queries, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<VisitSaveResult> RecordAsync(VisitUser user, VisitFormModel model, CancellationToken ct = default)
    {
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new VisitSaveResult.Invalid(result.Errors);

        var kind = model.ParsedKind!.Value;
        var on = model.ParsedVisitedOn!.Value;
        var ids = model.ParsedEnterpriseIds;
        if (ids.Count == 0)
        {
            // The no-JavaScript path: the code typed in the plain text field.
            if (await queries.FindByUsccAsync(model.Uscc!, ct) is not { } byCode)
                return Invalid(l["Visits.Validation.UsccNotFound"], nameof(VisitFormModel.Uscc));
            ids = [byCode.Id];
        }
        // Only enterprises the user may see count; any other id is treated as unknown.
        var visible = await queries.EnterprisesAsync(ids, ct);
        if (visible.Count != ids.Count) return Invalid(l["Visits.Validation.EnterpriseNotFound"], nameof(VisitFormModel.EnterpriseIds));

        var officials = model.ParsedOfficialIds;
        var allowed = (await queries.OfficialsAsync(user.Id, user.OrgUnitId, ct)).Select(o => o.Id).ToHashSet();
        if (!officials.All(allowed.Contains)) return Invalid(l["Visits.Validation.OfficialUnknown"], nameof(VisitFormModel.OfficialIds));

        Visit? visit = null;
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async cancel =>
            {
                db.ChangeTracker.Clear();
                await using var tx = await db.Database.BeginTransactionAsync(cancel);
                long? joins = null;
                if (kind == VisitKind.Inspection)
                {
                    // Two inspections of the same day are serialised, so both cannot pass the check below.
                    var day = VisitFormModel.Format(on);
                    await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext('inspection:' || {day}))", cancel);
                }
                var existing = kind == VisitKind.Inspection ? await queries.SameDayInspectionsAsync(on, ids, cancel) : [];
                if (model.JoinExisting && kind == VisitKind.Inspection)
                {
                    joins = existing.Select(e => (long?)e.VisitId).FirstOrDefault()
                            ?? throw new DomainException(l["Visits.Validation.NothingToJoin"]);
                }
                visit = Visit.Record(on, kind, ids, officials, model.Summary, model.Notes, user.Id, clock.GetUtcNow(), joins);
                InspectionRule.Check(visit, existing);
                db.Visits.Add(visit);
                await db.SaveChangesAsync(cancel);
                await tx.CommitAsync(cancel);
            }, ct);
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return Invalid(ex.Message);
        }
        return new VisitSaveResult.Saved(visit!.Id, visit.EnterpriseIds);
    }

    private static VisitSaveResult.Invalid Invalid(string message, string property = "") =>
        new([new ValidationFailure(property, message)]);
}

public static class VisitFeature
{
    public static IServiceCollection AddVisitFeature(this IServiceCollection services)
    {
        services.AddScoped<VisitQueries>();
        services.AddScoped<VisitCommands>();
        services.AddSingleton<IValidator<VisitFormModel>, VisitFormValidator>();
        return services;
    }

    /// <summary>
    /// The htmx fragment of the enterprise picker: in-scope enterprises matching what was typed (at
    /// most ten), after the ones already ticked, as radio buttons or, for a 座谈会, checkboxes.
    /// </summary>
    public static void MapVisitEndpoints(this WebApplication app) =>
        app.MapGet("/visits/enterprise-search", async (
                [FromQuery(Name = "q")] string? q,
                [FromQuery(Name = "Model.Kind")] string? kind,
                [FromQuery(Name = "Model.EnterpriseIds")] string[]? selected,
                VisitQueries queries, CancellationToken ct) =>
            {
                var chosen = new VisitFormModel { EnterpriseIds = (selected ?? []).Take(Visit.MaxEnterprises).ToList() }.ParsedEnterpriseIds;
                var ticked = await queries.EnterprisesAsync(chosen, ct);
                var found = (await queries.SearchEnterprisesAsync(q, ct)).Where(o => !chosen.Contains(o.Id)).ToList();
                return new RazorComponentResult<EnterpriseOptions>(new
                {
                    Selected = ticked,
                    Found = found,
                    Multiple = new VisitFormModel { Kind = kind }.ParsedKind == VisitKind.Symposium,
                    Searched = !string.IsNullOrWhiteSpace(q),
                });
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.RegisterEditors })
            .ExcludeFromDescription();
}
