using EnterpriseAid.Domain.Problems;
using EnterpriseAid.IntegrationTests.Features.Problems;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Reporting;

/// <summary>The figures counted by PostgreSQL match the definitions, on the known data set.</summary>
[Collection(ProblemDataCollection.Name)]
public sealed class ProblemFigureQueryTests(ProblemDataSet data)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private AppDbContext Context(DataScope scope)
    {
        var db = data.Portal.Factory.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        db.Scope = scope;
        return db;
    }

    private static IQueryable<Problem> DataSet(AppDbContext db) => db.Problems.AsNoTracking().Where(p => p.Number.StartsWith("2019-"));

    [Fact]
    public async Task Each_figure_of_the_known_set_is_counted_in_SQL()
    {
        await using var db = Context(DataScope.Everything);

        var figures = await DataSet(db).FiguresAsync(Today);

        figures.ShouldBe(new ProblemFigures(Total: 36, SolvedOnSpot: 2, Dispatched: 7, Resolved: 5, Overdue: 2,
            ResolvedWithDeadline: 3, ResolvedByDeadline: 2, Rated: 5, Satisfied: 4));
        ProblemFigures.Percent(figures.ResolutionRate).ShouldBe("13.9%");
        ProblemFigures.Percent(figures.OnTimeRate).ShouldBe("66.7%");
        ProblemFigures.Percent(figures.SatisfactionRate).ShouldBe("80%");
    }

    [Fact]
    public async Task SQL_and_the_in_memory_rules_agree_on_every_subset()
    {
        await using var db = Context(DataScope.Everything);
        var all = await DataSet(db).ToListAsync();

        foreach (var enterprise in data.Enterprises.Values)
        {
            var sql = await DataSet(db).Where(p => p.EnterpriseId == enterprise).FiguresAsync(Today);
            sql.ShouldBe(ProblemFigures.Of(all.Where(p => p.EnterpriseId == enterprise), Today));
        }
        // Overdue moves with the day: before the deadlines nothing was late.
        (await DataSet(db).FiguresAsync(new DateOnly(2019, 4, 10))).Overdue.ShouldBe(0);
        (await DataSet(db).FiguresAsync(new DateOnly(2019, 4, 11))).Overdue.ShouldBe(1);
        (await DataSet(db).FiguresAsync(new DateOnly(2019, 5, 21))).Overdue.ShouldBe(2);
    }

    [Fact]
    public async Task An_empty_set_has_zero_counts_and_no_rates()
    {
        await using var db = Context(DataScope.Everything);

        var figures = await DataSet(db).Where(p => p.Id < 0).FiguresAsync(Today);

        figures.ShouldBe(ProblemFigures.None);
        figures.ResolutionRate.ShouldBeNull();
        figures.OnTimeRate.ShouldBeNull();
        figures.SatisfactionRate.ShouldBeNull();
    }

    [Fact]
    public async Task Figures_are_counted_within_the_scope_of_the_context()
    {
        await using var region = Context(DataScope.Region(await data.Portal.Database.ScalarAsync<string>($"SELECT path FROM org_units WHERE id = {data.Towns["E3"]}")));
        await using var nobody = Context(DataScope.Nothing);

        (await DataSet(region).FiguresAsync(Today)).Total.ShouldBe(ProblemDataSet.Specs.Count(s => s.Enterprise == "E3"));
        (await DataSet(nobody).FiguresAsync(Today)).ShouldBe(ProblemFigures.None);
    }

    [Fact]
    public async Task Figures_by_a_key_equal_the_figures_of_each_subset()
    {
        await using var db = Context(DataScope.Everything);
        var all = await DataSet(db).ToListAsync();

        var byEnterprise = await DataSet(db).FiguresByAsync(p => p.EnterpriseId, Today);
        var byTown = await DataSet(db).FiguresByAsync(p => db.Enterprises.Where(e => e.Id == p.EnterpriseId).Select(e => e.TownId).First(), Today);

        byEnterprise.Keys.ShouldBe(all.Select(p => p.EnterpriseId).Distinct(), ignoreOrder: true);
        foreach (var (enterprise, figures) in byEnterprise)
            figures.ShouldBe(ProblemFigures.Of(all.Where(p => p.EnterpriseId == enterprise), Today));
        byTown.Values.Sum(f => f.Total).ShouldBe(all.Count);
        foreach (var (town, figures) in byTown)
            figures.ShouldBe(await DataSet(db).Where(p => db.Enterprises.Any(e => e.Id == p.EnterpriseId && e.TownId == town)).FiguresAsync(Today));
    }
}
