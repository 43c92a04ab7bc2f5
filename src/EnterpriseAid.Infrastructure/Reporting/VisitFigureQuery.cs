using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// Counts <see cref="VisitFigures"/> in SQL, the one definition of the visit figures (ADR-013): the counted visits
/// of the period are unnested into (visit, enterprise) rows and joined to the enterprises that count — the user's
/// scope through the context's query filters, narrowed to a region if one is chosen — so a visit counts only for its
/// enterprises the user may see, and no row is loaded to be counted.
/// </summary>
/// <remarks>
/// The unnest is plain SQL because EF Core cannot join an unnested array to a table (as in the coverage view). It
/// reads past the visits' scope filter, which is safe: it is only ever joined to the scoped enterprises.
/// </remarks>
public static class VisitFigureQuery
{
    /// <summary>One row per counted visit and enterprise (one 家次) on Beijing days <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static IQueryable<VisitEnterpriseRow> EnterpriseVisitRows(this AppDbContext db, DateOnly from, DateOnly to, VisitKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var kindName = kind?.ToString();
        // A counted visit: any kind, but not an inspection that joins another one the same day.
        return db.Database.SqlQuery<VisitEnterpriseRow>($"""
            SELECT v.id AS "VisitId", v.kind = 'Symposium' AS "IsSymposium", x.id AS "EnterpriseId"
            FROM visits AS v
            CROSS JOIN LATERAL unnest(v.enterprise_ids) AS x(id)
            WHERE v.visited_on >= {from} AND v.visited_on <= {to}
              AND v.joins_inspection_id IS NULL
              AND ({kindName}::text IS NULL OR v.kind = {kindName}::text)
            """);
    }

    /// <summary>The (visit, enterprise) rows whose enterprise is in <paramref name="enterprises"/>, with the enterprise's town.</summary>
    public static IQueryable<EnterpriseVisit> EnterpriseVisits(this AppDbContext db, IQueryable<Enterprise> enterprises, DateOnly from, DateOnly to, VisitKind? kind = null) =>
        db.EnterpriseVisitRows(from, to, kind)
            .Join(enterprises, r => r.EnterpriseId, e => e.Id, (r, e) => new EnterpriseVisit { VisitId = r.VisitId, IsSymposium = r.IsSymposium, EnterpriseId = e.Id, TownId = e.TownId });

    /// <summary>家次, 座谈会 and enterprises covered, for the enterprises that count, on Beijing days <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static async Task<VisitFigures> VisitFiguresAsync(this AppDbContext db, IQueryable<Enterprise> enterprises, DateOnly from, DateOnly to,
        VisitKind? kind = null, CancellationToken ct = default)
    {
        var pairs = db.EnterpriseVisits(enterprises, from, to, kind);
        var enterpriseVisits = await pairs.CountAsync(ct);
        if (enterpriseVisits == 0) return VisitFigures.None;
        var covered = await pairs.Select(p => p.EnterpriseId).Distinct().CountAsync(ct);
        var symposia = await pairs.Where(p => p.IsSymposium).Select(p => p.VisitId).Distinct().CountAsync(ct);
        return new VisitFigures(enterpriseVisits, symposia, covered);
    }
}

/// <summary>One enterprise of one counted visit, as the unnesting SQL returns it.</summary>
public sealed class VisitEnterpriseRow
{
    public long VisitId { get; init; }
    public bool IsSymposium { get; init; }
    public long EnterpriseId { get; init; }
}

/// <summary>One 家次 within the enterprises that count, with the enterprise's town for breakdowns.</summary>
public sealed class EnterpriseVisit
{
    public long VisitId { get; init; }
    public bool IsSymposium { get; init; }
    public long EnterpriseId { get; init; }
    public long TownId { get; init; }
}
