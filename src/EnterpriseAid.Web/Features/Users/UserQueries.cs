using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Enterprises;
using EnterpriseAid.Web.Features.Organization;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Users;

public sealed record UserListFilter(string? Q, string? Role, long? OrgUnitId, string? After, string? Before);

public sealed record UserListItem(long Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, string? OrgUnitName,
    string? EnterpriseName, string? PhoneNumber, bool IsDisabled, DateTimeOffset? LockoutEnd, DateTimeOffset? LastSignInAt);

public sealed record UserListPage(IReadOnlyList<UserListItem> Items, int Total, string? NextCursor, string? PreviousCursor);

public sealed record UserDetail(long Id, string UserName, string DisplayName, string? PhoneNumber, IReadOnlyList<string> Roles,
    long? OrgUnitId, string? OrgUnitName, string? EnterpriseUscc, string? EnterpriseName, bool IsDisabled, DateTimeOffset? LockoutEnd,
    int AccessFailedCount, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt, string? ConcurrencyStamp);

/// <summary>One entry of the unit select, indented by its depth in the tree.</summary>
public sealed record OrgUnitOption(long Id, string Name, OrgUnitKind Kind, int Depth)
{
    public string Label => new string('\u3000', Depth) + Name;
}

/// <summary>
/// Read side of user administration: projections, no tracking, keyset paging by user name. Enterprise
/// names are read past the register's scope filter; only administrators reach these pages, and they see all anyway.
/// </summary>
public sealed class UserQueries(AppDbContext db, OrgUnitQueries orgUnits)
{
    public const int PageSize = 20;

    public async Task<UserListPage> ListAsync(UserListFilter filter, CancellationToken ct = default)
    {
        var query = db.Users.AsNoTracking();
        // Hand-edited URLs: PostgreSQL refuses NUL in text.
        var search = new string((filter.Q ?? string.Empty).Where(c => !char.IsControl(c)).Take(100).ToArray()).Trim();
        if (search.Length > 0)
        {
            var upper = search.ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(search));
        }
        if (PortalRoles.IsValid(filter.Role))
        {
            var role = filter.Role!;
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }
        if (filter.OrgUnitId is { } unitId)
        {
            // The unit's subtree: staff of the unit and the units below it, and the enterprise users of enterprises there.
            var path = await db.OrgUnits.AsNoTracking().Where(o => o.Id == unitId).Select(o => o.Path).SingleOrDefaultAsync(ct);
            query = path is null
                ? query.Where(_ => false)
                : query.Where(u => db.OrgUnits.Any(o => o.Id == u.OrgUnitId && o.Path.StartsWith(path))
                    || db.Enterprises.IgnoreQueryFilters().Any(e => e.Id == u.EnterpriseId && db.OrgUnits.Any(o => o.Id == e.TownId && o.Path.StartsWith(path))));
        }

        var total = await query.CountAsync(ct);

        var backwards = false;
        if (Cursor.TryDecode(filter.After, out var after))
        {
            query = query.Where(u => string.Compare(u.UserName, after.Name) > 0 || (u.UserName == after.Name && u.Id > after.Id))
                .OrderBy(u => u.UserName).ThenBy(u => u.Id);
        }
        else if (Cursor.TryDecode(filter.Before, out var before))
        {
            backwards = true;
            query = query.Where(u => string.Compare(u.UserName, before.Name) < 0 || (u.UserName == before.Name && u.Id < before.Id))
                .OrderByDescending(u => u.UserName).ThenByDescending(u => u.Id);
        }
        else
        {
            query = query.OrderBy(u => u.UserName).ThenBy(u => u.Id);
        }

        var rows = await query.Take(PageSize + 1)
            .Select(u => new
            {
                u.Id,
                UserName = u.UserName!,
                u.DisplayName,
                OrgUnitName = db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
                EnterpriseName = db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == u.EnterpriseId).Select(e => e.Name).FirstOrDefault(),
                u.PhoneNumber,
                u.IsDisabled,
                u.LockoutEnd,
                u.LastSignInAt,
            })
            .ToListAsync(ct);

        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        if (backwards) rows.Reverse();

        var roles = await RolesOfAsync(rows.Select(r => r.Id).ToList(), ct);
        var items = rows.Select(r => new UserListItem(r.Id, r.UserName, r.DisplayName, roles[r.Id].ToList(), r.OrgUnitName, r.EnterpriseName,
            r.PhoneNumber, r.IsDisabled, r.LockoutEnd, r.LastSignInAt)).ToList();

        // Going forward, "more" means a next page; going back, it means a previous one.
        var isFirstPage = filter.After is null && filter.Before is null;
        string? next = null, previous = null;
        if (items.Count > 0)
        {
            if (backwards || hasMore) next = Cursor.Encode(items[^1].UserName, items[^1].Id);
            if (backwards ? hasMore : !isFirstPage) previous = Cursor.Encode(items[0].UserName, items[0].Id);
        }
        return new UserListPage(items, total, next, previous);
    }

    public async Task<UserDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new
            {
                User = u,
                OrgUnitName = db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
                Enterprise = db.Enterprises.IgnoreQueryFilters().Where(e => e.Id == u.EnterpriseId).Select(e => new { e.Uscc, e.Name }).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var u = row.User;
        var roles = await RolesOfAsync([id], ct);
        return new UserDetail(u.Id, u.UserName ?? string.Empty, u.DisplayName, u.PhoneNumber, roles[id].ToList(), u.OrgUnitId, row.OrgUnitName,
            row.Enterprise?.Uscc, row.Enterprise?.Name, u.IsDisabled, u.LockoutEnd, u.AccessFailedCount, u.CreatedAt, u.LastSignInAt, u.ConcurrencyStamp);
    }

    /// <summary>Every unit, in the order of the org tree page, for the unit select and the list filter.</summary>
    public async Task<List<OrgUnitOption>> OrgUnitOptionsAsync(CancellationToken ct = default) =>
        (await orgUnits.TreeAsync(ct)).Select(r => new OrgUnitOption(r.Id, r.Name, r.Kind, r.Depth)).ToList();

    /// <summary>Role code names per user, in the catalogue's order.</summary>
    private async Task<ILookup<long, string>> RolesOfAsync(List<long> userIds, CancellationToken ct)
    {
        var pairs = await db.UserRoles.AsNoTracking()
            .Where(ur => userIds.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var order = PortalRoles.All.Select(r => r.Code).ToList();
        return pairs.Where(p => p.Name is not null)
            .OrderBy(p => order.IndexOf(p.Name!) is var i && i < 0 ? int.MaxValue : i)
            .ToLookup(p => p.UserId, p => p.Name!);
    }
}
