using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using EnterpriseAid.Infrastructure.Api;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EnterpriseAid.Web.Features.Api;

public static class ApiClaims
{
    public const string ClientId = "ea:api_client_id";
    public const string KeyPrefix = "ea:api_key_prefix";
    public const string CanWrite = "ea:api_can_write";
}

/// <summary>
/// The "ApiKey" scheme of /api/v1 (ADR-028): <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key</c>. The principal
/// carries the client's region path in the same claim a user's cookie does, so <see cref="UserDataScopeProvider"/> gives it
/// a region scope and the same EF query filters decide what it sees. Only the API policies name this scheme: pages
/// authenticate by cookie alone and the API by key alone.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<AppDbContext> contexts, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    /// <summary>last_used_at is written at most this often per client, not on every call.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null) return AuthenticateResult.NoResult();
        if (ApiClient.PrefixOf(key) is not { } prefix) return AuthenticateResult.Fail("malformed key");

        await using var db = await contexts.CreateDbContextAsync(Context.RequestAborted);
        var row = await db.ApiClients.AsNoTracking().Where(c => c.KeyPrefix == prefix)
            .Join(db.OrgUnits, c => c.RegionId, o => o.Id, (c, o) => new { Client = c, o.Path, o.Kind })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (row is null || !row.Client.Matches(key)) return AuthenticateResult.Fail("unknown key");
        var client = row.Client;
        Context.Items[ApiClaims.KeyPrefix] = client.KeyPrefix;
        if (client.IsRevoked) return AuthenticateResult.Fail("revoked key");

        var now = clock.GetUtcNow();
        if (client.LastUsedAt is not { } last || now - last > LastUsedResolution)
        {
            // Not through SaveChanges: a timestamp of use is not a change of the record worth an audit row (the call has its own).
            await db.ApiClients.Where(c => c.Id == client.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAt, now), Context.RequestAborted);
        }

        var id = client.Id.ToString(CultureInfo.InvariantCulture);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, client.UserId.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, client.Name),
            new Claim(PortalClaims.DisplayName, client.Name),
            new Claim(PortalClaims.OrgUnitId, client.RegionId.ToString(CultureInfo.InvariantCulture)),
            new Claim(PortalClaims.OrgPath, row.Path),
            new Claim(PortalClaims.OrgKind, row.Kind.ToString()),
            new Claim(ApiClaims.ClientId, id),
            new Claim(ApiClaims.KeyPrefix, client.KeyPrefix),
            new Claim(ApiClaims.CanWrite, client.CanWrite ? "true" : "false"),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "未通过认证",
            "缺少API密钥，或密钥无效、已吊销。请在 Authorization: Bearer 或 X-Api-Key 请求头中提供有效的密钥。");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "无权执行此操作", "该API密钥为只读密钥，不能写入。");

    /// <summary>The key from <c>Authorization: Bearer</c> or <c>X-Api-Key</c>, if the request carries one.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim();
        var header = request.Headers[HeaderName].ToString().Trim();
        return header.Length > 0 ? header : null;
    }
}

public static class ApiAuthentication
{
    public const string ReadPolicy = "api.read";
    public const string WritePolicy = "api.write";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireClaim(ApiClaims.ClientId))
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireClaim(ApiClaims.ClientId).RequireClaim(ApiClaims.CanWrite, "true"));
        return services;
    }

    /// <summary>The calling client's id, for an API principal.</summary>
    public static long? ClientId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(ApiClaims.ClientId), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
}
