using EnterpriseAid.Benchmarks.Generation;
using EnterpriseAid.Benchmarks.Running;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Reporting;

/// <summary>
/// The daily roll-up of the visit figures and the enterprises' last visits (V0088, ADR-034) against the live count of the
/// same (visit, enterprise) pairs, on generated data: after the bulk load (rebuilt) and after visits are added, moved to
/// another day, given fewer enterprises, deleted, and enterprises moved to another city (kept by the triggers).
/// </summary>
public sealed class VisitRollupTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly GeneratorOptions Options = new(0.002, 17, Today);

    [Fact]
    public async Task The_roll_up_gives_the_live_figures_after_the_load_and_after_every_kind_of_change()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("visitrollup");
        await new ProvinceGenerator(db.ConnectionString, Options).RunAsync();
        var targets = await BenchTargets.FindAsync(db.ConnectionString);
        (await db.ScalarAsync<long>("SELECT sum(pairs) FROM visit_day_figures WHERE depth = 0"))
            .ShouldBe(await db.ScalarAsync<long>("SELECT count(*) FROM visit_enterprises WHERE counted"));
        await CompareEverywhereAsync(db, targets);

        // New visits copied from existing ones (a symposium keeps all its enterprises), some a day later.
        await db.ExecuteAsync("""
            INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            SELECT visited_on + (id % 2)::int, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at
            FROM visits WHERE id % 7 = 0 AND joins_inspection_id IS NULL;
            """);
        // Moved to another day, a symposium losing enterprises, deleted visits, a joining inspection made its own visit.
        await db.ExecuteAsync("""
            UPDATE visits SET visited_on = visited_on - 3 WHERE id % 11 = 0;
            UPDATE visits SET enterprise_ids = enterprise_ids[1:2] WHERE kind = 'Symposium' AND id % 3 = 0;
            DELETE FROM visits v WHERE id % 13 = 0 AND NOT EXISTS (SELECT 1 FROM problems p WHERE p.visit_id = v.id)
                AND NOT EXISTS (SELECT 1 FROM visits j WHERE j.joins_inspection_id = v.id);
            UPDATE visits SET joins_inspection_id = NULL WHERE joins_inspection_id IS NOT NULL AND id % 2 = 0;
            """);
        // Enterprises of the district moving to a town of another city take their visits (and last visits) along.
        await db.ExecuteAsync($"""
            UPDATE enterprises SET town_id = (SELECT id FROM org_units WHERE kind IN ('Town', 'Street') AND path NOT LIKE '{targets.CityPath}%' ORDER BY id LIMIT 1)
                WHERE id IN (SELECT enterprise_id FROM visit_enterprises WHERE region_path LIKE '{targets.DistrictPath}%' ORDER BY visit_id LIMIT 25);
            """);
        (await db.ScalarAsync<long>("SELECT sum(pairs) FROM visit_day_figures WHERE depth = 2"))
            .ShouldBe(await db.ScalarAsync<long>("SELECT count(*) FROM visit_enterprises WHERE counted"));
        await CompareEverywhereAsync(db, targets);

        // And what the triggers kept equals a rebuild from scratch.
        const string contents = """
            SELECT md5(coalesce((SELECT string_agg(concat_ws(',', depth, region_path, visited_on, kind, pairs, visits), ';'
                                     ORDER BY depth, region_path, visited_on, kind)
                                 FROM visit_day_figures WHERE (pairs, visits) <> (0, 0)), '')
                    || coalesce((SELECT string_agg(concat_ws(',', enterprise_id, region_path, last_visited_on), ';' ORDER BY enterprise_id)
                                 FROM enterprise_last_visits), '')
                    || coalesce((SELECT string_agg(concat_ws(',', depth, region_path, last_visited_on, enterprises), ';'
                                     ORDER BY depth, region_path, last_visited_on)
                                 FROM last_visit_day_counts WHERE enterprises <> 0), ''))
            """;
        var kept = await db.ScalarAsync<string>(contents);
        await db.ExecuteAsync("SELECT visit_rollup_rebuild()");
        (await db.ScalarAsync<string>(contents)).ShouldBe(kept);
    }

    [Fact]
    public async Task A_period_ending_before_the_last_visits_a_kind_a_town_or_a_department_is_counted_live()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("visitrollup");
        await new ProvinceGenerator(db.ConnectionString, Options with { Scale = 0.0005 }).RunAsync();
        var targets = await BenchTargets.FindAsync(db.ConnectionString);
        await using var services = BenchmarkRunner.BuildServices(db.ConnectionString);
        var town = await db.ScalarAsync<string>($"SELECT path FROM org_units WHERE kind IN ('Town', 'Street') AND path LIKE '{targets.DistrictPath}%' ORDER BY id LIMIT 1");
        foreach (var (scope, region, from, to, kind) in new (DataScope, string?, DateOnly, DateOnly, VisitKind?)[]
                 {
                     (DataScope.Everything, null, new(2025, 1, 1), new(2025, 12, 31), null),
                     (DataScope.Everything, null, new(2026, 1, 1), Today, VisitKind.Symposium),
                     (DataScope.Everything, town, new(2026, 1, 1), Today, null),
                     (DataScope.Region(town), null, new(2026, 1, 1), Today, null),
                     (DataScope.Department(targets.DepartmentId), null, new(2026, 1, 1), Today, null),
                 })
        {
            await using var request = services.CreateAsyncScope();
            request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = scope;
            var context = request.ServiceProvider.GetRequiredService<AppDbContext>();
            (await context.RollupVisitCountsAsync(from, to, region, kind)).ShouldBeNull($"{scope} {region} {from}–{to} {kind}");
            // The list still counts them, live.
            var page = await request.ServiceProvider.GetRequiredService<VisitListQueries>().ListAsync(new VisitCriteria(from, to, region, kind), null);
            var pairs = context.CountedVisits(from, to, region, kind);
            page.Figures.ShouldBe(await pairs.VisitFiguresAsync());
            page.Total.ShouldBe(await pairs.Select(p => p.VisitId).Distinct().CountAsync());
        }
    }

    private static async Task CompareEverywhereAsync(TestDatabase db, BenchTargets targets)
    {
        var otherCity = await db.ScalarAsync<string>($"SELECT path FROM org_units WHERE parent_id IS NULL AND path <> '{targets.CityPath}' ORDER BY id LIMIT 1");
        var last = await db.ScalarAsync<DateOnly>("SELECT max(visited_on) FROM visits");
        var periods = new (DateOnly From, DateOnly To)[]
        {
            (new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31)),
            (Today.AddDays(-364), last),
            (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
            (new DateOnly(2026, 10, 1), last),
            (last, last),
        };
        var cases = new (DataScope Scope, string? Region)[]
        {
            (DataScope.Everything, null),
            (DataScope.Everything, targets.CityPath),
            (DataScope.Everything, targets.DistrictPath),
            (DataScope.Everything, otherCity),
            (DataScope.Region(targets.CityPath), null),
            (DataScope.Region(targets.CityPath), targets.DistrictPath),
            (DataScope.Region(targets.DistrictPath), null),
            (DataScope.Region(targets.DistrictPath), targets.CityPath),
        };

        await using var services = BenchmarkRunner.BuildServices(db.ConnectionString);
        var compared = 0;
        foreach (var (scope, region) in cases)
        foreach (var (from, to) in periods)
        {
            await using var request = services.CreateAsyncScope();
            request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = scope;
            var context = request.ServiceProvider.GetRequiredService<AppDbContext>();

            var rolledUp = await context.RollupVisitCountsAsync(from, to, region, null);
            rolledUp.ShouldNotBeNull($"{scope} {region} {from}–{to}");
            var pairs = context.CountedVisits(from, to, region);
            rolledUp.Figures.ShouldBe(await pairs.VisitFiguresAsync(), $"{scope} {region} {from}–{to}");
            rolledUp.Visits.ShouldBe(await pairs.Select(p => p.VisitId).Distinct().CountAsync(), $"visits {scope} {region} {from}–{to}");
            if (rolledUp.Figures.EnterpriseVisits > 0) compared++;
        }
        compared.ShouldBeGreaterThan(cases.Length * 3);
    }
}
