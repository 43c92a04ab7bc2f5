using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// The department scope as a set to start from (ADR-024, docs/performance.md). The query filter says what a department
/// sees — the problems it leads, those it co-handles, and every problem of the enterprises assigned to it — as an
/// <c>OR</c> of sub-selects, which PostgreSQL tests on every candidate row (a year of the whole province). Narrowing
/// to the union of the three sets first, as one <c>id IN (…)</c>, lets it start from the department's few hundred
/// problems; the query filter still applies on top, so the result is the same.
/// </summary>
public static class DepartmentFilters
{
    /// <summary>For a department's scope, the problems of <paramref name="problems"/> in the union of its three sets; any other scope: unchanged.</summary>
    public static IQueryable<Problem> StartingFromDepartment(this IQueryable<Problem> problems, AppDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Scope is not { SeesAll: false, RegionPath: null, EnterpriseId: null, DepartmentId: { } department }) return problems;
        var assigned = db.Problems.Where(p => db.EnterpriseDepartments.Any(l => l.EnterpriseId == p.EnterpriseId && l.DepartmentId == department
                                                                                && l.Via == EnterpriseDepartmentLink.ViaAssignment))
            .Select(p => p.Id);
        var ids = LedOrCoHandledBy(db, department).Union(assigned);
        return problems.Where(p => ids.Contains(p.Id));
    }

    /// <summary>
    /// The ids of the problems <paramref name="department"/> leads or co-handles, as the union of two index scans: the
    /// problem list's department filter starts from it rather than testing <c>lead = d OR EXISTS (co-handler d)</c> on every problem.
    /// </summary>
    public static IQueryable<long> LedOrCoHandledBy(AppDbContext db, long department)
    {
        ArgumentNullException.ThrowIfNull(db);
        var led = db.Problems.Where(p => p.LeadDepartmentId == department).Select(p => p.Id);
        var coHandled = db.Problems.Where(p => p.CoHandlers.Any(c => c.DepartmentId == department)).Select(p => p.Id);
        return led.Union(coHandled);
    }
}
