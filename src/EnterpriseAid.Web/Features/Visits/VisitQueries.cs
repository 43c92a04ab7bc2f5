using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Enterprises;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Visits;

public sealed record EnterpriseOption(long Id, string Name, string TownName);

public sealed record OfficialOption(long Id, string DisplayName);

public sealed record RecordedVisit(long Id, DateOnly VisitedOn, VisitKind Kind, IReadOnlyList<EnterpriseRef> Enterprises,
    IReadOnlyList<RaisedProblem> Problems);

/// <summary>A problem registered with a visit, as the page after saving lists it.</summary>
public sealed record RaisedProblem(long Id, string Number, string Title, ProblemStatus Status, bool ResolvedOnSpot, string EnterpriseName);

public sealed record MyEnterpriseItem(long Id, string Name, string TownName, string? Role, DateOnly? LastVisitedOn, int VisitsThisQuarter);

public sealed record MyEnterprisePage(IReadOnlyList<MyEnterpriseItem> Items, int Total, bool ByAssignment, string? NextCursor);

/// <summary>
/// Read side of visits. Every enterprise comes through the scoped <see cref="AppDbContext.Enterprises"/>,
/// so nothing here can offer or show an enterprise outside the user's scope.
/// </summary>
public sealed class VisitQueries(AppDbContext db, TimeProvider clock)
{
    public const int SearchLimit = 10;
    public const int PageSize = 20;

    /// <summary>In-scope enterprises whose name contains, or whose code starts with, the text typed.</summary>
    public async Task<List<EnterpriseOption>> SearchEnterprisesAsync(string? q, CancellationToken ct = default)
    {
        var search = new string((q ?? string.Empty).Where(c => !char.IsControl(c)).Take(100).ToArray()).Trim();
        if (search.Length == 0) return [];
        var upper = search.ToUpperInvariant();
        return await OptionsAsync(db.Enterprises.AsNoTracking().Where(e => e.Name.Contains(search) || e.Uscc.StartsWith(upper)), SearchLimit, ct);
    }

    /// <summary>The given enterprises, as far as the user may see them.</summary>
    public async Task<List<EnterpriseOption>> EnterprisesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var list = ids.ToList();
        return await OptionsAsync(db.Enterprises.AsNoTracking().Where(e => list.Contains(e.Id)), Visit.MaxEnterprises, ct);
    }

    public async Task<EnterpriseOption?> FindByUsccAsync(string uscc, CancellationToken ct = default)
    {
        var code = uscc.Trim().ToUpperInvariant();
        return (await OptionsAsync(db.Enterprises.AsNoTracking().Where(e => e.Uscc == code), 1, ct)).SingleOrDefault();
    }

    /// <summary>The first enterprises by (name, id), with their town.</summary>
    private async Task<List<EnterpriseOption>> OptionsAsync(IQueryable<Enterprise> enterprises, int limit, CancellationToken ct)
    {
        var rows = await enterprises.OrderBy(e => e.Name).ThenBy(e => e.Id).Take(limit)
            .Join(db.OrgUnits, e => e.TownId, o => o.Id, (e, o) => new EnterpriseOption(e.Id, e.Name, o.Name))
            .ToListAsync(ct);
        return rows.OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id).ToList();
    }

    /// <summary>Who may be ticked as present: the user and the active users of the user's own unit.</summary>
    public async Task<List<OfficialOption>> OfficialsAsync(long userId, long? orgUnitId, CancellationToken ct = default)
    {
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId || (orgUnitId != null && u.OrgUnitId == orgUnitId && !u.IsDisabled && u.EnterpriseId == null))
            .OrderBy(u => u.Id == userId ? 0 : 1).ThenBy(u => u.DisplayName).ThenBy(u => u.Id)
            .Take(100)
            .Select(u => new OfficialOption(u.Id, u.DisplayName))
            .ToListAsync(ct);
        return rows;
    }

    /// <summary>
    /// The first inspections (not those that joined another) of these enterprises on that day, with
    /// who recorded them and when. Read past the scope filter: the rule holds for the enterprise,
    /// whoever inspected it; the caller has already checked the enterprises are in scope.
    /// </summary>
    public async Task<List<ExistingInspection>> SameDayInspectionsAsync(DateOnly on, IReadOnlyCollection<long> enterpriseIds, CancellationToken ct = default)
    {
        var ids = enterpriseIds.ToList();
        var rows = await db.Visits.IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.VisitedOn == on && v.Kind == VisitKind.Inspection && v.JoinsInspectionId == null
                        && v.EnterpriseIds.Any(id => ids.Contains(id)))
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id)
            .Select(v => new
            {
                v.Id, v.EnterpriseIds, v.CreatedAt,
                RecordedBy = db.Users.Where(u => u.Id == v.RecordedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var names = await db.Enterprises.IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new { e.Id, e.Name }).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        return rows.SelectMany(v => v.EnterpriseIds.Where(ids.Contains).Select(eid =>
                new ExistingInspection(v.Id, eid, names.GetValueOrDefault(eid, string.Empty), on, v.RecordedBy ?? string.Empty, v.CreatedAt)))
            .ToList();
    }

    /// <summary>A recorded visit as the user may see it (the success page after saving).</summary>
    public async Task<RecordedVisit?> VisitAsync(long id, CancellationToken ct = default)
    {
        var visit = await db.Visits.AsNoTracking().Where(v => v.Id == id)
            .Select(v => new { v.Id, v.VisitedOn, v.Kind, v.EnterpriseIds }).SingleOrDefaultAsync(ct);
        if (visit is null) return null;
        var ids = visit.EnterpriseIds.ToList();
        var enterprises = await db.Enterprises.AsNoTracking().Where(e => ids.Contains(e.Id))
            .OrderBy(e => e.Name).Select(e => new EnterpriseRef(e.Id, e.Name)).ToListAsync(ct);
        var problems = await db.Problems.AsNoTracking().Where(p => p.VisitId == id).OrderBy(p => p.Number)
            .Select(p => new { p.Id, p.Number, p.Title, p.Status, p.ResolvedOnSpot, p.EnterpriseId })
            .ToListAsync(ct);
        var names = enterprises.ToDictionary(e => e.Id, e => e.Name);
        return new RecordedVisit(visit.Id, visit.VisitedOn, visit.Kind, enterprises,
            problems.Select(p => new RaisedProblem(p.Id, p.Number, p.Title, p.Status, p.ResolvedOnSpot, names.GetValueOrDefault(p.EnterpriseId, ""))).ToList());
    }

    /// <summary>
    /// 我的企业: the enterprises assigned to the user as leader or liaison today; a user with no such
    /// assignment sees the enterprises of their scope (a town official's own town). Keyset paging by (name, id).
    /// </summary>
    public async Task<MyEnterprisePage> MyEnterprisesAsync(long userId, string? after, CancellationToken ct = default)
    {
        var today = VisitClock.Today(clock);
        var quarterStart = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        var assignments = db.Assignments.AsNoTracking()
            .Where(a => a.UserId == userId && (a.Role == AssignmentRoles.Leader || a.Role == AssignmentRoles.Liaison)
                        && a.StartsOn <= today && (a.EndsOn == null || a.EndsOn >= today));
        var byAssignment = await assignments.AnyAsync(ct);

        var scope = db.Scope;
        IQueryable<Enterprise> query = db.Enterprises.AsNoTracking();
        if (byAssignment) query = query.Where(e => assignments.Any(a => a.EnterpriseId == e.Id));
        else if (!scope.SeesAll && scope.RegionPath is null) query = query.Where(_ => false);

        var total = await query.CountAsync(ct);
        if (Cursor.TryDecode(after, out var c))
            query = query.Where(e => string.Compare(e.Name, c.Name) > 0 || (e.Name == c.Name && e.Id > c.Id));

        var rows = await query.OrderBy(e => e.Name).ThenBy(e => e.Id).Take(PageSize + 1)
            .Select(e => new
            {
                e.Id, e.Name,
                TownName = db.OrgUnits.Where(o => o.Id == e.TownId).Select(o => o.Name).FirstOrDefault(),
                Roles = assignments.Where(a => a.EnterpriseId == e.Id).Select(a => a.Role).ToList(),
                // A visit's per-enterprise rows (V0014): one per visit of this enterprise, read by (enterprise_id, visited_on).
                LastVisitedOn = db.VisitEnterprises.Where(v => v.EnterpriseId == e.Id).Max(v => (DateOnly?)v.VisitedOn),
                VisitsThisQuarter = db.VisitEnterprises.Count(v => v.EnterpriseId == e.Id && v.VisitedOn >= quarterStart && v.VisitedOn <= today),
            })
            .ToListAsync(ct);
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        var items = rows.Select(r => new MyEnterpriseItem(r.Id, r.Name, r.TownName ?? string.Empty,
                r.Roles.Count == 0 ? null : string.Join("、", r.Roles.Distinct().Select(code => Catalog.Find(AssignmentRoles.All, code)?.Name() ?? code)),
                r.LastVisitedOn, r.VisitsThisQuarter))
            .ToList();
        return new MyEnterprisePage(items, total, byAssignment, hasMore && items.Count > 0 ? Cursor.Encode(items[^1].Name, items[^1].Id) : null);
    }
}
