using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Enterprises;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Assignments;

public sealed record CoverageFilter(long? TownId, string? Scale);

public sealed record CoverageSummary(int Enterprises, int WithoutLeader, int WithoutLiaison, int BelowTarget, int Target);

public sealed record UncoveredPage(IReadOnlyList<CoveredEnterprise> Items, int Total, string? NextCursor);

public sealed record OfficialCoverageItem(long Id, string DisplayName, string? UnitName, int AsLeader, int AsLiaison, int Enterprises, int Visits);

public sealed record OfficialCoveragePage(IReadOnlyList<OfficialCoverageItem> Items, int Total, int WithoutEnterprises, string? NextCursor);

public sealed record VisitTargetItem(long Id, string Name, string TownName, int Visits, DateOnly? LastVisitedOn);

/// <param name="Enterprises">All enterprises the filter matches, whether listed or not.</param>
public sealed record VisitTargetPage(IReadOnlyList<VisitTargetItem> Items, int Enterprises, int BelowTarget, string? NextCursor);

/// <summary>
/// The coverage view: who covers which enterprise today, what each official covers, and the visits
/// each enterprise received in a quarter against the target. Every count and every list is one SQL
/// query over the user's scoped enterprises (ADR-007), never a loop over all rows in memory; lists
/// page by keyset. "Today" and the quarters are Beijing dates.
/// </summary>
public sealed class CoverageQueries(AppDbContext db, AssignmentQueries assignments, TimeProvider clock)
{
    public const int PageSize = 20;
    public const string MissingLeader = "leader";
    public const string MissingLiaison = "liaison";
    public const string MissingEither = "either";

    public DateOnly Today => AssignmentInput.Today(clock);

    /// <summary>
    /// The enterprises without an active leader, without an active liaison, or either. <paramref name="active"/> are
    /// unfiltered terms (<see cref="AssignmentQueries.TermsOn"/>): each probe is tied to an enterprise of <paramref name="enterprises"/>,
    /// which has passed the scope.
    /// </summary>
    public static IQueryable<Enterprise> Missing(IQueryable<Enterprise> enterprises, IQueryable<AssignmentTerm> active, string? missing) => missing switch
    {
        MissingLeader => enterprises.Where(e => !active.Any(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Leader)),
        MissingLiaison => enterprises.Where(e => !active.Any(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Liaison)),
        MissingEither => enterprises.Where(e => !active.Any(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Leader)
                                                || !active.Any(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Liaison)),
        _ => enterprises,
    };

    private IQueryable<Enterprise> Enterprises(CoverageFilter filter)
    {
        var query = db.Enterprises.AsNoTracking();
        if (filter.TownId is { } town) query = query.Where(e => e.TownId == town);
        if (ScaleClasses.IsValid(filter.Scale)) query = query.Where(e => e.ScaleClass == filter.Scale);
        return query;
    }

    /// <summary>
    /// The four figures in one pass over the filtered enterprises, each enterprise counted once, instead of one statement per
    /// figure. For a region, a town or a class, each enterprise probes for its active leader and liaison (index-only, V0084)
    /// and for its visits of the quarter. For the whole province those probes would be three per enterprise, 500,000 times:
    /// there the active leaders, the active liaisons and the enterprises visited often enough are each read once, in
    /// enterprise order, and joined to the enterprises (docs/performance.md).
    /// </summary>
    public async Task<CoverageSummary> SummaryAsync(CoverageFilter filter, Quarter quarter, int target, CancellationToken ct = default)
    {
        var active = assignments.ActiveOn(Today);
        var (from, to) = (quarter.Start, quarter.End);
        var enterprises = Enterprises(filter);
        IQueryable<CoverageFlags> flags;
        if (db.Scope.SeesAll && filter.TownId is null)
        {
            var led = active.Where(a => a.Role == AssignmentRoles.Leader).Select(a => (long?)a.EnterpriseId).Distinct();
            var liaised = active.Where(a => a.Role == AssignmentRoles.Liaison).Select(a => (long?)a.EnterpriseId).Distinct();
            var onTarget = db.VisitEnterprises.Where(v => v.VisitedOn >= from && v.VisitedOn <= to)
                .GroupBy(v => v.EnterpriseId).Where(g => g.Count() >= target).Select(g => (long?)g.Key);
            // Outer joins to the three sets (merge joins in enterprise order), not a lookup per enterprise.
            flags =
                from e in enterprises
                join l in led on (long?)e.Id equals l into leaders
                from l in leaders.DefaultIfEmpty()
                join n in liaised on (long?)e.Id equals n into liaisons
                from n in liaisons.DefaultIfEmpty()
                join v in onTarget on (long?)e.Id equals v into visited
                from v in visited.DefaultIfEmpty()
                select new CoverageFlags { NoLeader = l == null, NoLiaison = n == null, Below = target > 0 && v == null };
        }
        else
        {
            // Probes tied to each enterprise of the scope: the terms need no scope filter of their own.
            var terms = assignments.TermsOn(Today);
            flags = enterprises.Select(e => new CoverageFlags
            {
                NoLeader = !terms.Any(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Leader),
                NoLiaison = !terms.Any(a => a.EnterpriseId == e.Id && a.Role == AssignmentRoles.Liaison),
                Below = db.VisitEnterprises.Count(v => v.EnterpriseId == e.Id && v.VisitedOn >= from && v.VisitedOn <= to) < target,
            });
        }
        var figures = await flags
            .GroupBy(_ => 1)
            .Select(g => new CoverageSummary(g.Count(), g.Count(x => x.NoLeader), g.Count(x => x.NoLiaison), g.Count(x => x.Below), target))
            .SingleOrDefaultAsync(ct);
        return figures ?? new CoverageSummary(0, 0, 0, 0, target);
    }

    private sealed class CoverageFlags
    {
        public bool NoLeader { get; init; }
        public bool NoLiaison { get; init; }
        public bool Below { get; init; }
    }

    /// <summary>(a) Enterprises without an active 包联领导 or 联络员, by name.</summary>
    public async Task<UncoveredPage> UncoveredAsync(CoverageFilter filter, string? missing, string? after, CancellationToken ct = default)
    {
        var active = assignments.ActiveOn(Today);
        var query = Missing(Enterprises(filter), assignments.TermsOn(Today), missing is MissingLeader or MissingLiaison ? missing : MissingEither);
        var total = await query.CountAsync(ct);
        if (Cursor.TryDecode(after, out var c))
            query = query.Where(e => string.Compare(e.Name, c.Name) > 0 || (e.Name == c.Name && e.Id > c.Id));

        var items = await assignments.CoveredAsync(query.OrderBy(e => e.Name).ThenBy(e => e.Id).Take(PageSize + 1), active, ct);
        var hasMore = items.Count > PageSize;
        if (hasMore) items.RemoveAt(PageSize);
        return new UncoveredPage(items, total, hasMore ? Cursor.Encode(items[^1].Name, items[^1].Id) : null);
    }

    /// <summary>
    /// (b) Officials in scope (of one unit, if given) with the enterprises they cover today as leader
    /// and as liaison, and the visits of the quarter they took part in. Counts see only enterprises in
    /// the user's scope. By name, in pinyin order.
    /// </summary>
    public async Task<OfficialCoveragePage> OfficialsAsync(long? unitId, Quarter quarter, string? after, CancellationToken ct = default)
    {
        var active = assignments.ActiveOn(Today)
            .Where(a => a.Role == AssignmentRoles.Leader || a.Role == AssignmentRoles.Liaison);
        var officials = assignments.OfficialsInScope();
        if (unitId is { } unit) officials = officials.Where(u => u.OrgUnitId == unit);
        var total = await officials.CountAsync(ct);
        var idle = await officials.CountAsync(u => !active.Any(a => a.UserId == u.Id), ct);
        if (Cursor.TryDecode(after, out var c))
            officials = officials.Where(u => string.Compare(EF.Functions.Collate(u.DisplayName, AssignmentQueries.PinyinCollation), c.Name) > 0
                                             || (u.DisplayName == c.Name && u.Id > c.Id));

        var rows = await officials
            .OrderBy(u => EF.Functions.Collate(u.DisplayName, AssignmentQueries.PinyinCollation)).ThenBy(u => u.Id)
            .Select(u => new OfficialCoverageItem(
                u.Id, u.DisplayName,
                db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
                active.Count(a => a.UserId == u.Id && a.Role == AssignmentRoles.Leader),
                active.Count(a => a.UserId == u.Id && a.Role == AssignmentRoles.Liaison),
                active.Where(a => a.UserId == u.Id).Select(a => a.EnterpriseId).Distinct().Count(),
                0))
            .Take(PageSize + 1)
            .ToListAsync(ct);
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        var visits = await VisitsByOfficialAsync(rows.Select(r => r.Id).ToArray(), quarter, ct);
        rows = rows.Select(r => r with { Visits = visits.GetValueOrDefault(r.Id) }).ToList();
        return new OfficialCoveragePage(rows, total, idle, hasMore ? Cursor.Encode(rows[^1].DisplayName, rows[^1].Id) : null);
    }

    /// <summary>
    /// The quarter's visits in the user's scope that each of <paramref name="officialIds"/> took part in. A visit is seen when
    /// one of its enterprises is, so its per-enterprise rows (V0014/V0017, with the officials) in scope are read for the page's
    /// officials only, and each visit counted once however many of its enterprises are in scope.
    /// </summary>
    private async Task<Dictionary<long, int>> VisitsByOfficialAsync(long[] officialIds, Quarter quarter, CancellationToken ct)
    {
        if (officialIds.Length == 0) return [];
        var (from, to) = (quarter.Start, quarter.End);
        var inQuarter = db.VisitEnterprises.AsNoTracking()
            .Where(v => v.VisitedOn >= from && v.VisitedOn <= to && v.OfficialIds.Any(id => officialIds.Contains(id)));
        // Counted and not counted rows apart, so each half reads its own partial index (V0014, V0084) in the scope's range.
        var visits = await inQuarter.Where(v => v.Counted).Select(v => new { v.VisitId, v.OfficialIds })
            .Concat(inQuarter.Where(v => !v.Counted).Select(v => new { v.VisitId, v.OfficialIds }))
            .ToListAsync(ct);
        return visits.DistinctBy(v => v.VisitId)
            .SelectMany(v => v.OfficialIds)
            .Where(officialIds.Contains)
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>
    /// (c) Visits per enterprise in the quarter against the target: fewest visits first (so those
    /// below target lead), then by name; the last visit on or before the quarter's end.
    /// </summary>
    public async Task<VisitTargetPage> VisitsAsync(CoverageFilter filter, Quarter quarter, int target, bool belowOnly, string? after,
        CancellationToken ct = default)
    {
        var to = quarter.End;
        var counted = Counted(filter, quarter);
        var total = await counted.CountAsync(ct);
        var below = await counted.CountAsync(r => r.Visits < target, ct);
        if (belowOnly) counted = counted.Where(r => r.Visits < target);
        if (VisitCursor.TryDecode(after, out var c))
            counted = counted.Where(r => r.Visits > c.Visits
                                         || (r.Visits == c.Visits && (string.Compare(r.Name, c.Name) > 0 || (r.Name == c.Name && r.Id > c.Id))));

        var rows = await counted.OrderBy(r => r.Visits).ThenBy(r => r.Name).ThenBy(r => r.Id).Take(PageSize + 1)
            .Select(r => new VisitTargetItem(
                r.Id, r.Name,
                db.OrgUnits.Where(o => o.Id == r.TownId).Select(o => o.Name).FirstOrDefault() ?? string.Empty,
                r.Visits,
                db.VisitEnterprises.Where(v => v.EnterpriseId == r.Id && v.VisitedOn <= to).Max(v => (DateOnly?)v.VisitedOn)))
            .ToListAsync(ct);
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        return new VisitTargetPage(rows, total, below,
            hasMore ? VisitCursor.Encode(rows[^1].Visits, rows[^1].Name, rows[^1].Id) : null);
    }

    /// <summary>
    /// The filtered enterprises with their visits in the quarter; a 座谈会 counts once for each enterprise it covered.
    /// Each enterprise's count reads its own rows of <c>visit_enterprises</c> (V0014) by index, so the cost follows the
    /// scope, not the province's quarter.
    /// </summary>
    private IQueryable<EnterpriseVisits> Counted(CoverageFilter filter, Quarter quarter)
    {
        var (from, to) = (quarter.Start, quarter.End);
        return Enterprises(filter).Select(e => new EnterpriseVisits
        {
            Id = e.Id, Name = e.Name, TownId = e.TownId,
            Visits = db.VisitEnterprises.Count(v => v.EnterpriseId == e.Id && v.VisitedOn >= from && v.VisitedOn <= to),
        });
    }

    private sealed class EnterpriseVisits
    {
        public long Id { get; init; }
        public string Name { get; init; } = string.Empty;
        public long TownId { get; init; }
        public int Visits { get; init; }
    }
}

/// <summary>Keyset cursor of the visits list: (visits, name, id) of the last row shown.</summary>
public static class VisitCursor
{
    private const char Separator = '\u001e';

    public static string Encode(int visits, string name, long id) =>
        Cursor.Encode(visits.ToString(System.Globalization.CultureInfo.InvariantCulture) + Separator + name, id);

    public static bool TryDecode(string? cursor, out (int Visits, string Name, long Id) value)
    {
        value = default;
        if (!Cursor.TryDecode(cursor, out var c)) return false;
        var sep = c.Name.IndexOf(Separator);
        if (sep <= 0 || !int.TryParse(c.Name.AsSpan(0, sep), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var visits)) return false;
        value = (visits, c.Name[(sep + 1)..], c.Id);
        return true;
    }
}
