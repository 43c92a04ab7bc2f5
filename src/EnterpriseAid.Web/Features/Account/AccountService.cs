using System.Security.Claims;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace EnterpriseAid.Web.Features.Account;

public enum SignInOutcome
{
    SignedIn,
    WrongCredentials,
    LockedOut,
    Disabled,
}

/// <summary>Sign-in, sign-out and password changes, each recorded in the audit log.</summary>
public sealed class AccountService(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, ISecurityAudit audit, TimeProvider clock)
{
    public async Task<SignInOutcome> SignInAsync(string userName, string password)
    {
        var user = await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            // Hash the attempt anyway, so an unknown user name takes as long as a wrong password.
            s_unknownUserHash ??= users.PasswordHasher.HashPassword(new AppUser(), Guid.NewGuid().ToString());
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), s_unknownUserHash, password);
            await audit.RecordAsync(SecurityEvent.SignInFailed, userName.Trim(), null, "unknown user");
            return SignInOutcome.WrongCredentials;
        }
        if (user.IsDisabled)
        {
            await audit.RecordAsync(SecurityEvent.SignInFailed, user.UserName, user.Id, "account disabled");
            return SignInOutcome.Disabled;
        }

        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            await audit.RecordAsync(SecurityEvent.LockedOut, user.UserName, user.Id);
            return SignInOutcome.LockedOut;
        }
        if (!check.Succeeded)
        {
            await audit.RecordAsync(SecurityEvent.SignInFailed, user.UserName, user.Id, "wrong password");
            return SignInOutcome.WrongCredentials;
        }

        var now = clock.GetUtcNow();
        user.LastSignInAt = now;
        await users.UpdateAsync(user);
        // The absolute session lifetime counts from here, however often the cookie slides.
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[PortalClaims.SignedInAt] = now.UtcTicks.ToString();
        await signIn.SignInWithClaimsAsync(user, properties, [new Claim("amr", "pwd")]);
        await audit.RecordAsync(SecurityEvent.SignedIn, user.UserName, user.Id);
        return SignInOutcome.SignedIn;
    }

    /// <summary>A hash of a random password, made once with the configured hasher and its cost.</summary>
    private static string? s_unknownUserHash;

    public async Task SignOutAsync(ClaimsPrincipal principal)
    {
        var id = long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var v) ? v : (long?)null;
        // A new security stamp makes every copy of this account's sign-in cookie worthless on the server,
        // not only the one the browser deletes (the user's other sessions end too).
        if (await users.GetUserAsync(principal) is { } user) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        if (id is not null) await audit.RecordAsync(SecurityEvent.SignedOut, principal.Identity?.Name, id);
    }

    public async Task<IdentityResult> ChangePasswordAsync(ClaimsPrincipal principal, string current, string next)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null) return IdentityResult.Failed(new IdentityError { Description = "账号不存在" });
        var result = await users.ChangePasswordAsync(user, current, next);
        if (result.Succeeded)
        {
            // Keeps this session; other sessions end at their next security-stamp check.
            await signIn.RefreshSignInAsync(user);
            await audit.RecordAsync(SecurityEvent.PasswordChanged, user.UserName, user.Id);
        }
        return result;
    }
}
