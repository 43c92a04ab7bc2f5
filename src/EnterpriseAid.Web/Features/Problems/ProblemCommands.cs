using System.Security.Claims;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Problems;

public abstract record ProblemResult
{
    public sealed record Saved(long Id) : ProblemResult;
    /// <summary>The domain refused: the message says why, in Chinese; nothing was saved.</summary>
    public sealed record Refused(string Message) : ProblemResult;
    /// <summary>Someone else changed the problem after this user opened it.</summary>
    public sealed record Stale : ProblemResult;
    public sealed record NotFound : ProblemResult;
}

/// <summary>What a user typed into one action form on a problem's page.</summary>
public sealed record ProblemActionInput
{
    public uint? Version { get; init; }
    public string? Text { get; init; }
    public long? LeadId { get; init; }
    public IReadOnlyList<long> CoHandlerIds { get; init; } = [];
    public DateOnly? Deadline { get; init; }
    public Satisfaction? Satisfaction { get; init; }
}

public sealed class ProblemRegisterModel
{
    public string? Category { get; set; }
    public string? Urgency { get; set; }
    public string? Source { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    /// <summary>The 三个一批 project of the enterprise the problem is registered for, if any.</summary>
    public string? ProjectId { get; set; }
}

/// <summary>Write side of the ledger: every change goes through the <see cref="Problem"/> aggregate, with optimistic concurrency.</summary>
public sealed class ProblemCommands(AppDbContext db, TimeProvider clock)
{
    /// <param name="actorName">The name the timeline gives the registration, when not the user's (an API call names its source system).</param>
    /// <param name="beforeCommit">Further rows saved in the same transaction once the problem has its id (the API's source and idempotency record).</param>
    public async Task<ProblemResult> RegisterAsync(long enterpriseId, ProblemRegisterModel model, ClaimsPrincipal user, CancellationToken ct = default,
        string? actorName = null, Func<Problem, Task>? beforeCommit = null)
    {
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return new ProblemResult.NotFound();
        if (!Urgencies.TryParse(model.Urgency, out var urgency)) return new ProblemResult.Refused("请选择紧急程度");
        if (!Enum.TryParse<ProblemSource>(model.Source, out var source) || !Enum.IsDefined(source) || int.TryParse(model.Source, out _))
            return new ProblemResult.Refused("请选择问题来源");

        long? projectId = null;
        if (!string.IsNullOrWhiteSpace(model.ProjectId))
        {
            if (!long.TryParse(model.ProjectId, out var pid) || !await db.Projects.AnyAsync(p => p.Id == pid && p.EnterpriseId == enterpriseId, ct))
                return new ProblemResult.Refused("所选项目不存在或不属于该企业");
            projectId = pid;
        }

        var who = ProblemActors.For(user, enterpriseId);
        if (actorName is { Length: > 0 }) who = who with { Actor = who.Actor with { Name = actorName.Length > Actor.NameMaxLength ? actorName[..Actor.NameMaxLength] : actorName } };
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Inside the transaction: a refused registration rolls the counter back, so numbers stay gap-free.
        var number = await ProblemNumbers.NextAsync(db, ProblemActors.ChinaToday(clock).Year, ct);
        Problem problem;
        try
        {
            problem = Problem.Register(number, enterpriseId, null, model.Category ?? string.Empty, urgency, source,
                model.Title ?? string.Empty, model.Description ?? string.Empty, who.Actor, now);
            if (projectId is { } forProject) problem.ForProject(forProject);
        }
        catch (DomainException ex)
        {
            return new ProblemResult.Refused(ex.Message);
        }
        db.Problems.Add(problem);
        await db.SaveChangesAsync(ct);
        if (beforeCommit is not null) await beforeCommit(problem);
        await tx.CommitAsync(ct);
        return new ProblemResult.Saved(problem.Id);
    }

    public async Task<ProblemResult> ActAsync(long id, ProblemAction action, ProblemActionInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var problem = await db.Problems.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (problem is null) return new ProblemResult.NotFound();
        if (input.Version is not { } version || version != problem.Version) return new ProblemResult.Stale();

        var who = ProblemActors.For(user, problem.EnterpriseId);
        var now = clock.GetUtcNow();
        try
        {
            switch (action)
            {
                case ProblemAction.SolveOnSpot: problem.SolveOnSpot(input.Text ?? "", who, now); break;
                case ProblemAction.Dispatch:
                case ProblemAction.Reassign:
                    var (lead, coHandlers) = await DepartmentsAsync(input, ct);
                    if (action == ProblemAction.Dispatch) problem.Dispatch(lead, coHandlers, input.Deadline, who, now);
                    else problem.Reassign(lead, coHandlers, input.Deadline, who, now);
                    break;
                case ProblemAction.Accept: problem.Accept(who, now); break;
                case ProblemAction.Return: problem.Return(input.Text ?? "", who, now); break;
                case ProblemAction.NoteProgress: problem.NoteProgress(input.Text ?? "", who, now); break;
                case ProblemAction.FinishCoHandling: problem.FinishCoHandling(input.Text ?? "", who, now); break;
                case ProblemAction.Resolve: problem.Resolve(input.Text ?? "", who, now); break;
                case ProblemAction.Rate: problem.Rate(input.Satisfaction, input.Text, who, now); break;
                case ProblemAction.Close: problem.Close(who, now); break;
                case ProblemAction.RequestExtension:
                    if (input.Deadline is not { } newDeadline) throw new DomainException("请填写延期后的期限");
                    problem.RequestExtension(newDeadline, input.Text ?? "", who, now);
                    break;
                case ProblemAction.ApproveExtension: problem.ApproveExtension(who, now); break;
                case ProblemAction.RejectExtension: problem.RejectExtension(input.Text ?? "", who, now); break;
                default: return new ProblemResult.NotFound();
            }
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return new ProblemResult.Refused(ex.Message);
        }

        // Compare against the version the user saw, so a save that slipped in after the read is caught too.
        db.Entry(problem).Property(p => p.Version).OriginalValue = version;
        // The problem row is always written, so the version check always runs: an action that adds only a
        // timeline event (a progress note in the same clock tick as the last change) must not slip past it.
        db.Entry(problem).Property(p => p.UpdatedAt).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ProblemResult.Stale();
        }
        return new ProblemResult.Saved(problem.Id);
    }

    private async Task<(DepartmentRef? Lead, List<DepartmentRef> CoHandlers)> DepartmentsAsync(ProblemActionInput input, CancellationToken ct)
    {
        var ids = input.CoHandlerIds.Append(input.LeadId ?? 0).Where(i => i > 0).Distinct().ToList();
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Department && ids.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var lead = input.LeadId is { } leadId && units.TryGetValue(leadId, out var leadName) ? new DepartmentRef(leadId, leadName) : null;
        var coHandlers = new List<DepartmentRef>();
        foreach (var coId in input.CoHandlerIds)
        {
            if (!units.TryGetValue(coId, out var name)) throw new DomainException("请选择协办单位");
            coHandlers.Add(new DepartmentRef(coId, name));
        }
        return (lead, coHandlers);
    }
}

public static class ProblemFeature
{
    public static IServiceCollection AddProblemFeature(this IServiceCollection services)
    {
        services.AddScoped<ProblemQueries>();
        services.AddSingleton<ProblemFilterOptionsCache>();
        services.AddScoped<ProblemCommands>();
        services.AddSingleton<FluentValidation.IValidator<ProblemFilterModel>, ProblemFilterValidator>();
        return services;
    }
}
