using System.Buffers.Text;
using System.Text;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Enterprises;

public sealed record EnterpriseListFilter(string? Q, long? TownId, string? Scale, string? Tag, string? After, string? Before);

public sealed record EnterpriseListItem(long Id, string Uscc, string Name, string ScaleClass, string IndustrySection,
    string TownName, IReadOnlyList<string> Tags, int Employees);

/// <summary>One enterprise as the register's export lists it.</summary>
public sealed record EnterpriseExportRow(string Uscc, string Name, string TownName, string ScaleClass, string IndustrySection,
    IReadOnlyList<string> Tags, int Employees, DateTimeOffset CreatedAt);

public sealed record EnterpriseListPage(IReadOnlyList<EnterpriseListItem> Items, int Total, string? NextCursor, string? PreviousCursor);

public sealed record TownOption(long Id, string Name);

public sealed record EnterpriseRef(long Id, string Name);

/// <summary>Read side of the register: projections to view models, no tracking, keyset paging by (name, id).</summary>
public sealed class EnterpriseQueries(AppDbContext db)
{
    public const int PageSize = 20;

    public async Task<EnterpriseListPage> ListAsync(EnterpriseListFilter filter, CancellationToken ct = default)
    {
        var query = Filtered(filter);

        var total = await query.CountAsync(ct);

        var backwards = false;
        IQueryable<Enterprise> page;
        if (Cursor.TryDecode(filter.After, out var after))
        {
            page = query.Where(e => string.Compare(e.Name, after.Name) > 0 || (e.Name == after.Name && e.Id > after.Id))
                .OrderBy(e => e.Name).ThenBy(e => e.Id);
        }
        else if (Cursor.TryDecode(filter.Before, out var before))
        {
            backwards = true;
            page = query.Where(e => string.Compare(e.Name, before.Name) < 0 || (e.Name == before.Name && e.Id < before.Id))
                .OrderByDescending(e => e.Name).ThenByDescending(e => e.Id);
        }
        else
        {
            page = query.OrderBy(e => e.Name).ThenBy(e => e.Id);
        }

        var rows = await page.Take(PageSize + 1)
            .Join(db.OrgUnits, e => e.TownId, o => o.Id, (e, o) => new EnterpriseListItem(
                e.Id, e.Uscc, e.Name, e.ScaleClass, e.IndustrySection, o.Name, e.Tags, e.Employees))
            .ToListAsync(ct);

        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        if (backwards) rows.Reverse();

        // Going forward, "more" means a next page; going back, it means a previous one.
        var isFirstPage = filter.After is null && filter.Before is null;
        string? next = null, previous = null;
        if (rows.Count > 0)
        {
            if (backwards ? true : hasMore) next = Cursor.Encode(rows[^1].Name, rows[^1].Id);
            if (backwards ? hasMore : !isFirstPage) previous = Cursor.Encode(rows[0].Name, rows[0].Id);
        }
        return new EnterpriseListPage(rows, total, next, previous);
    }

    /// <summary>The register's rows matching the list's search and filters, within the user's scope.</summary>
    public IQueryable<Enterprise> Filtered(EnterpriseListFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.Enterprises.AsNoTracking();
        // Hand-edited URLs: PostgreSQL refuses NUL in text, and unknown codes simply match nothing useful.
        var search = new string((filter.Q ?? string.Empty).Where(c => !char.IsControl(c)).Take(100).ToArray()).Trim();
        filter = filter with
        {
            Scale = ScaleClasses.IsValid(filter.Scale) ? filter.Scale : null,
            Tag = EnterpriseTags.IsValid(filter.Tag) ? filter.Tag : null,
        };
        if (search.Length > 0)
        {
            var q = search;
            var upper = q.ToUpperInvariant();
            query = query.Where(e => e.Name.Contains(q) || e.Uscc.StartsWith(upper));
        }
        if (filter.TownId is { } town) query = query.Where(e => e.TownId == town);
        if (!string.IsNullOrEmpty(filter.Scale)) query = query.Where(e => e.ScaleClass == filter.Scale);
        if (!string.IsNullOrEmpty(filter.Tag)) query = query.Where(e => e.Tags.Contains(filter.Tag));
        return query;
    }

    /// <summary>Every matching enterprise for the export, in the list's order, streamed from the database.</summary>
    public IAsyncEnumerable<EnterpriseExportRow> ExportAsync(EnterpriseListFilter filter) =>
        Filtered(filter).OrderBy(e => e.Name).ThenBy(e => e.Id)
            .Join(db.OrgUnits, e => e.TownId, o => o.Id, (e, o) => new EnterpriseExportRow(
                e.Uscc, e.Name, o.Name, e.ScaleClass, e.IndustrySection, e.Tags, e.Employees, e.CreatedAt))
            .AsAsyncEnumerable();

    public Task<List<TownOption>> TownsAsync(CancellationToken ct = default) =>
        TownsInScope()
            .OrderBy(o => o.SortOrder).ThenBy(o => o.Id)
            .Select(o => new TownOption(o.Id, o.Name))
            .ToListAsync(ct);

    /// <summary>The towns and streets an enterprise of this user's may belong to.</summary>
    public IQueryable<OrgUnit> TownsInScope()
    {
        var towns = db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Town || o.Kind == OrgUnitKind.Street);
        var scope = db.Scope;
        if (scope.SeesAll) return towns;
        if (scope.RegionPath is { } path) return towns.Where(o => o.Path.StartsWith(path));
        // Department and enterprise users register no enterprises.
        return towns.Where(_ => false);
    }

    public async Task<EnterpriseDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var row = await db.Enterprises.AsNoTracking()
            .Where(e => e.Id == id)
            .Join(db.OrgUnits, e => e.TownId, o => o.Id, (e, o) => new { Enterprise = e, TownName = o.Name })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : new EnterpriseDetail(row.Enterprise, row.TownName);
    }

    public Task<EnterpriseRef?> FindByUsccAsync(string uscc, CancellationToken ct = default) =>
        db.Enterprises.AsNoTracking().Where(e => e.Uscc == uscc)
            .Select(e => new EnterpriseRef(e.Id, e.Name))
            .SingleOrDefaultAsync(ct);

    /// <summary>Whether the code is registered anywhere, including outside this user's scope.</summary>
    public Task<bool> UsccExistsAnywhereAsync(string uscc, CancellationToken ct = default) =>
        db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.Uscc == uscc, ct);
}

public sealed record EnterpriseDetail(Enterprise Enterprise, string TownName);

/// <summary>Opaque page cursor: the (name, id) of the row a page starts after or ends before.</summary>
public static class Cursor
{
    public static string Encode(string name, long id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{id}\u001f{name}"));

    public static bool TryDecode(string? cursor, out (string Name, long Id) value)
    {
        value = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 600) return false;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var sep = text.IndexOf('\u001f');
            if (sep <= 0 || !long.TryParse(text.AsSpan(0, sep), out var id)) return false;
            value = (text[(sep + 1)..], id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
