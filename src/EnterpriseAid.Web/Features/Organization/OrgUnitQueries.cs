using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Organization;

/// <summary>One line of the tree page, in display order; <see cref="Depth"/> 0 is a root.</summary>
public sealed record OrgUnitTreeRow(long Id, string Code, string Name, OrgUnitKind Kind, int Depth, int Children, int Enterprises)
{
    public bool CanHaveChildren => OrgUnit.KindsAllowedUnder(Kind).Count > 0;
    public bool IsTownLevel => Kind is OrgUnitKind.Town or OrgUnitKind.Street;
}

public sealed record OrgUnitDetail(long Id, string Code, string Name, OrgUnitKind Kind, int SortOrder, uint Version, OrgUnitParent? Parent);

public sealed record OrgUnitParent(long Id, string Name, OrgUnitKind Kind);

public sealed record OrgUnitRef(long Id, string Name);

/// <summary>What still hangs on a unit; any of it keeps the unit from being deleted.</summary>
public sealed record OrgUnitDependents(int Children, int Enterprises, int Users)
{
    public bool Any => Children > 0 || Enterprises > 0 || Users > 0;
}

/// <summary>
/// Read side of the org tree. The tree is not scoped: every signed-in member of staff may see the whole
/// of it. Enterprise counts deliberately ignore the register's scope filter: these pages are for
/// administrators, and a unit must not look empty (deletable) merely because the viewer cannot see its enterprises.
/// </summary>
public sealed class OrgUnitQueries(AppDbContext db)
{
    public async Task<List<OrgUnitTreeRow>> TreeAsync(CancellationToken ct = default)
    {
        var units = await db.OrgUnits.AsNoTracking()
            .OrderBy(o => o.Kind == OrgUnitKind.Department).ThenBy(o => o.SortOrder).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Select(o => new { o.Id, o.Code, o.Name, o.Kind, o.ParentId })
            .ToListAsync(ct);
        var enterprises = await db.Enterprises.IgnoreQueryFilters()
            .GroupBy(e => e.TownId)
            .Select(g => new { TownId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.TownId, g => g.Count, ct);

        // The query's order holds within each parent's children, so walking down from the roots gives the display order.
        var byParent = units.ToLookup(u => u.ParentId);
        var rows = new List<OrgUnitTreeRow>(units.Count);
        Walk(null, 0);
        return rows;

        void Walk(long? parentId, int depth)
        {
            foreach (var u in byParent[parentId])
            {
                rows.Add(new OrgUnitTreeRow(u.Id, u.Code, u.Name, u.Kind, depth, byParent[u.Id].Count(), enterprises.GetValueOrDefault(u.Id)));
                Walk(u.Id, depth + 1);
            }
        }
    }

    public Task<OrgUnitDetail?> DetailAsync(long id, CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new OrgUnitDetail(o.Id, o.Code, o.Name, o.Kind, o.SortOrder, o.Version,
                db.OrgUnits.Where(p => p.Id == o.ParentId).Select(p => new OrgUnitParent(p.Id, p.Name, p.Kind)).SingleOrDefault()))
            .SingleOrDefaultAsync(ct);

    public Task<OrgUnitParent?> ParentAsync(long id, CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new OrgUnitParent(o.Id, o.Name, o.Kind))
            .SingleOrDefaultAsync(ct);

    /// <summary>Codes are compared without regard to case, so "xh-t01" cannot sit beside "XH-T01".</summary>
    public Task<OrgUnitRef?> FindByCodeAsync(string code, long? exceptId = null, CancellationToken ct = default)
    {
        var upper = code.Trim().ToUpperInvariant();
        return db.OrgUnits.AsNoTracking()
            .Where(o => o.Code.ToUpper() == upper && o.Id != exceptId)
            .OrderBy(o => o.Id)
            .Select(o => new OrgUnitRef(o.Id, o.Name))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>The sort order a new child gets by default: ten past its last sibling, leaving room in between.</summary>
    public async Task<int> NextSortOrderAsync(long? parentId, CancellationToken ct = default)
    {
        var max = await db.OrgUnits.Where(o => o.ParentId == parentId).MaxAsync(o => (int?)o.SortOrder, ct) ?? 0;
        return Math.Min(max + 10, OrgUnit.SortOrderMax);
    }

    public async Task<OrgUnitDependents> DependentsAsync(long id, CancellationToken ct = default) => new(
        await db.OrgUnits.CountAsync(o => o.ParentId == id, ct),
        await db.Enterprises.IgnoreQueryFilters().CountAsync(e => e.TownId == id, ct),
        await db.Users.IgnoreQueryFilters().CountAsync(u => u.OrgUnitId == id, ct));
}
