using System.Runtime.CompilerServices;
using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Enterprises;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Ledger;

public enum AssignmentState
{
    Current,
    Upcoming,
    Ended,
}

/// <summary>A 包联 assignment: the official (with their unit) or the unit, and its period.</summary>
public sealed record LedgerAssignment(string Role, string Holder, string? HolderUnit, DateOnly StartsOn, DateOnly? EndsOn,
    string? Note, AssignmentState State);

/// <summary>A visit of the enterprise; <see cref="EnterpriseCount"/> is more than one for a symposium.</summary>
public sealed record LedgerVisit(long Id, DateOnly VisitedOn, VisitKind Kind, IReadOnlyList<string> Officials, string Summary,
    FourClearNotes Notes, int EnterpriseCount);

/// <summary>What the ledger page shows of one enterprise; the longest lists are cut at a limit, the export has them all.</summary>
public sealed record LedgerView(
    EnterpriseDetail Enterprise,
    IReadOnlyList<LedgerAssignment> Assignments,
    IReadOnlyList<LedgerVisit> Visits,
    int VisitCount,
    IReadOnlyList<ProblemExportRow> Problems,
    ProblemFigures Figures);

/// <summary>
/// 一企一台账: everything recorded about one enterprise. Every list goes through the scoped context, so
/// an enterprise outside the user's scope has no ledger (null) and a department sees the problems it may see.
/// </summary>
public sealed class LedgerQueries(AppDbContext db, EnterpriseQueries enterprises, ProblemQueries problems, TimeProvider clock)
{
    public const int VisitLimit = 50;
    public const int ProblemLimit = 100;

    public Task<EnterpriseDetail?> EnterpriseAsync(long id, CancellationToken ct = default) => enterprises.DetailAsync(id, ct);

    public async Task<LedgerView?> LedgerAsync(long id, CancellationToken ct = default)
    {
        var enterprise = await enterprises.DetailAsync(id, ct);
        if (enterprise is null) return null;
        var assignments = await AssignmentsAsync(id, ct);
        var visitCount = await VisitsOf(id).CountAsync(ct);
        var visits = new List<LedgerVisit>();
        await foreach (var v in VisitsAsync(id, VisitLimit, ct)) visits.Add(v);
        var criteria = new ProblemCriteria { EnterpriseId = id };
        var figures = await problems.FiguresAsync(criteria, ct);
        var rows = new List<ProblemExportRow>();
        await foreach (var p in problems.ExportAsync(criteria, ct))
        {
            rows.Add(p);
            if (rows.Count == ProblemLimit) break;
        }
        return new LedgerView(enterprise, assignments, visits, visitCount, rows, figures);
    }

    public Task<ProblemFigures> FiguresAsync(long id, CancellationToken ct = default) =>
        problems.FiguresAsync(new ProblemCriteria { EnterpriseId = id }, ct);

    public IAsyncEnumerable<ProblemExportRow> ProblemsAsync(long id, CancellationToken ct = default) =>
        problems.ExportAsync(new ProblemCriteria { EnterpriseId = id }, ct);

    /// <summary>Current assignments first (by role), then those not yet begun, then past ones, latest first.</summary>
    public async Task<List<LedgerAssignment>> AssignmentsAsync(long id, CancellationToken ct = default)
    {
        var today = ProblemActors.ChinaToday(clock);
        var rows = await db.Assignments.AsNoTracking().Where(a => a.EnterpriseId == id)
            .Select(a => new
            {
                a.Role, a.StartsOn, a.EndsOn, a.Note, a.Id,
                Person = db.Users.Where(u => u.Id == a.UserId).Select(u => new
                {
                    u.DisplayName, Unit = db.OrgUnits.Where(o => o.Id == u.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
                }).FirstOrDefault(),
                Unit = db.OrgUnits.Where(o => o.Id == a.OrgUnitId).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var roleOrder = AssignmentRoles.All.Select(r => r.Code).ToList();
        return rows
            .Select(r => new LedgerAssignment(r.Role, r.Person?.DisplayName ?? r.Unit ?? string.Empty, r.Person?.Unit, r.StartsOn, r.EndsOn, r.Note,
                r.EndsOn < today ? AssignmentState.Ended : r.StartsOn > today ? AssignmentState.Upcoming : AssignmentState.Current))
            .OrderBy(a => a.State)
            .ThenBy(a => a.State == AssignmentState.Ended ? 0 : roleOrder.IndexOf(a.Role))
            .ThenByDescending(a => a.State == AssignmentState.Ended ? a.EndsOn : a.StartsOn)
            .ThenBy(a => a.Holder, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The enterprise's visits, newest first, streamed (the export takes them all).</summary>
    public async IAsyncEnumerable<LedgerVisit> VisitsAsync(long id, int? limit = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        // The names of everyone who ever visited this enterprise: a short list, read once.
        var names = await db.Users.AsNoTracking()
            .Where(u => VisitsOf(id).Any(v => v.OfficialIds.Contains(u.Id)))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var query = VisitsOf(id).OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.Id)
            .Select(v => new { v.Id, v.VisitedOn, v.Kind, v.OfficialIds, v.Summary, v.Notes, EnterpriseCount = v.EnterpriseIds.Count });
        if (limit is { } take) query = query.Take(take);
        await foreach (var v in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return new LedgerVisit(v.Id, v.VisitedOn, v.Kind, v.OfficialIds.Select(o => names.GetValueOrDefault(o, "—")).ToList(),
                v.Summary, v.Notes, v.EnterpriseCount);
        }
    }

    private IQueryable<Visit> VisitsOf(long id) => db.Visits.AsNoTracking().Where(v => v.EnterpriseIds.Contains(id));
}
