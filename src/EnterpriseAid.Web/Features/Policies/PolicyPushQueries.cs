using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Enterprises;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Policies;

public sealed record PushCandidate(long Id, string Name, string Uscc, string TownName, string ScaleClass, int Employees,
    bool Excluded, DateTimeOffset? PushedAt, DateTimeOffset? ReadAt);

/// <summary>
/// The push review: the enterprises in the user's scope that fit the policy today (<see cref="Fitting"/>), how
/// many of them already have it, how many the user left out, and one page of them in name order.
/// </summary>
public sealed record PushReview(int Fitting, int AlreadyPushed, int Excluded, int ToPush, IReadOnlyList<PushCandidate> Page,
    string? NextCursor, string? PreviousCursor);

/// <summary>政策推送 figures for a period: one definition, shown on /policies (ADR-017).</summary>
public sealed record PolicyPushFigures(int PoliciesPushed, int EnterprisesReached, int Deliveries, int Read)
{
    /// <summary>已读率: deliveries read ÷ deliveries, null when nothing was delivered.</summary>
    public decimal? ReadRate => Deliveries == 0 ? null : Math.Round(100m * Read / Deliveries, 1);
}

public sealed class PolicyPushQueries(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;
    /// <summary>Most enterprises a user can leave out of one push by hand.</summary>
    public const int MaxExcluded = 200;

    /// <summary>
    /// The enterprises the policy fits on <paramref name="asOf"/>, in the user's scope, in SQL: the policy's
    /// eligibility as an expression (<see cref="PolicyEligibility.Matches"/>).
    /// </summary>
    public IQueryable<Domain.Enterprises.Enterprise> Fitting(PolicyEligibility eligibility, DateOnly asOf) =>
        db.Enterprises.AsNoTracking().Where(eligibility.Matches(asOf));

    public async Task<PushReview?> ReviewAsync(long policyId, IReadOnlyCollection<long> excluded, string? after, string? before, CancellationToken ct = default)
    {
        var policy = await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == policyId, ct);
        if (policy is null) return null;
        var today = ChinaTime.Today(clock);
        var fitting = Fitting(policy.Eligibility, today);
        var ex = excluded.Take(MaxExcluded).ToArray();

        var total = await fitting.CountAsync(ct);
        var pushed = await fitting.CountAsync(e => db.PolicyPushes.Any(x => x.PolicyId == policyId && x.EnterpriseId == e.Id), ct);
        var left = await fitting.CountAsync(e => ex.Contains(e.Id) && !db.PolicyPushes.Any(x => x.PolicyId == policyId && x.EnterpriseId == e.Id), ct);

        var backwards = false;
        IQueryable<Domain.Enterprises.Enterprise> page;
        if (Cursor.TryDecode(after, out var a))
        {
            page = fitting.Where(e => string.Compare(e.Name, a.Name) > 0 || (e.Name == a.Name && e.Id > a.Id)).OrderBy(e => e.Name).ThenBy(e => e.Id);
        }
        else if (Cursor.TryDecode(before, out var b))
        {
            backwards = true;
            page = fitting.Where(e => string.Compare(e.Name, b.Name) < 0 || (e.Name == b.Name && e.Id < b.Id))
                .OrderByDescending(e => e.Name).ThenByDescending(e => e.Id);
        }
        else
        {
            page = fitting.OrderBy(e => e.Name).ThenBy(e => e.Id);
        }
        var rows = await page.Take(PageSize + 1)
            .Join(db.OrgUnits, e => e.TownId, o => o.Id, (e, o) => new { e, Town = o.Name })
            .Select(r => new PushCandidate(r.e.Id, r.e.Name, r.e.Uscc, r.Town, r.e.ScaleClass, r.e.Employees, ex.Contains(r.e.Id),
                db.PolicyPushes.Where(x => x.PolicyId == policyId && x.EnterpriseId == r.e.Id).Select(x => (DateTimeOffset?)x.PushedAt).FirstOrDefault(),
                db.PolicyPushes.Where(x => x.PolicyId == policyId && x.EnterpriseId == r.e.Id).Select(x => x.ReadAt).FirstOrDefault()))
            .ToListAsync(ct);
        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        if (backwards) rows.Reverse();
        string? next = null, previous = null;
        if (rows.Count > 0)
        {
            if (backwards || hasMore) next = Cursor.Encode(rows[^1].Name, rows[^1].Id);
            if (backwards ? hasMore : after is not null) previous = Cursor.Encode(rows[0].Name, rows[0].Id);
        }
        return new PushReview(total, pushed, left, total - pushed - left, rows, next, previous);
    }

    /// <summary>
    /// 推送政策数 = policies with at least one delivery in the period; 覆盖企业数 = distinct enterprises that
    /// received at least one policy in the period; 推送次数 = deliveries; 已读 = of those, read by now. The
    /// period is [from, to) on Beijing dates; both null: all time. Counted over the enterprises in scope.
    /// </summary>
    public async Task<PolicyPushFigures> FiguresAsync(DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var pushes = db.PolicyPushes.AsNoTracking();
        if (from is { } f)
        {
            var start = ChinaTime.StartOfDay(f);
            pushes = pushes.Where(x => x.PushedAt >= start);
        }
        if (to is { } t)
        {
            var end = ChinaTime.StartOfDay(t);
            pushes = pushes.Where(x => x.PushedAt < end);
        }
        var row = await pushes.GroupBy(_ => 1).Select(g => new
        {
            Policies = g.Select(x => x.PolicyId).Distinct().Count(),
            Enterprises = g.Select(x => x.EnterpriseId).Distinct().Count(),
            Deliveries = g.Count(),
            Read = g.Count(x => x.ReadAt != null),
        }).SingleOrDefaultAsync(ct);
        return row is null ? new PolicyPushFigures(0, 0, 0, 0) : new PolicyPushFigures(row.Policies, row.Enterprises, row.Deliveries, row.Read);
    }
}
