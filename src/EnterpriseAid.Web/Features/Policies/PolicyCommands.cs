using System.Security.Claims;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EnterpriseAid.Web.Features.Policies;

/// <summary>Who may do what in the policy library.</summary>
public static class PolicyRoles
{
    /// <summary>活动办 and administrators publish, edit and push policies.</summary>
    public const string Editors = PortalRoles.Administrator + "," + PortalRoles.Dispatcher;

    /// <summary>Government staff read the library; enterprise users see only what is pushed to them.</summary>
    public const string Readers = PortalRoles.Staff;
}

public abstract record PolicySaveResult
{
    public sealed record Saved(long Id) : PolicySaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : PolicySaveResult;
    /// <summary>Someone else saved the policy after this user opened it.</summary>
    public sealed record Stale(Policy Current) : PolicySaveResult;
    public sealed record NotFound : PolicySaveResult;
}

public abstract record PushResult
{
    public sealed record Pushed(int Delivered) : PushResult;
    public sealed record Expired : PushResult;
    public sealed record NotFound : PushResult;
}

public abstract record AttachmentResult
{
    public sealed record Added(long Id) : AttachmentResult;
    public sealed record Refused(string Error) : AttachmentResult;
    public sealed record NotFound : AttachmentResult;
}

/// <summary>Write side of the policy library: validate, apply through the domain, save with optimistic concurrency.</summary>
public sealed class PolicyCommands(AppDbContext db, IValidator<PolicyFormModel> validator, PolicyQueries queries, PolicyPushQueries pushQueries,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public async Task<PolicySaveResult> CreateAsync(PolicyFormModel model, CancellationToken ct = default)
    {
        var (invalid, department) = await ValidateAsync(model, ct);
        if (invalid is not null) return invalid;
        Policy policy;
        try
        {
            policy = Policy.Create(model.ToContent(), department!, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        db.Policies.Add(policy);
        await db.SaveChangesAsync(ct);
        return new PolicySaveResult.Saved(policy.Id);
    }

    public async Task<PolicySaveResult> UpdateAsync(long id, PolicyFormModel model, CancellationToken ct = default)
    {
        var policy = await db.Policies.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (policy is null) return new PolicySaveResult.NotFound();
        var (invalid, department) = await ValidateAsync(model, ct);
        if (invalid is not null) return invalid;
        if (policy.Version != model.Version) return new PolicySaveResult.Stale(policy);
        try
        {
            policy.Update(model.ToContent(), department!, clock.GetUtcNow());
        }
        catch (DomainException ex)
        {
            return Invalid(ex.Message);
        }
        // Compare against the version the user saw, so a save between the read above and this update is caught too.
        db.Entry(policy).Property(p => p.Version).OriginalValue = model.Version;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
            return current is null ? new PolicySaveResult.NotFound() : new PolicySaveResult.Stale(current);
        }
        return new PolicySaveResult.Saved(policy.Id);
    }

    private async Task<(PolicySaveResult.Invalid?, OrgUnit?)> ValidateAsync(PolicyFormModel model, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return (new PolicySaveResult.Invalid(result.Errors), null);
        var department = await queries.DepartmentsInScope().SingleOrDefaultAsync(o => o.Id == model.DepartmentId, ct);
        if (department is null) return (Invalid(l["Policies.Validation.DepartmentOutOfScope"], nameof(PolicyFormModel.IssuingDepartmentId)), null);
        var towns = model.ToEligibility().TownIds.ToArray();
        if (towns.Length > 0)
        {
            var known = await db.OrgUnits.CountAsync(o => towns.Contains(o.Id) && (o.Kind == OrgUnitKind.Town || o.Kind == OrgUnitKind.Street), ct);
            if (known != towns.Length) return (Invalid(l["Policies.Validation.UnknownCode"], nameof(PolicyFormModel.TownIds)), null);
        }
        return (null, department);
    }

    /// <summary>
    /// Delivers the policy to every enterprise in the user's scope that fits it today, except those left out
    /// and those that already have it. Idempotent: the unique (policy, enterprise) index makes a repeated or
    /// concurrent push add nothing twice; a push that loses that race recomputes and adds what is left.
    /// </summary>
    public async Task<PushResult> PushAsync(long policyId, IReadOnlyCollection<long> excluded, long userId, CancellationToken ct = default)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId, ct);
        if (policy is null) return new PushResult.NotFound();
        var today = ChinaTime.Today(clock);
        if (policy.EffectiveTo < today) return new PushResult.Expired();
        var ex = excluded.Take(PolicyPushQueries.MaxExcluded).ToArray();
        for (var attempt = 1; ; attempt++)
        {
            var ids = await pushQueries.Fitting(policy.Eligibility, today)
                .Where(e => !ex.Contains(e.Id) && !db.PolicyPushes.Any(x => x.PolicyId == policyId && x.EnterpriseId == e.Id))
                .Select(e => e.Id).ToListAsync(ct);
            var now = clock.GetUtcNow();
            db.PolicyPushes.AddRange(ids.Select(id => PolicyPush.Deliver(policyId, id, userId, now)));
            try
            {
                await db.SaveChangesAsync(ct);
                return new PushResult.Pushed(ids.Count);
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// The enterprise user opened a policy pushed to their enterprise: the first opening sets read_at.
    /// False when the policy was not pushed to the user's enterprise.
    /// </summary>
    public async Task<bool> MarkReadAsync(long policyId, CancellationToken ct = default)
    {
        if (db.Scope.EnterpriseId is not { } enterpriseId) return false;
        var push = await db.PolicyPushes.SingleOrDefaultAsync(x => x.PolicyId == policyId && x.EnterpriseId == enterpriseId, ct);
        if (push is null) return false;
        if (push.MarkRead(clock.GetUtcNow())) await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Why an upload was refused, as codes the policy page turns into messages.</summary>
    public static readonly string[] AttachmentErrors = ["no-file", "too-large", "empty", "type", "name", "too-many"];

    public async Task<AttachmentResult> AddAttachmentAsync(long policyId, string fileName, byte[] content, long? userId, CancellationToken ct = default)
    {
        if (!await db.Policies.AnyAsync(p => p.Id == policyId, ct)) return new AttachmentResult.NotFound();
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Trim();
        if (name.Length == 0) return new AttachmentResult.Refused("no-file");
        if (name.Length > PolicyAttachment.FileNameMaxLength) return new AttachmentResult.Refused("name");
        if (PolicyAttachment.ContentTypeFor(name) is null) return new AttachmentResult.Refused("type");
        if (content.Length == 0) return new AttachmentResult.Refused("empty");
        if (content.Length > PolicyAttachment.MaxBytes) return new AttachmentResult.Refused("too-large");
        if (await db.PolicyAttachments.CountAsync(a => a.PolicyId == policyId, ct) >= PolicyAttachment.MaxPerPolicy)
            return new AttachmentResult.Refused("too-many");
        var attachment = PolicyAttachment.Create(policyId, name, content, userId, clock.GetUtcNow());
        db.PolicyAttachments.Add(attachment);
        await db.SaveChangesAsync(ct);
        return new AttachmentResult.Added(attachment.Id);
    }

    public async Task<bool> DeleteAttachmentAsync(long policyId, long attachmentId, CancellationToken ct = default)
    {
        var attachment = await db.PolicyAttachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.PolicyId == policyId, ct);
        if (attachment is null) return false;
        db.PolicyAttachments.Remove(attachment);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static long UserId(ClaimsPrincipal user) => long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : 0;

    private static PolicySaveResult.Invalid Invalid(string message, string property = "") => new([new ValidationFailure(property, message)]);
}
