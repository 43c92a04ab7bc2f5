using System.Globalization;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Api;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Api;

public sealed class ApiClientFormModel
{
    public string? Name { get; set; }
    public string? RegionId { get; set; }
    /// <summary>"read" or "write".</summary>
    public string? Access { get; set; } = ApiClientCommands.ReadAccess;
}

public sealed record ApiClientRow(long Id, string Name, string KeyPrefix, string RegionName, bool CanWrite, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, uint Version);

public sealed record RegionChoice(long Id, string Name, int Depth);

public abstract record ApiClientIssueResult
{
    public sealed record Issued(string Key, string Name) : ApiClientIssueResult;
    public sealed record Invalid(IReadOnlyList<ValidationFailure> Errors) : ApiClientIssueResult;
}

/// <summary>
/// 接口密钥 (administrators): issuing a key (shown once; only its hash is kept) for a region and read or read/write access,
/// and revoking it, which the next call notices. Both are EF changes, so the audit log records them.
/// </summary>
public sealed class ApiClientCommands(AppDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public const string ReadAccess = "read";
    public const string WriteAccess = "write";

    public Task<List<ApiClientRow>> ListAsync(CancellationToken ct = default) =>
        db.ApiClients.AsNoTracking()
            .Join(db.OrgUnits, c => c.RegionId, o => o.Id, (c, o) => new { c, o.Name })
            .OrderBy(x => x.c.RevokedAt != null).ThenByDescending(x => x.c.Id)
            .Select(x => new ApiClientRow(x.c.Id, x.c.Name, x.c.KeyPrefix, x.Name, x.c.CanWrite, x.c.CreatedAt, x.c.RevokedAt, x.c.LastUsedAt, x.c.Version))
            .ToListAsync(ct);

    /// <summary>The regions a key can be scoped to (not departments), in tree order.</summary>
    public async Task<List<RegionChoice>> RegionsAsync(CancellationToken ct = default)
    {
        var units = await db.OrgUnits.AsNoTracking().Where(o => o.Kind != OrgUnitKind.Department)
            .Select(o => new { o.Id, o.Name, o.Path, o.SortOrder }).ToListAsync(ct);
        return units.OrderBy(u => u.Path, StringComparer.Ordinal)
            .Select(u => new RegionChoice(u.Id, u.Name, u.Path.Count(c => c == '/') - 2)).ToList();
    }

    public async Task<ApiClientIssueResult> IssueAsync(ApiClientFormModel form, CancellationToken ct = default)
    {
        var errors = new List<ValidationFailure>();
        var name = form.Name?.Trim() ?? string.Empty;
        if (name.Length == 0) errors.Add(new(nameof(form.Name), "请填写调用方名称"));
        else if (name.Length > ApiClient.NameMaxLength) errors.Add(new(nameof(form.Name), $"名称不能超过{ApiClient.NameMaxLength}个字"));
        OrgUnit? region = null;
        if (long.TryParse(form.RegionId, NumberStyles.None, CultureInfo.InvariantCulture, out var regionId))
            region = await db.OrgUnits.SingleOrDefaultAsync(o => o.Id == regionId && o.Kind != OrgUnitKind.Department, ct);
        if (region is null) errors.Add(new(nameof(form.RegionId), "请选择密钥可访问的区域"));
        if (form.Access is not (ReadAccess or WriteAccess)) errors.Add(new(nameof(form.Access), "请选择只读或读写"));
        if (errors.Count > 0) return new ApiClientIssueResult.Invalid(errors);

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The account the client acts through: no password and disabled, so it can never sign in to the portal.
        var account = new AppUser
        {
            UserName = "api-" + Guid.NewGuid().ToString("N")[..12],
            DisplayName = name.Length > AppUser.DisplayNameMaxLength ? name[..AppUser.DisplayNameMaxLength] : name,
            OrgUnitId = region!.Id, IsDisabled = true, CreatedAt = now, LockoutEnabled = true,
        };
        var created = await users.CreateAsync(account);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        var (client, key) = ApiClient.Issue(name, region.Id, form.Access == WriteAccess, account.Id, now);
        db.ApiClients.Add(client);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ApiClientIssueResult.Issued(key, name);
    }

    /// <summary>Revokes a key; false when someone changed it since the page was shown (or it does not exist).</summary>
    public async Task<bool> RevokeAsync(long id, uint version, CancellationToken ct = default)
    {
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null || client.Version != version) return false;
        client.Revoke(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
