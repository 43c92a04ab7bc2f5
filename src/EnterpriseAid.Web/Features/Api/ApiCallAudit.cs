using System.Globalization;
using System.Security.Claims;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Api;

/// <summary>
/// Writes one audit row per call of /api/v1, refused ones included (ADR-028): the client (or the key prefix that was
/// tried), the method and endpoint, the status and the problem concerned. It also keeps the portal's HTML status pages
/// away from API responses, which are JSON problem documents.
/// </summary>
public sealed class ApiCallAudit(RequestDelegate next, IDbContextFactory<AppDbContext> contexts, IAuditActorAccessor actors, TimeProvider clock,
    ILogger<ApiCallAudit> logger)
{
    public const string EntityType = "ApiClient";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            await RecordAsync(context, failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode);
        }
    }

    private async Task RecordAsync(HttpContext context, int status)
    {
        try
        {
            var user = context.User;
            var clientId = user.ClientId();
            var actor = actors.Current;
            var problem = context.Items.TryGetValue(ApiProblemService.ProblemIdItem, out var p) && p is long id ? $" problem={id}" : "";
            var key = clientId is null && context.Items.TryGetValue(ApiClaims.KeyPrefix, out var k) ? $" key={k}" : "";
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            db.AuditEntries.Add(new AuditEntry
            {
                OccurredAt = clock.GetUtcNow(),
                UserId = clientId is null ? null : actor.UserId,
                UserName = clientId is null ? null : AuditEntry.Fit(user.FindFirstValue(ClaimTypes.Name), AuditEntry.UserNameMaxLength),
                IpAddress = AuditEntry.Fit(actor.IpAddress, AuditEntry.IpAddressMaxLength),
                Action = nameof(SecurityEvent.ApiCall),
                EntityType = EntityType,
                EntityId = clientId?.ToString(CultureInfo.InvariantCulture),
                Detail = AuditEntry.Fit($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} → {status}{problem}{key}",
                    AuditEntry.DetailMaxLength),
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            logger.LogError(ex, "The audit row of API call {Method} {Path} ({Status}) could not be written", context.Request.Method, context.Request.Path, status);
        }
    }
}
