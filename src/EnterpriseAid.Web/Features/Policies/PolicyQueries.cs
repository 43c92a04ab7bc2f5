using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Policies;

/// <summary>In effect today, expired, or not yet in effect; null or anything else: all.</summary>
public static class PolicyStatusFilter
{
    public const string InEffect = "effective";
    public const string Expired = "expired";
    public const string Upcoming = "upcoming";
    public static readonly IReadOnlyList<string> All = [InEffect, Expired, Upcoming];
}

public sealed record PolicyListFilter(string? Q, string? Category, long? DepartmentId, string? Status, string? After);

public sealed record PolicyListItem(long Id, string Title, string DocumentNo, string DepartmentName, PolicyCategory Category,
    DateOnly EffectiveFrom, DateOnly? EffectiveTo, bool MianShenJiXiang, int Pushed);

public sealed record PolicyListPage(IReadOnlyList<PolicyListItem> Items, int Total, string? NextCursor);

public sealed record DepartmentOption(long Id, string Name);

public sealed record PolicyAttachmentItem(long Id, string FileName, long SizeBytes, DateTimeOffset UploadedAt);

public sealed record PolicyDetail(Policy Policy, string DepartmentName, IReadOnlyList<PolicyAttachmentItem> Attachments, int Delivered, int Read);

/// <summary>A policy that fits an enterprise (the ledger's 适用政策), or one pushed to it (the enterprise portal).</summary>
public sealed record EnterprisePolicyItem(long PolicyId, string Title, string DocumentNo, string DepartmentName, PolicyCategory Category,
    DateOnly EffectiveFrom, DateOnly? EffectiveTo, bool MianShenJiXiang, DateTimeOffset? PushedAt, DateTimeOffset? ReadAt);

/// <summary>Read side of the policy library. Every query goes through the scoped context, so out-of-scope policies never appear.</summary>
public sealed class PolicyQueries(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 20;
    public const int SearchMaxLength = 100;

    public DateOnly Today => ChinaTime.Today(clock);

    public async Task<PolicyListPage> ListAsync(PolicyListFilter filter, CancellationToken ct = default)
    {
        var query = db.Policies.AsNoTracking();
        foreach (var term in SearchTerms(filter.Q))
        {
            // ILIKE on the trigram-indexed text: any Chinese substring matches; see ADR-017.
            var pattern = "%" + EscapeLike(term) + "%";
            query = query.Where(p => EF.Functions.ILike(p.SearchText, pattern));
        }
        if (PolicyCategories.TryParse(filter.Category, out var category)) query = query.Where(p => p.Category == category);
        if (filter.DepartmentId is { } department) query = query.Where(p => p.IssuingDepartmentId == department);
        var today = Today;
        query = filter.Status switch
        {
            PolicyStatusFilter.InEffect => query.Where(p => p.EffectiveFrom <= today && (p.EffectiveTo == null || p.EffectiveTo >= today)),
            PolicyStatusFilter.Expired => query.Where(p => p.EffectiveTo < today),
            PolicyStatusFilter.Upcoming => query.Where(p => p.EffectiveFrom > today),
            _ => query,
        };

        var total = await query.CountAsync(ct);
        // Newest first: by effective date, then id, both descending; the cursor is the last row shown.
        if (PageCursor.TryDecode(filter.After, out var after))
        {
            query = query.Where(p => p.EffectiveFrom < after.Date || (p.EffectiveFrom == after.Date && p.Id < after.Id));
        }
        var rows = await query.OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Id).Take(PageSize + 1)
            .Join(db.OrgUnits, p => p.IssuingDepartmentId, o => o.Id, (p, o) => new PolicyListItem(
                p.Id, p.Title, p.DocumentNo, o.Name, p.Category, p.EffectiveFrom, p.EffectiveTo, p.MianShenJiXiang,
                db.PolicyPushes.Count(x => x.PolicyId == p.Id)))
            .ToListAsync(ct);
        string? next = null;
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            next = PageCursor.Encode(rows[^1].EffectiveFrom, rows[^1].Id);
        }
        return new PolicyListPage(rows, total, next);
    }

    /// <summary>The words of a search, at most five, without control characters (PostgreSQL refuses NUL).</summary>
    public static IReadOnlyList<string> SearchTerms(string? q)
    {
        var clean = new string((q ?? string.Empty).Where(c => !char.IsControl(c)).Take(SearchMaxLength).ToArray());
        return clean.Split([' ', '\u3000', ',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct().Take(5).ToList();
    }

    private static string EscapeLike(string term) => term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    /// <summary>Departments that may issue a policy for this user: those serving a region the user sees.</summary>
    public Task<List<DepartmentOption>> DepartmentsAsync(CancellationToken ct = default) =>
        DepartmentsInScope().OrderBy(o => o.SortOrder).ThenBy(o => o.Id).Select(o => new DepartmentOption(o.Id, o.Name)).ToListAsync(ct);

    public IQueryable<OrgUnit> DepartmentsInScope()
    {
        var departments = db.OrgUnits.AsNoTracking().Where(o => o.Kind == OrgUnitKind.Department && o.ParentId != null);
        var scope = db.Scope;
        if (scope.SeesAll) return departments;
        if (scope.RegionPath is { } path)
        {
            // The departments of the user's region and of the regions above it (a district sees the city's bureaus).
            return departments.Where(d => db.OrgUnits.Any(r => r.Id == d.ParentId && (r.Path.StartsWith(path) || path.StartsWith(r.Path))));
        }
        // A department's staff: the departments serving the same region as their own.
        if (scope.DepartmentId is { } own) return departments.Where(d => db.OrgUnits.Any(me => me.Id == own && me.ParentId == d.ParentId));
        return departments.Where(_ => false);
    }

    public async Task<PolicyDetail?> DetailAsync(long id, CancellationToken ct = default)
    {
        var row = await db.Policies.AsNoTracking().Where(p => p.Id == id)
            .Join(db.OrgUnits, p => p.IssuingDepartmentId, o => o.Id, (p, o) => new { Policy = p, Department = o.Name })
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var attachments = await AttachmentsAsync(id, ct);
        var delivered = await db.PolicyPushes.CountAsync(x => x.PolicyId == id, ct);
        var read = await db.PolicyPushes.CountAsync(x => x.PolicyId == id && x.ReadAt != null, ct);
        return new PolicyDetail(row.Policy, row.Department, attachments, delivered, read);
    }

    public Task<Dictionary<long, string>> OrgUnitNamesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default) =>
        db.OrgUnits.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);

    public Task<List<PolicyAttachmentItem>> AttachmentsAsync(long policyId, CancellationToken ct = default) =>
        db.PolicyAttachments.AsNoTracking().Where(a => a.PolicyId == policyId).OrderBy(a => a.Id)
            .Select(a => new PolicyAttachmentItem(a.Id, a.FileName, a.SizeBytes, a.UploadedAt)).ToListAsync(ct);

    public Task<PolicyAttachment?> AttachmentAsync(long policyId, long attachmentId, CancellationToken ct = default) =>
        db.PolicyAttachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attachmentId && a.PolicyId == policyId, ct);

    /// <summary>
    /// 适用政策: the policies in effect today that fit the enterprise, newest first. The library is small (a
    /// district publishes hundreds), so the eligibility columns are read and checked with <see cref="PolicyEligibility.Fits(EnterpriseFacts, DateOnly)"/>.
    /// </summary>
    public async Task<List<EnterprisePolicyItem>> FittingAsync(long enterpriseId, CancellationToken ct = default)
    {
        var enterprise = await db.Enterprises.AsNoTracking().SingleOrDefaultAsync(e => e.Id == enterpriseId, ct);
        if (enterprise is null) return [];
        var facts = EnterpriseFacts.Of(enterprise);
        var today = Today;
        var candidates = await db.Policies.AsNoTracking()
            .Where(p => p.EffectiveFrom <= today && (p.EffectiveTo == null || p.EffectiveTo >= today))
            .Join(db.OrgUnits, p => p.IssuingDepartmentId, o => o.Id, (p, o) => new
            {
                p.Id, p.Title, p.DocumentNo, Department = o.Name, p.Category, p.EffectiveFrom, p.EffectiveTo, p.MianShenJiXiang,
                p.EligibleScaleClasses, p.EligibleIndustrySections, p.EligibleTags, p.EligibleTownIds,
                p.EligibleEmployeesMin, p.EligibleEmployeesMax, p.EligibleRegisteredMonthsMin,
                Push = db.PolicyPushes.Where(x => x.PolicyId == p.Id && x.EnterpriseId == enterpriseId)
                    .Select(x => new { x.PushedAt, x.ReadAt }).FirstOrDefault(),
            })
            .OrderByDescending(p => p.EffectiveFrom).ThenByDescending(p => p.Id)
            .ToListAsync(ct);
        return candidates
            .Where(p => PolicyEligibility.Create(p.EligibleScaleClasses, p.EligibleIndustrySections, p.EligibleTags, p.EligibleTownIds,
                p.EligibleEmployeesMin, p.EligibleEmployeesMax, p.EligibleRegisteredMonthsMin).Fits(facts, today))
            .Select(p => new EnterprisePolicyItem(p.Id, p.Title, p.DocumentNo, p.Department, p.Category, p.EffectiveFrom, p.EffectiveTo,
                p.MianShenJiXiang, p.Push?.PushedAt, p.Push?.ReadAt))
            .ToList();
    }

    /// <summary>
    /// The policies pushed to an enterprise, newest delivery first: what the enterprise portal lists. For an
    /// enterprise user the scope already limits it to their own enterprise.
    /// </summary>
    public Task<List<EnterprisePolicyItem>> PushedToAsync(long enterpriseId, CancellationToken ct = default) =>
        db.PolicyPushes.AsNoTracking().Where(x => x.EnterpriseId == enterpriseId)
            .Join(db.Policies, x => x.PolicyId, p => p.Id, (x, p) => new { x, p })
            .Join(db.OrgUnits, xp => xp.p.IssuingDepartmentId, o => o.Id, (xp, o) => new { xp.x, xp.p, Department = o.Name })
            .OrderByDescending(r => r.x.PushedAt).ThenByDescending(r => r.p.Id)
            .Select(r => new EnterprisePolicyItem(r.p.Id, r.p.Title, r.p.DocumentNo, r.Department, r.p.Category, r.p.EffectiveFrom,
                r.p.EffectiveTo, r.p.MianShenJiXiang, r.x.PushedAt, r.x.ReadAt))
            .ToListAsync(ct);
}

/// <summary>Opaque cursor of the policy list: the (effective date, id) of the last row shown.</summary>
public static class PageCursor
{
    public static string Encode(DateOnly date, long id) => $"{date.DayNumber}-{id}";

    public static bool TryDecode(string? cursor, out (DateOnly Date, long Id) value)
    {
        value = default;
        var parts = cursor?.Split('-');
        if (parts is not { Length: 2 } || !int.TryParse(parts[0], out var day) || !long.TryParse(parts[1], out var id)) return false;
        if (day < DateOnly.MinValue.DayNumber || day > DateOnly.MaxValue.DayNumber) return false;
        value = (DateOnly.FromDayNumber(day), id);
        return true;
    }
}
