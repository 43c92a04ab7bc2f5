using System.Globalization;
using System.Security.Claims;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Hosting;
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
    /// <summary>The visit is recorded, with the problems raised during it (in the order of the form).</summary>
    public sealed record Saved(long VisitId, IReadOnlyList<long> EnterpriseIds, IReadOnlyList<long> ProblemIds) : VisitSaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : VisitSaveResult;
}

/// <summary>The signed-in user as the visit form needs them; <see cref="Actor"/> registers the problems raised.</summary>
public sealed record VisitUser(long Id, long? OrgUnitId, ActorContext Actor)
{
    public static VisitUser From(ClaimsPrincipal principal) => new(
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0,
        long.TryParse(principal.FindFirstValue(PortalClaims.OrgUnitId), out var unit) ? unit : null,
        // Staff only: a visit's problems never belong to the user's own enterprise.
        ProblemActors.For(principal, problemEnterpriseId: 0));
}

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

        var (rows, rowFailure) = ProblemRowsOf(model, kind, ids, l["Visits.Validation.ProblemEnterprise"]);
        if (rowFailure is not null) return rowFailure;

        Visit? visit = null;
        List<Problem> problems = [];
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async cancel =>
            {
                db.ChangeTracker.Clear();
                problems = [];
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
                var now = clock.GetUtcNow();
                visit = Visit.Record(on, kind, ids, officials, model.Summary, model.Notes, user.Id, now, joins);
                InspectionRule.Check(visit, existing);
                db.Visits.Add(visit);
                await db.SaveChangesAsync(cancel);
                problems = await RegisterProblemsAsync(visit, rows!, user.Actor, now, cancel);
                await db.SaveChangesAsync(cancel);
                await tx.CommitAsync(cancel);
            }, ct);
        }
        catch (RowRefusedException ex)
        {
            db.ChangeTracker.Clear();
            return Invalid(ex.Message, $"{nameof(VisitFormModel.ProblemRows)}[{ex.Index}].{VisitProblemRowFields.RowField}");
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return Invalid(ex.Message);
        }
        return new VisitSaveResult.Saved(visit!.Id, visit.EnterpriseIds, problems.Select(p => p.Id).ToList());
    }

    /// <summary>
    /// Registers each problem row against the visit, inside the visit's transaction: numbers come from the
    /// counter in form order (the counter row stays locked until commit, so they are consecutive and a
    /// rollback leaves no gap), and a row marked 现场解决 goes straight to Resolved through the domain.
    /// </summary>
    private async Task<List<Problem>> RegisterProblemsAsync(Visit visit, List<(VisitProblemRow Row, int Index, long EnterpriseId)> rows,
        ActorContext actor, DateTimeOffset now, CancellationToken ct)
    {
        var source = visit.Kind == VisitKind.Symposium ? ProblemSource.Symposium : ProblemSource.Visit;
        var year = VisitClock.Today(clock).Year;
        var problems = new List<Problem>();
        foreach (var (row, index, enterpriseId) in rows)
        {
            var number = await ProblemNumbers.NextAsync(db, year, ct);
            try
            {
                var problem = Problem.Register(number, enterpriseId, visit.Id, row.Category ?? string.Empty,
                    row.ParsedUrgency ?? throw new DomainException(l["Validation.Select", l["Problems.Urgency"]]), source,
                    row.Title ?? string.Empty, row.Description ?? string.Empty, actor.Actor, now);
                if (row.SolvedOnSpot) problem.SolveOnSpot(row.Resolution ?? string.Empty, actor, now);
                db.Problems.Add(problem);
                problems.Add(problem);
            }
            catch (DomainException ex)
            {
                throw new RowRefusedException(index, ex.Message);
            }
        }
        return problems;
    }

    /// <summary>The rows to register, each with the enterprise that raised it; null (with the failure) when one names no visit enterprise.</summary>
    private static (List<(VisitProblemRow Row, int Index, long EnterpriseId)>? Rows, VisitSaveResult.Invalid? Failure) ProblemRowsOf(
        VisitFormModel model, VisitKind kind, IReadOnlyList<long> ids, string message)
    {
        var rows = new List<(VisitProblemRow, int, long)>();
        foreach (var (row, index) in model.FilledProblemRows)
        {
            var enterpriseId = ids.Count == 1 ? ids[0] : row.ParsedEnterpriseId ?? 0;
            if (kind == VisitKind.Symposium && !ids.Contains(enterpriseId))
                return (null, Invalid(message, $"{nameof(VisitFormModel.ProblemRows)}[{index}].{nameof(VisitProblemRow.EnterpriseId)}"));
            rows.Add((row, index, enterpriseId));
        }
        return (rows, null);
    }

    private sealed class RowRefusedException(int index, string message) : Exception(message)
    {
        public int Index { get; } = index;
    }

    private static VisitSaveResult.Invalid Invalid(string message, string property = "") =>
        new([new ValidationFailure(property, message)]);
}

public static class VisitFeature
{
    public static IServiceCollection AddVisitFeature(this IServiceCollection services)
    {
        services.AddScoped<VisitQueries>();
        services.AddScoped<VisitListQueries>();
        services.AddScoped<VisitCommands>();
        services.AddSingleton<IValidator<VisitFormModel>, VisitFormValidator>();
        return services;
    }

    /// <summary>
    /// The htmx fragment of the enterprise picker: in-scope enterprises matching what was typed (at
    /// most ten), after the ones already ticked, as radio buttons or, for a 座谈会, checkboxes.
    /// </summary>
    public static void MapVisitEndpoints(this WebApplication app)
    {
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

        // One more problem row for the visit form (index = the next free one), or a row's enterprise choice
        // again after the visit's enterprises changed (index = that row, with its current choice).
        app.MapGet("/visits/problem-row", async (HttpRequest request, VisitQueries queries, CancellationToken ct) =>
            {
                var query = request.Query;
                var index = int.TryParse(query["index"], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                    ? Math.Min(i, VisitFormModel.MaxProblemRows) : 0;
                var visit = new VisitFormModel { EnterpriseIds = query["Model.EnterpriseIds"].Take(Visit.MaxEnterprises).Select(v => v ?? "").ToList() };
                var row = VisitProblemRow.New();
                row.EnterpriseId = query[$"Model.{nameof(VisitFormModel.ProblemRows)}[{index}].{nameof(VisitProblemRow.EnterpriseId)}"].FirstOrDefault();
                return new RazorComponentResult<VisitProblemRowFragment>(new
                {
                    Index = index,
                    Row = row,
                    Enterprises = await queries.EnterprisesAsync(visit.ParsedEnterpriseIds, ct),
                });
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.RegisterEditors })
            .ExcludeFromDescription();
    }
}
