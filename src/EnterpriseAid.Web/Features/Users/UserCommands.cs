using System.Globalization;
using System.Security.Claims;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace EnterpriseAid.Web.Features.Users;

public abstract record UserSaveResult
{
    public sealed record Saved(long Id) : UserSaveResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : UserSaveResult;
    /// <summary>Someone else saved the account after this administrator opened it.</summary>
    public sealed record Stale : UserSaveResult;
    public sealed record NotFound : UserSaveResult;
}

public abstract record UserActionResult
{
    public sealed record Done : UserActionResult;
    public sealed record Refused(IReadOnlyList<string> Messages) : UserActionResult;
    public sealed record NotFound : UserActionResult;
}

/// <summary>
/// Write side of user administration, through Identity's <see cref="UserManager{TUser}"/> so that its
/// validators, password hashing and security stamps apply. Multi-step changes run in one transaction
/// on the request's context, which is also the one the user store saves through.
/// </summary>
public sealed class UserCommands(AppDbContext db, UserManager<AppUser> users, IValidator<UserFormModel> validator, ISecurityAudit audit,
    TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// The unit kinds each role may belong to. Supervisors, dispatchers and officials work for a region
    /// (city, district, zone, town, street) or a department; a department handler only for a department.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<OrgUnitKind>> AllowedUnitKinds = new Dictionary<string, IReadOnlySet<OrgUnitKind>>
    {
        [PortalRoles.Administrator] = Enum.GetValues<OrgUnitKind>().ToHashSet(),
        [PortalRoles.Supervisor] = Enum.GetValues<OrgUnitKind>().ToHashSet(),
        [PortalRoles.Dispatcher] = Enum.GetValues<OrgUnitKind>().ToHashSet(),
        [PortalRoles.Official] = Enum.GetValues<OrgUnitKind>().ToHashSet(),
        [PortalRoles.DepartmentHandler] = new HashSet<OrgUnitKind> { OrgUnitKind.Department },
    };

    public async Task<UserSaveResult> CreateAsync(UserFormModel model, CancellationToken ct = default)
    {
        model.IsNew = true;
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new UserSaveResult.Invalid(result.Errors);
        var (assignment, errors) = await ResolveAssignmentAsync(model, ct);

        var user = new AppUser
        {
            UserName = model.UserName!.Trim(),
            DisplayName = model.DisplayName!.Trim(),
            PhoneNumber = NullIfBlank(model.PhoneNumber),
            OrgUnitId = assignment.OrgUnitId,
            EnterpriseId = assignment.EnterpriseId,
            CreatedAt = clock.GetUtcNow(),
        };
        // Report a taken name and a weak password together, rather than one per attempt.
        if (await users.FindByNameAsync(user.UserName) is not null)
            errors.Add(new ValidationFailure(nameof(UserFormModel.UserName), users.ErrorDescriber.DuplicateUserName(user.UserName).Description));
        foreach (var passwordValidator in users.PasswordValidators)
        {
            var check = await passwordValidator.ValidateAsync(users, user, model.Password);
            errors.AddRange(ToFailures(check, nameof(UserFormModel.Password)));
        }
        if (errors.Count > 0) return new UserSaveResult.Invalid(errors.DistinctBy(e => (e.PropertyName, e.ErrorMessage)).ToList());

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var created = await users.CreateAsync(user, model.Password!);
            if (created.Succeeded) created = await users.AddToRolesAsync(user, model.CleanRoles());
            if (!created.Succeeded)
            {
                db.ChangeTracker.Clear();
                return new UserSaveResult.Invalid(ToFailures(created, nameof(UserFormModel.Password)));
            }
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Lost a race with another administrator creating the same user name.
            db.ChangeTracker.Clear();
            return new UserSaveResult.Invalid([new ValidationFailure(nameof(UserFormModel.UserName),
                users.ErrorDescriber.DuplicateUserName(user.UserName).Description)]);
        }
        return new UserSaveResult.Saved(user.Id);
    }

    public async Task<UserSaveResult> UpdateAsync(long id, UserFormModel model, CancellationToken ct = default)
    {
        var user = await FindAsync(id, ct);
        if (user is null) return new UserSaveResult.NotFound();

        // The user name is the sign-in name; it is shown read-only and never changed here.
        model.UserName = user.UserName;
        model.IsNew = false;
        model.Password = null;
        var result = await validator.ValidateAsync(model, ct);
        if (!result.IsValid) return new UserSaveResult.Invalid(result.Errors);
        var (assignment, errors) = await ResolveAssignmentAsync(model, ct);
        if (errors.Count > 0) return new UserSaveResult.Invalid(errors);
        if (user.ConcurrencyStamp != model.ConcurrencyStamp) return new UserSaveResult.Stale();

        var currentRoles = await users.GetRolesAsync(user);
        var roles = model.CleanRoles();
        var accessChanged = !roles.ToHashSet().SetEquals(currentRoles)
            || user.OrgUnitId != assignment.OrgUnitId || user.EnterpriseId != assignment.EnterpriseId;
        var phone = NullIfBlank(model.PhoneNumber);
        if (phone != user.PhoneNumber) user.PhoneNumberConfirmed = false;
        user.PhoneNumber = phone;
        user.DisplayName = model.DisplayName!.Trim();
        user.OrgUnitId = assignment.OrgUnitId;
        user.EnterpriseId = assignment.EnterpriseId;
        // Compare against the stamp the administrator saw, so a save that slips in after the read above is still caught.
        db.Entry(user).Property(u => u.ConcurrencyStamp).OriginalValue = model.ConcurrencyStamp;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await users.UpdateAsync(user);
        if (saved.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            db.ChangeTracker.Clear();
            return new UserSaveResult.Stale();
        }
        if (saved.Succeeded && currentRoles.Except(roles).ToList() is { Count: > 0 } removed) saved = await users.RemoveFromRolesAsync(user, removed);
        if (saved.Succeeded && roles.Except(currentRoles).ToList() is { Count: > 0 } added) saved = await users.AddToRolesAsync(user, added);
        // A new stamp makes the user's other sessions re-check at their next validation (within a minute).
        if (saved.Succeeded && accessChanged) saved = await users.UpdateSecurityStampAsync(user);
        if (!saved.Succeeded)
        {
            db.ChangeTracker.Clear();
            return new UserSaveResult.Invalid(ToFailures(saved, string.Empty));
        }
        await tx.CommitAsync(ct);
        return new UserSaveResult.Saved(user.Id);
    }

    /// <summary>停用 or 启用. Disabling also renews the security stamp, which ends the user's sessions within a minute.</summary>
    public async Task<UserActionResult> SetDisabledAsync(long id, bool disable, ClaimsPrincipal admin, CancellationToken ct = default)
    {
        var user = await FindAsync(id, ct);
        if (user is null) return new UserActionResult.NotFound();
        if (disable && users.GetUserId(admin) == user.Id.ToString(CultureInfo.InvariantCulture))
            return new UserActionResult.Refused([l["Users.Action.CannotDisableSelf"]]);
        // A repeated click (or a second tab) asks for the state the account is already in.
        if (user.IsDisabled == disable) return new UserActionResult.Done();

        user.IsDisabled = disable;
        var result = disable ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user);
        if (!result.Succeeded) return Refused(result);
        await audit.RecordAsync(disable ? SecurityEvent.AccountDisabled : SecurityEvent.AccountEnabled, user.UserName, user.Id, By(admin), ct);
        return new UserActionResult.Done();
    }

    /// <summary>重置密码 to a temporary password the administrator typed; also lifts a lockout.</summary>
    public async Task<UserActionResult> ResetPasswordAsync(long id, string? newPassword, ClaimsPrincipal admin, CancellationToken ct = default)
    {
        var user = await FindAsync(id, ct);
        if (user is null) return new UserActionResult.NotFound();
        if (string.IsNullOrEmpty(newPassword)) return new UserActionResult.Refused([l["Validation.Required", l["Users.NewPassword"]]]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded) result = await ClearLockoutAsync(user);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Refused(result);
        }
        await tx.CommitAsync(ct);
        await audit.RecordAsync(SecurityEvent.PasswordReset, user.UserName, user.Id, By(admin), ct);
        return new UserActionResult.Done();
    }

    /// <summary>解除锁定: the user may try their password again at once.</summary>
    public async Task<UserActionResult> UnlockAsync(long id, ClaimsPrincipal admin, CancellationToken ct = default)
    {
        var user = await FindAsync(id, ct);
        if (user is null) return new UserActionResult.NotFound();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await ClearLockoutAsync(user);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Refused(result);
        }
        await tx.CommitAsync(ct);
        // The log has no separate unlock event; unlocking gives sign-in back, which is what AccountEnabled records.
        await audit.RecordAsync(SecurityEvent.AccountEnabled, user.UserName, user.Id, l["Users.Audit.Unlocked", AdminName(admin)], ct);
        return new UserActionResult.Done();
    }

    /// <summary>
    /// The unit or enterprise the account belongs to, checked against the database: the unit exists and
    /// suits every role; the enterprise is registered (anywhere, past the scope filter).
    /// </summary>
    private async Task<((long? OrgUnitId, long? EnterpriseId) Assignment, List<ValidationFailure> Errors)> ResolveAssignmentAsync(
        UserFormModel model, CancellationToken ct)
    {
        var errors = new List<ValidationFailure>();
        if (model.IsEnterpriseUser)
        {
            var uscc = model.NormalizedUscc;
            var enterpriseId = await db.Enterprises.IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.Uscc == uscc).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
            if (enterpriseId is null) errors.Add(new ValidationFailure(nameof(UserFormModel.EnterpriseUscc), l["Users.Validation.EnterpriseUnknown", uscc]));
            return ((null, enterpriseId), errors);
        }

        var unitId = model.ParsedOrgUnitId!.Value;
        var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Id == unitId).Select(o => new { o.Name, o.Kind }).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            errors.Add(new ValidationFailure(nameof(UserFormModel.OrgUnitId), l["Users.Validation.OrgUnitUnknown"]));
            return ((null, null), errors);
        }
        foreach (var role in model.CleanRoles().Where(r => !AllowedUnitKinds[r].Contains(unit.Kind)))
        {
            errors.Add(new ValidationFailure(nameof(UserFormModel.OrgUnitId),
                l[$"Users.Validation.UnitKind.{role}", unit.Name, l[$"Org.Kind.{unit.Kind}"]]));
        }
        return ((unitId, null), errors);
    }

    private async Task<IdentityResult> ClearLockoutAsync(AppUser user)
    {
        // Identity refuses to set an end date on an account without lockout, and such an account has none to clear.
        var result = user.LockoutEnd is null ? IdentityResult.Success : await users.SetLockoutEndDateAsync(user, null);
        return result.Succeeded ? await users.ResetAccessFailedCountAsync(user) : result;
    }

    private Task<AppUser?> FindAsync(long id, CancellationToken ct) => db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);

    private string By(ClaimsPrincipal admin) => l["Users.Audit.By", AdminName(admin)];

    private static string AdminName(ClaimsPrincipal admin) => admin.Identity?.Name ?? "?";

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static UserActionResult.Refused Refused(IdentityResult result) => new(result.Errors.Select(e => e.Description).ToList());

    /// <summary>Identity's errors as form failures: password rules next to the password, name rules next to the name.</summary>
    private static List<ValidationFailure> ToFailures(IdentityResult result, string passwordField) =>
        result.Errors.Select(e => new ValidationFailure(
            e.Code.StartsWith("Password", StringComparison.Ordinal) ? passwordField
            : e.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.InvalidUserName) ? nameof(UserFormModel.UserName)
            : string.Empty,
            e.Description)).ToList();
}

public static class UserAdministrationFeature
{
    public static IServiceCollection AddUserAdministrationFeature(this IServiceCollection services)
    {
        services.AddScoped<UserQueries>();
        services.AddScoped<UserCommands>();
        services.AddSingleton<IValidator<UserFormModel>, UserFormValidator>();
        return services;
    }
}
