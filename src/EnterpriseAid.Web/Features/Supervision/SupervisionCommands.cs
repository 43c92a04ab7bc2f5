using System.Security.Claims;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Supervision;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Supervision;

public abstract record NoticeResult
{
    public sealed record Saved(long Id) : NoticeResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : NoticeResult;
    /// <summary>The domain refused: the message says why, in Chinese; nothing was saved.</summary>
    public sealed record Refused(string Message) : NoticeResult;
    /// <summary>Someone else answered the notice after this user opened it.</summary>
    public sealed record Stale : NoticeResult;
    public sealed record NotFound : NoticeResult;
}

/// <summary>
/// Write side of 督办: issuing a notice and the department's reply, each with its line on the problem's
/// timeline. Neither touches the problem's own row, so a department acting on the problem meanwhile is
/// not told its form is stale.
/// </summary>
public sealed class SupervisionCommands(AppDbContext db, TimeProvider clock,
    IValidator<NoticeIssueFormModel> issueValidator, IValidator<NoticeReplyFormModel> replyValidator)
{
    public async Task<NoticeResult> IssueAsync(long problemId, NoticeIssueFormModel model, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var problem = await db.Problems.AsNoTracking().SingleOrDefaultAsync(p => p.Id == problemId, ct);
        if (problem is null) return new NoticeResult.NotFound();
        var enterpriseName = await db.Enterprises.AsNoTracking().Where(e => e.Id == problem.EnterpriseId).Select(e => e.Name).SingleOrDefaultAsync(ct);
        if (enterpriseName is null) return new NoticeResult.NotFound();
        if (SupervisionNotice.Refusal(problem) is { } refusal) return new NoticeResult.Refused(refusal);
        var validation = await issueValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new NoticeResult.Invalid(validation.Errors);

        var who = ProblemActors.For(user, problem.EnterpriseId).Actor;
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Inside the transaction: a refused notice rolls the counter back, so numbers stay gap-free.
        var number = await SupervisionNoticeNumbers.NextAsync(db, ProblemActors.ChinaToday(clock).Year, ct);
        SupervisionNotice notice;
        try
        {
            notice = SupervisionNotice.Issue(number, problem, enterpriseName, model.ParsedLevel ?? default, model.Requirement ?? string.Empty,
                model.ParsedReplyDue ?? default, who, now);
        }
        catch (DomainException ex)
        {
            return new NoticeResult.Refused(ex.Message);
        }
        db.SupervisionNotices.Add(notice);
        AddTimelineLine(notice.IssuedEvent(), problem.Id);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new NoticeResult.Saved(notice.Id);
    }

    public async Task<NoticeResult> ReplyAsync(long noticeId, NoticeReplyFormModel model, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var notice = await db.SupervisionNotices.SingleOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null) return new NoticeResult.NotFound();
        var validation = await replyValidator.ValidateAsync(model, ct);
        if (!validation.IsValid) return new NoticeResult.Invalid(validation.Errors);
        if (!user.IsInRole(PortalRoles.DepartmentHandler)) return new NoticeResult.Refused($"只有被督办单位（{notice.DepartmentName}）的经办人可以回复督办单");
        if (model.Version is not { } version || version != notice.Version) return new NoticeResult.Stale();

        try
        {
            notice.Answer(model.Reply ?? string.Empty, ProblemActors.For(user, 0).Actor, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            db.ChangeTracker.Clear();
            return new NoticeResult.Refused(ex.Message);
        }
        AddTimelineLine(notice.RepliedEvent(), notice.ProblemId);
        // Compare against the version the user saw, so a reply that slipped in after the read is caught too.
        db.Entry(notice).Property(n => n.Version).OriginalValue = version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new NoticeResult.Stale();
        }
        return new NoticeResult.Saved(notice.Id);
    }

    private void AddTimelineLine(Domain.Problems.ProblemEvent line, long problemId)
    {
        db.ProblemEvents.Add(line);
        db.Entry(line).Property<long>("ProblemId").CurrentValue = problemId;
    }
}

/// <summary>Who may use the 督办 pages.</summary>
public static class SupervisionRoles
{
    /// <summary>See flagged problems and issue notices.</summary>
    public const string Issuers = "Administrator,Supervisor,Dispatcher";

    /// <summary>Read notices (departments their own, and reply to them).</summary>
    public const string Readers = "Administrator,Supervisor,Dispatcher,DepartmentHandler";

    public static bool CanIssue(ClaimsPrincipal user) =>
        user.IsInRole(PortalRoles.Administrator) || user.IsInRole(PortalRoles.Supervisor) || user.IsInRole(PortalRoles.Dispatcher);

    public static bool CanRead(ClaimsPrincipal user) => CanIssue(user) || user.IsInRole(PortalRoles.DepartmentHandler);
}

public static class SupervisionFeature
{
    /// <summary>The 督办 pages and the escalation job that flags the problems they list.</summary>
    public static IServiceCollection AddSupervisionFeature(this IServiceCollection services)
    {
        services.AddScoped<SupervisionQueries>();
        services.AddScoped<SupervisionCommands>();
        services.AddSingleton<IValidator<NoticeIssueFormModel>, NoticeIssueFormValidator>();
        services.AddSingleton<IValidator<NoticeReplyFormModel>, NoticeReplyFormValidator>();
        services.AddEscalation();
        return services;
    }
}
