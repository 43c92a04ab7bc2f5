using EnterpriseAid.Benchmarks.Generation;
using EnterpriseAid.Benchmarks.Running;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Assignments;
using EnterpriseAid.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Reporting;

/// <summary>
/// The coverage summary the snapshot pass stores for the province and each city (ADR-032) against the live count of the
/// coverage page for the same scope, on generated data, and the province's against a plain SQL count.
/// </summary>
public sealed class CoverageSummarySnapshotTests
{
    [Fact]
    public async Task The_stored_summaries_of_the_province_and_each_city_equal_the_live_count()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("covsummary");
        await new ProvinceGenerator(db.ConnectionString, new GeneratorOptions(0.001, 23, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)))).RunAsync();
        await using var services = BenchmarkRunner.BuildServices(db.ConnectionString);
        var pass = await services.GetRequiredService<DashboardSnapshotRefresher>().RunOnceAsync(evenIfRecent: true);
        pass.Ran.ShouldBeTrue();

        var cities = (await db.ScalarAsync<string>("SELECT string_agg(path, ' ' ORDER BY id) FROM org_units WHERE parent_id IS NULL AND kind <> 'Department'"))
            .Split(' ');
        cities.Length.ShouldBeGreaterThan(1);
        (await db.ScalarAsync<long>("SELECT count(*) FROM dashboard_snapshots WHERE key LIKE 'coverage|%'")).ShouldBe(cities.Length + 1);
        CoverageSummary? province = null;
        foreach (var scope in cities.Select(DataScope.Region).Prepend(DataScope.Everything))
        {
            await using var request = services.CreateAsyncScope();
            request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = scope;
            var context = request.ServiceProvider.GetRequiredService<AppDbContext>();
            var queries = request.ServiceProvider.GetRequiredService<CoverageQueries>();
            var quarter = Quarter.Of(queries.Today);
            var target = (await VisitTargetSettings.ReadAsync(context)).PerQuarter;

            var summaries = request.ServiceProvider.GetRequiredService<CoverageSummaries>();
            var stored = await summaries.SummaryAsync(CoverageSummaries.Unfiltered, quarter, target);
            summaries.AsOf.ShouldNotBeNull(scope.ToString());
            stored.ShouldBe(await queries.SummaryAsync(CoverageSummaries.Unfiltered, quarter, target), scope.ToString());
            province ??= stored;
        }

        const string active = "a.enterprise_id = e.id AND a.starts_on <= (now() AT TIME ZONE 'Asia/Shanghai')::date "
                              + "AND (a.ends_on IS NULL OR a.ends_on >= (now() AT TIME ZONE 'Asia/Shanghai')::date)";
        async Task<int> CountAsync(string condition) => (int)await db.ScalarAsync<long>($"SELECT count(*) FROM enterprises e WHERE {condition}");
        province!.Enterprises.ShouldBe(await CountAsync("true"));
        province.WithoutLeader.ShouldBe(await CountAsync($"NOT EXISTS (SELECT 1 FROM assignments a WHERE {active} AND a.role = 'leader')"));
        province.WithoutLiaison.ShouldBe(await CountAsync($"NOT EXISTS (SELECT 1 FROM assignments a WHERE {active} AND a.role = 'liaison')"));
        province.BelowTarget.ShouldBe(await CountAsync($"""
            (SELECT count(*) FROM visit_enterprises v WHERE v.enterprise_id = e.id
               AND v.visited_on >= date_trunc('quarter', now() AT TIME ZONE 'Asia/Shanghai')::date
               AND v.visited_on <= (date_trunc('quarter', now() AT TIME ZONE 'Asia/Shanghai') + interval '3 months - 1 day')::date) < {province.Target}
            """));
        province.WithoutLeader.ShouldBeInRange(1, province.Enterprises - 1);
        province.BelowTarget.ShouldBeInRange(1, province.Enterprises - 1);
    }
}
