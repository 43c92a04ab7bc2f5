using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>One batch's figures, or the whole set's when <see cref="Batch"/> is null.</summary>
public sealed record BatchFigures(string? Batch, ProjectFigures Figures);

/// <summary>
/// The 三个一批 figures of any project query (scope and page filters already applied), counted in SQL per batch: one
/// statement over the projects with their procedures (stage counts, investment, plans, procedures done) and one over their
/// monthly reports (both from the per-project sums the database keeps, V0087), each grouped by batch, so the query filters
/// apply unchanged. The definitions are
/// <see cref="ProjectFigures"/>'s (ADR-020); this is their only SQL.
/// </summary>
public static class ProjectFigureQuery
{
    /// <summary>The figures per batch (in batch order) and, first, those of all the projects together.</summary>
    public static async Task<IReadOnlyList<BatchFigures>> FiguresByBatchAsync(this IQueryable<Project> projects, AppDbContext db,
        YearMonth asOf, DateOnly today, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var year = asOf.Year;
        var yearStart = new DateOnly(year, 1, 1);
        var through = asOf.FirstDay;

        // 履约: a signed project keeps its contract timetable when every later milestone whose planned date is already
        // past has been reached. A project without planned dates has nothing it could be late with.
        // The procedures come from the per-project counts (V0087), joined to the same pass over the projects.
        var stages = await (
                from p in projects
                join x in db.ProjectProcedureCounts on p.Id equals x.ProjectId into counted
                from x in counted.DefaultIfEmpty()
                select new { p.Batch, p.Stage, p.TotalInvestment, p.StartedPlannedOn, p.ProducingPlannedOn, p.EffectivePlannedOn,
                             p.AnnualPlanYear, p.AnnualPlanInvestment, Procedures = (int?)x.Procedures, Done = (int?)x.Done })
            .GroupBy(p => p.Batch).Select(g => new
        {
            Batch = g.Key,
            Projects = g.Count(),
            Total = g.Sum(p => p.TotalInvestment),
            Signed = g.Count(p => p.Stage >= ProjectStage.Signed),
            SignedInvestment = g.Sum(p => p.Stage >= ProjectStage.Signed ? p.TotalInvestment : 0m),
            Honoured = g.Count(p => p.Stage >= ProjectStage.Signed
                                    && !(p.Stage < ProjectStage.Started && p.StartedPlannedOn != null && p.StartedPlannedOn < today)
                                    && !(p.Stage < ProjectStage.Producing && p.ProducingPlannedOn != null && p.ProducingPlannedOn < today)
                                    && !(p.Stage < ProjectStage.Effective && p.EffectivePlannedOn != null && p.EffectivePlannedOn < today)),
            Started = g.Count(p => p.Stage >= ProjectStage.Started),
            StartedInvestment = g.Sum(p => p.Stage >= ProjectStage.Started ? p.TotalInvestment : 0m),
            Producing = g.Count(p => p.Stage >= ProjectStage.Producing),
            ProducingInvestment = g.Sum(p => p.Stage >= ProjectStage.Producing ? p.TotalInvestment : 0m),
            Effective = g.Count(p => p.Stage >= ProjectStage.Effective),
            Plan = g.Sum(p => p.AnnualPlanYear == year ? p.AnnualPlanInvestment ?? 0m : 0m),
            Procedures = g.Sum(p => p.Procedures ?? 0),
            ProceduresDone = g.Sum(p => p.Done ?? 0),
        }).ToListAsync(ct);

        // Completed investment up to the as-of month; this year's counts only for projects with a plan for this year. Summed
        // from the per-project years (V0087) unless a month of the as-of year after the as-of month is reported (an as-of
        // month in the past): then the year's sum is not "up to the as-of month", and the reports themselves are summed.
        var nextYear = new DateOnly(year + 1, 1, 1);
        var partYear = await db.ProjectInvestmentReports.AnyAsync(r => r.Month > through && r.Month < nextYear, ct);
        var amounts = partYear
            ? projects.Join(db.ProjectInvestmentReports.Where(r => r.Month <= through), p => p.Id, r => r.ProjectId,
                (p, r) => new MoneySource { Batch = p.Batch, Stage = p.Stage, PlannedThisYear = p.AnnualPlanYear == year, InYear = r.Month >= yearStart, Amount = r.Amount })
            : projects.Join(db.ProjectInvestmentYears.Where(y => y.Year <= year), p => p.Id, y => y.ProjectId,
                (p, y) => new MoneySource { Batch = p.Batch, Stage = p.Stage, PlannedThisYear = p.AnnualPlanYear == year, InYear = y.Year == year, Amount = y.Amount });
        var money = (await amounts.GroupBy(x => x.Batch).Select(g => new
            {
                Batch = g.Key,
                Completed = g.Sum(x => x.Amount),
                ProducingCompleted = g.Sum(x => x.Stage >= ProjectStage.Producing ? x.Amount : 0m),
                ThisYear = g.Sum(x => x.PlannedThisYear && x.InYear ? x.Amount : 0m),
            }).ToListAsync(ct)).ToDictionary(x => x.Batch);

        var byBatch = stages.Select(s =>
            {
                var m = money.GetValueOrDefault(s.Batch);
                return new BatchFigures(s.Batch, new ProjectFigures(s.Projects, s.Total, s.Signed, s.SignedInvestment, s.Honoured, s.Started,
                    s.StartedInvestment, s.Producing, s.ProducingInvestment, m?.ProducingCompleted ?? 0m, s.Effective, m?.Completed ?? 0m, s.Plan,
                    m?.ThisYear ?? 0m, s.Procedures, s.ProceduresDone, asOf));
            })
            .OrderBy(b => BatchOrder(b.Batch)).ThenBy(b => b.Batch, StringComparer.Ordinal).ToList();
        return [new BatchFigures(null, Sum(byBatch.Select(b => b.Figures), asOf)), .. byBatch];
    }

    /// <summary>An amount of a project (one report, or one year's sum) as the investment figures group it.</summary>
    private sealed class MoneySource
    {
        public string Batch { get; init; } = "";
        public ProjectStage Stage { get; init; }
        public bool PlannedThisYear { get; init; }
        public bool InYear { get; init; }
        public decimal Amount { get; init; }
    }

    private static ProjectFigures Sum(IEnumerable<ProjectFigures> parts, YearMonth asOf) => parts.Aggregate(ProjectFigures.Empty(asOf), (a, b) => a with
    {
        Projects = a.Projects + b.Projects, TotalInvestment = a.TotalInvestment + b.TotalInvestment,
        Signed = a.Signed + b.Signed, SignedInvestment = a.SignedInvestment + b.SignedInvestment, Honoured = a.Honoured + b.Honoured,
        Started = a.Started + b.Started, StartedInvestment = a.StartedInvestment + b.StartedInvestment,
        Producing = a.Producing + b.Producing, ProducingInvestment = a.ProducingInvestment + b.ProducingInvestment,
        ProducingCompleted = a.ProducingCompleted + b.ProducingCompleted, Effective = a.Effective + b.Effective,
        CompletedInvestment = a.CompletedInvestment + b.CompletedInvestment, AnnualPlan = a.AnnualPlan + b.AnnualPlan,
        CompletedThisYear = a.CompletedThisYear + b.CompletedThisYear, Procedures = a.Procedures + b.Procedures,
        ProceduresDone = a.ProceduresDone + b.ProceduresDone,
    });

    /// <summary>第一期, 第二期 … 第十二期 sort by their number, not by their characters.</summary>
    public static int BatchOrder(string? batch)
    {
        if (string.IsNullOrEmpty(batch)) return int.MaxValue;
        var digits = new string(batch.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0 && int.TryParse(digits, out var n)) return n;
        const string numerals = "零一二三四五六七八九";
        var value = 0;
        var current = 0;
        var any = false;
        foreach (var c in batch)
        {
            var d = numerals.IndexOf(c);
            if (d >= 0) { current = d; any = true; }
            else if (c == '十') { value += (current == 0 ? 1 : current) * 10; current = 0; any = true; }
        }
        return any ? value + current : int.MaxValue - 1;
    }
}
