using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Policies;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Portal;

/// <summary>One of the enterprise's problems as its portal lists it.</summary>
public sealed record PortalProblem(long Id, string Number, string Title, ProblemStatus Status, DateTimeOffset RegisteredAt, bool AwaitsRating);

/// <summary>What the enterprise's home shows: its name, its problems by where they stand, the latest ones and the policies pushed to it.</summary>
public sealed record PortalOverview(string EnterpriseName, int InProgress, int AwaitingRating, int Done, IReadOnlyList<PortalProblem> Problems,
    IReadOnlyList<EnterprisePolicyItem> Policies)
{
    public int UnreadPolicies => Policies.Count(p => p.ReadAt is null);
}

/// <summary>
/// The enterprise portal's reads. The context's scope is the signed-in enterprise (ADR-007), so every query sees only that
/// enterprise's records; <see cref="EnterpriseId"/> is null for anyone else, and the pages answer 403.
/// </summary>
public sealed class PortalQueries(AppDbContext db, PolicyQueries policies)
{
    public const int RecentProblems = 20;

    public long? EnterpriseId => db.Scope.EnterpriseId;

    public async Task<PortalOverview?> OverviewAsync(CancellationToken ct = default)
    {
        if (EnterpriseId is not { } id) return null;
        var name = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => e.Name).FirstOrDefaultAsync(ct);
        if (name is null) return null;
        var problems = db.Problems.AsNoTracking().Where(p => p.EnterpriseId == id);
        var counts = await problems.GroupBy(_ => 1).Select(g => new
        {
            Open = g.Count(p => p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress),
            Awaiting = g.Count(p => p.Status == ProblemStatus.Resolved && p.Satisfaction == null),
            Done = g.Count(p => (p.Status == ProblemStatus.Resolved && p.Satisfaction != null) || p.Status == ProblemStatus.Closed),
        }).FirstOrDefaultAsync(ct);
        var recent = await problems.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(RecentProblems)
            .Select(p => new PortalProblem(p.Id, p.Number, p.Title, p.Status, p.CreatedAt, p.Status == ProblemStatus.Resolved && p.Satisfaction == null))
            .ToListAsync(ct);
        var pushed = await policies.PushedToAsync(id, ct);
        return new PortalOverview(name, counts?.Open ?? 0, counts?.Awaiting ?? 0, counts?.Done ?? 0, recent, pushed);
    }
}
