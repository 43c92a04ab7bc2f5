using System.Security.Claims;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EnterpriseAid.Web.Hosting;

public static class PortalClaims
{
    public const string DisplayName = "ea:display_name";
    public const string OrgUnitId = "ea:org_unit_id";
    public const string OrgPath = "ea:org_path";
    public const string OrgKind = "ea:org_kind";
    public const string EnterpriseId = "ea:enterprise_id";
    /// <summary>Authentication property holding when the user typed the password (UTC ticks).</summary>
    public const string SignedInAt = "ea:signed_in_at";
}

public static class Authentication
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, IWebHostEnvironment environment)
    {
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<AppRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddPasswordValidator<CharacterClassPasswordValidator>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>();

        // A disabled account's sessions end at the next check, at most a minute later.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ea.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/status/403";
            o.ReturnUrlParameter = "returnUrl";
            // A signed-in user without the role gets a 403 page, not a redirect to a login they already did.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                if (context.Properties.Items.TryGetValue(PortalClaims.SignedInAt, out var ticks)
                    && long.TryParse(ticks, out var t)
                    && (context.Options.TimeProvider ?? TimeProvider.System).GetUtcNow() - new DateTimeOffset(t, TimeSpan.Zero) > AbsoluteLifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                try
                {
                    // Signing out, a password change or disabling the account changes the security stamp: a copy of
                    // the old cookie is refused from the next request on, not only at the next full check a minute later.
                    if (!await StampIsCurrentAsync(context))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    await SecurityStampValidator.ValidatePrincipalAsync(context);
                }
                catch (Exception ex) when (DatabaseUnavailable.IsCause(ex))
                {
                    // The stamp cannot be checked while the database is away. Throwing here would fail the
                    // status page too (a bare 500); keeping the principal for this one request lets the page
                    // answer the friendly 503, and the check runs again on the next request.
                }
            };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddHttpContextAccessor();
        services.AddScoped<IDataScopeProvider, UserDataScopeProvider>();
        return services;
    }

    /// <summary>
    /// One primary-key read a request: the cookie's security stamp is still the account's. The full
    /// validator (which also reloads roles and claims) keeps its one-minute interval.
    /// </summary>
    private static async Task<bool> StampIsCurrentAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return false;
        var claimType = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var stamp = principal.FindFirstValue(claimType);
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        var current = await CurrentStamp(db, id, context.HttpContext.RequestAborted);
        return current is not null && current == stamp;
    }

    /// <summary>The account's security stamp, as a compiled query: it runs on every signed-in request.</summary>
    private static readonly Func<AppDbContext, long, CancellationToken, Task<string?>> CurrentStamp =
        EF.CompileAsyncQuery((AppDbContext db, long id, CancellationToken ct) =>
            db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleOrDefault());
}

/// <summary>Adds the org unit (with its tree path) or the enterprise to the sign-in cookie.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<AppRole> roles, IOptions<IdentityOptions> options, AppDbContext db)
    : UserClaimsPrincipalFactory<AppUser, AppRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.OrgUnitId is { } orgUnitId)
        {
            var unit = await db.OrgUnits.AsNoTracking().Where(o => o.Id == orgUnitId)
                .Select(o => new { o.Path, o.Kind }).SingleAsync();
            identity.AddClaim(new Claim(PortalClaims.OrgUnitId, orgUnitId.ToString()));
            identity.AddClaim(new Claim(PortalClaims.OrgPath, unit.Path));
            identity.AddClaim(new Claim(PortalClaims.OrgKind, unit.Kind.ToString()));
        }
        if (user.EnterpriseId is { } enterpriseId)
        {
            identity.AddClaim(new Claim(PortalClaims.EnterpriseId, enterpriseId.ToString()));
        }
        return identity;
    }
}

/// <summary>
/// The one place that turns who the user is into what they may see. Administrators and city-level
/// staff see everything; region staff their subtree; department users their department's work;
/// enterprise users their own enterprise; anyone else nothing.
/// </summary>
public sealed class UserDataScopeProvider(IHttpContextAccessor http) : IDataScopeProvider
{
    private ClaimsPrincipal? _user;
    private DataScope _scope = DataScope.Nothing;

    // Read once per query; recomputed only when the request's user changes (e.g. after sign-in).
    public DataScope Current
    {
        get
        {
            var user = http.HttpContext?.User;
            if (!ReferenceEquals(user, _user))
            {
                _scope = For(user);
                _user = user;
            }
            return _scope;
        }
    }

    public static DataScope For(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return DataScope.Nothing;
        if (user.IsInRole(PortalRoles.Administrator)) return DataScope.Everything;
        // An API key (ADR-028) sees the subtree of the org unit it was issued for, like a region user.
        if (user.HasClaim(c => c.Type == Features.Api.ApiClaims.ClientId))
            return user.FindFirstValue(PortalClaims.OrgPath) is { } apiRegion ? DataScope.Region(apiRegion) : DataScope.Nothing;

        var path = user.FindFirstValue(PortalClaims.OrgPath);
        var kind = Enum.TryParse<OrgUnitKind>(user.FindFirstValue(PortalClaims.OrgKind), out var k) ? k : (OrgUnitKind?)null;
        var orgUnitId = long.TryParse(user.FindFirstValue(PortalClaims.OrgUnitId), out var o) ? o : (long?)null;

        if (user.IsInRole(PortalRoles.Supervisor) || user.IsInRole(PortalRoles.Dispatcher) || user.IsInRole(PortalRoles.Official))
        {
            if (kind == OrgUnitKind.City) return DataScope.Everything;
            if (kind is not null and not OrgUnitKind.Department && path is not null) return DataScope.Region(path);
            if (kind == OrgUnitKind.Department && orgUnitId is not null) return DataScope.Department(orgUnitId.Value);
        }
        if (user.IsInRole(PortalRoles.DepartmentHandler) && orgUnitId is not null) return DataScope.Department(orgUnitId.Value);
        if (user.IsInRole(PortalRoles.Enterprise) && long.TryParse(user.FindFirstValue(PortalClaims.EnterpriseId), out var e))
            return DataScope.OfEnterprise(e);
        return DataScope.Nothing;
    }
}

/// <summary>At least three of: lower case, upper case, digits, other characters.</summary>
public sealed class CharacterClassPasswordValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        password ??= string.Empty;
        var classes = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0)
            + (password.Any(char.IsDigit) ? 1 : 0) + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        var errors = new List<IdentityError>();
        if (classes < 3)
            errors.Add(new IdentityError { Code = "PasswordClasses", Description = "密码须包含大写字母、小写字母、数字、符号中的至少三类" });
        if (user.UserName is { Length: > 0 } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            errors.Add(new IdentityError { Code = "PasswordContainsUserName", Description = "密码不能包含用户名" });
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}

public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码长度不能少于{length}位" };
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"密码至少包含{uniqueChars}个不同的字符" };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = "当前密码不正确" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名“{userName}”已被使用" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = "用户名只能包含字母、数字和 - . _" };
    public override IdentityError ConcurrencyFailure() => new() { Code = nameof(ConcurrencyFailure), Description = "该账号已被他人更新，请刷新后重试" };
    public override IdentityError UserAlreadyInRole(string role) => new() { Code = nameof(UserAlreadyInRole), Description = "用户已拥有该角色" };
    public override IdentityError UserNotInRole(string role) => new() { Code = nameof(UserNotInRole), Description = "用户没有该角色" };
    public override IdentityError DefaultError() => new() { Code = nameof(DefaultError), Description = "操作未成功，请稍后重试" };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = "链接已失效，请重新操作" };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "该账号未启用锁定" };
}
