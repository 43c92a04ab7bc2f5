using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Assignments;

public sealed record AssignmentRow(long Id, string Role, long? UserId, long? OrgUnitId, string HolderName, string? HolderUnit,
    DateOnly StartsOn, DateOnly? EndsOn, string? Note, DateTimeOffset CreatedAt, uint Version)
{
    public string RoleName => Catalog.Find(AssignmentRoles.All, Role)?.Name() ?? Role;
    /// <summary>Holds today or later: active now, or planned.</summary>
    public bool IsCurrent(DateOnly today) => EndsOn is null || EndsOn >= today;
    public bool IsPlanned(DateOnly today) => StartsOn > today;
    public bool EnteredOn(DateOnly today) => ChinaTime.DateOf(CreatedAt) == today;
}

public sealed record EnterpriseAssignments(long EnterpriseId, string Name, string Uscc, long TownId, string TownName,
    IReadOnlyList<AssignmentRow> Rows);

public sealed record OfficialOption(long Id, string DisplayName, string? UnitName);

public sealed record UnitOption(long Id, string Name);

/// <summary>An in-scope enterprise as the bulk form lists it, with who covers it today.</summary>
/// <summary>An enterprise with its town and who covers it today (the bulk form's candidates, the coverage view's gaps).</summary>
public sealed record CoveredEnterprise(long Id, string Name, string TownName, string ScaleClass, string? Leader, IReadOnlyList<string> Liaisons);

public sealed record BulkFilter(long? TownId, string? Scale, string? Q, string? Missing);

/// <summary>
/// Read side of 包联. Enterprises and assignments come through the scoped sets of
/// <see cref="AppDbContext"/>; officials and units, which have no query filter, are limited to the
/// user's scope here (<see cref="OfficialsInScope"/>, <see cref="DepartmentsInScope"/>).
/// </summary>
public sealed class AssignmentQueries(AppDbContext db, TimeProvider clock)
{
    public const int OfficialLimit = 12;

    /// <summary>People's names are listed in pinyin order, as the register lists enterprises.</summary>
    public const string PinyinCollation = Infrastructure.Persistence.Configurations.EnterpriseConfiguration.ChineseCollation;

    public static readonly string[] RoleOrder = [AssignmentRoles.Leader, AssignmentRoles.Liaison, AssignmentRoles.Department, AssignmentRoles.TownOffice];

    /// <summary>An enterprise with every assignment it has had, or null when it is missing or outside the user's scope.</summary>
    public async Task<EnterpriseAssignments?> EnterpriseAsync(long enterpriseId, CancellationToken ct = default)
    {
        var e = await db.Enterprises.AsNoTracking().Where(x => x.Id == enterpriseId)
            .Select(x => new
            {
                x.Id, x.Name, x.Uscc, x.TownId,
                TownName = db.OrgUnits.Where(o => o.Id == x.TownId).Select(o => o.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (e is null) return null;

        var rows = await db.Assignments.AsNoTracking().Where(a => a.EnterpriseId == enterpriseId)
            .Select(a => new
            {
                a.Id, a.Role, a.UserId, a.OrgUnitId, a.StartsOn, a.EndsOn, a.Note, a.CreatedAt, a.Version,
                Person = db.Users.Where(u => u.Id == a.UserId).Select(u => new
                {
                    u.DisplayName,
                    Unit = db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
                }).FirstOrDefault(),
                UnitName = db.OrgUnits.Where(o => o.Id == a.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var list = rows
            .Select(r => new AssignmentRow(r.Id, r.Role, r.UserId, r.OrgUnitId,
                r.Person?.DisplayName ?? r.UnitName ?? string.Empty, r.Person?.Unit, r.StartsOn, r.EndsOn, r.Note, r.CreatedAt, r.Version))
            .OrderBy(r => Array.IndexOf(RoleOrder, r.Role)).ThenByDescending(r => r.StartsOn).ThenBy(r => r.Id)
            .ToList();
        return new EnterpriseAssignments(e.Id, e.Name, e.Uscc, e.TownId, e.TownName ?? string.Empty, list);
    }

    /// <summary>
    /// Active staff with the Official or Supervisor role whose unit lies in the user's scope: the
    /// region's subtree, the user's own department, or everyone for administrators and city staff.
    /// </summary>
    public IQueryable<AppUser> OfficialsInScope(bool includeDisabled = false)
    {
        var staff = db.Users.AsNoTracking().Where(u => u.OrgUnitId != null && u.EnterpriseId == null
            && (includeDisabled || !u.IsDisabled)
            && db.UserRoles.Any(ur => ur.UserId == u.Id
                && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == PortalRoles.Official || r.Name == PortalRoles.Supervisor))));
        var scope = db.Scope;
        if (scope.SeesAll) return staff;
        if (scope.RegionPath is { } path) return staff.Where(u => db.OrgUnits.Any(o => o.Id == u.OrgUnitId && o.Path.StartsWith(path)));
        if (scope.DepartmentId is { } department) return staff.Where(u => u.OrgUnitId == department);
        return staff.Where(_ => false);
    }

    /// <summary>Departments the user may name as 行业主管单位.</summary>
    public IQueryable<OrgUnit> DepartmentsInScope()
    {
        var departments = db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Department);
        var scope = db.Scope;
        if (scope.SeesAll) return departments;
        if (scope.RegionPath is { } path) return departments.Where(o => o.Path.StartsWith(path));
        if (scope.DepartmentId is { } department) return departments.Where(o => o.Id == department);
        return departments.Where(_ => false);
    }

    /// <summary>
    /// The official picker: officials whose name, user name or unit matches what was typed, those of
    /// <paramref name="preferUnitId"/> first, then by name; at most <see cref="OfficialLimit"/>.
    /// </summary>
    public async Task<List<OfficialOption>> SearchOfficialsAsync(string? q, long? preferUnitId, CancellationToken ct = default)
    {
        var search = Clean(q);
        var query = OfficialsInScope();
        if (search.Length > 0)
        {
            var upper = search.ToUpperInvariant();
            query = query.Where(u => u.DisplayName.Contains(search) || u.NormalizedUserName!.StartsWith(upper)
                                     || db.OrgUnits.Any(o => o.Id == u.OrgUnitId && o.Name.Contains(search)));
        }
        return await query
            .OrderBy(u => u.OrgUnitId == preferUnitId ? 0 : 1).ThenBy(u => EF.Functions.Collate(u.DisplayName, PinyinCollation)).ThenBy(u => u.Id)
            .Take(OfficialLimit)
            .Select(u => new OfficialOption(u.Id, u.DisplayName, db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault()))
            .ToListAsync(ct);
    }

    /// <summary>One official, if the user may assign them.</summary>
    public Task<OfficialOption?> OfficialAsync(long? id, CancellationToken ct = default) =>
        id is null
            ? Task.FromResult<OfficialOption?>(null)
            : OfficialsInScope().Where(u => u.Id == id)
                .Select(u => new OfficialOption(u.Id, u.DisplayName, db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault()))
                .SingleOrDefaultAsync(ct);

    public Task<List<UnitOption>> DepartmentsAsync(CancellationToken ct = default) =>
        DepartmentsInScope().OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new UnitOption(o.Id, o.Name)).ToListAsync(ct);

    /// <summary>The enterprises the bulk form offers: in scope, filtered, by name, at most <see cref="BulkAssignmentFormModel.MaxEnterprises"/>.</summary>
    public async Task<(List<CoveredEnterprise> Items, int Total)> BulkCandidatesAsync(BulkFilter filter, CancellationToken ct = default)
    {
        var today = AssignmentInput.Today(clock);
        var active = ActiveOn(today);
        var query = db.Enterprises.AsNoTracking();
        if (filter.TownId is { } town) query = query.Where(e => e.TownId == town);
        if (Domain.Enterprises.ScaleClasses.IsValid(filter.Scale)) query = query.Where(e => e.ScaleClass == filter.Scale);
        var search = Clean(filter.Q);
        if (search.Length > 0)
        {
            var upper = search.ToUpperInvariant();
            query = query.Where(e => e.Name.Contains(search) || e.Uscc.StartsWith(upper));
        }
        query = CoverageQueries.Missing(query, TermsOn(today), filter.Missing);

        var total = await query.CountAsync(ct);
        var rows = await CoveredAsync(query.OrderBy(e => e.Name).ThenBy(e => e.Id).Take(BulkAssignmentFormModel.MaxEnterprises), active, ct);
        return (rows, total);
    }

    /// <summary>The enterprises of <paramref name="enterprises"/> (already ordered and limited) with their town and who covers them.</summary>
    public async Task<List<CoveredEnterprise>> CoveredAsync(IQueryable<Domain.Enterprises.Enterprise> enterprises, IQueryable<Assignment> active,
        CancellationToken ct = default)
    {
        var rows = await enterprises
            .Select(e => new
            {
                e.Id, e.Name, e.ScaleClass,
                TownName = db.OrgUnits.Where(o => o.Id == e.TownId).Select(o => o.Name).FirstOrDefault(),
                Leader = active.Where(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Leader)
                    .Select(a => db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefault()).FirstOrDefault(),
                Liaisons = active.Where(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Liaison)
                    .Select(a => db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefault()).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new CoveredEnterprise(r.Id, r.Name, r.TownName ?? string.Empty, r.ScaleClass, r.Leader,
            r.Liaisons.Where(n => n is not null).Select(n => n!).ToList())).ToList();
    }

    /// <summary>
    /// The terms of every assignment that holds on <paramref name="day"/>, without the scope filter: only for probes tied to
    /// an enterprise the same query reads through its own filter (<see cref="AssignmentTerm"/>).
    /// </summary>
    public IQueryable<AssignmentTerm> TermsOn(DateOnly day) =>
        db.AssignmentTerms.Where(a => a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day));

    /// <summary>Assignments (within scope) that hold on <paramref name="day"/>.</summary>
    public IQueryable<Assignment> ActiveOn(DateOnly day) =>
        db.Assignments.AsNoTracking().Where(a => a.StartsOn <= day && (a.EndsOn == null || a.EndsOn >= day));

    /// <summary>Hand-edited URLs: PostgreSQL refuses NUL in text.</summary>
    public static string Clean(string? q) => new string((q ?? string.Empty).Where(c => !char.IsControl(c)).Take(100).ToArray()).Trim();
}
