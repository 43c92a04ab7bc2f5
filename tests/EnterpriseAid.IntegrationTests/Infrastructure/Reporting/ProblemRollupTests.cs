using EnterpriseAid.Benchmarks.Generation;
using EnterpriseAid.Benchmarks.Running;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Reporting;

/// <summary>
/// The daily roll-up of the problem figures (V0070, ADR-024) and the open problems' deadline days (V0095, ADR-035) against
/// the live count of the same problems, on generated data: after the bulk load (rebuilt) and after inserts, status
/// changes, ratings, new deadlines, moves and deletes (kept by the triggers), for several periods, regions and scopes.
/// </summary>
public sealed class ProblemRollupTests : IClassFixture<ProblemRollupTests.GeneratedProvince>
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly GeneratorOptions Options = new(0.002, 13, Today);
    private TestDatabase _db;
    private BenchTargets _targets;

    /// <summary>One generated province for the tests that only read; the test that changes data generates its own.</summary>
    public sealed class GeneratedProvince : IAsyncLifetime
    {
        public TestDatabase Db { get; private set; } = null!;
        public BenchTargets Targets { get; private set; } = null!;

        public async Task InitializeAsync() => (Db, Targets) = await GenerateAsync();

        public async Task DisposeAsync() => await Db.DisposeAsync();
    }

    public ProblemRollupTests(GeneratedProvince province)
    {
        ArgumentNullException.ThrowIfNull(province);
        (_db, _targets) = (province.Db, province.Targets);
    }

    private static async Task<(TestDatabase, BenchTargets)> GenerateAsync()
    {
        var db = await TestPostgres.CreateDatabaseAsync("rollup");
        await new ProvinceGenerator(db.ConnectionString, Options).RunAsync();
        return (db, await BenchTargets.FindAsync(db.ConnectionString));
    }

    [Fact]
    public async Task The_rebuilt_roll_up_gives_the_live_figures()
    {
        (await _db.ScalarAsync<long>("SELECT sum(total) FROM problem_day_figures WHERE depth = 1")).ShouldBe(Options.Problems);
        (await _db.ScalarAsync<long>("SELECT sum(total) FROM problem_day_figures WHERE depth = 2")).ShouldBe(Options.Problems);
        await CompareEverywhereAsync();
    }

    [Fact]
    public async Task The_triggers_keep_the_roll_up_equal_to_the_live_figures_and_to_a_rebuild()
    {
        // This test changes the data: a province of its own.
        (_db, _targets) = await GenerateAsync();
        await using var own = _db;
        // New problems, some registered a few hours later so that they fall on the next Beijing day.
        await _db.ExecuteAsync("""
            CREATE TEMP TABLE copied AS SELECT * FROM problems WHERE id % 9 = 0;
            UPDATE copied SET id = id + 10000000, number = 'X' || substr(number, 2), created_at = created_at + interval '7 hours';
            INSERT INTO problems SELECT * FROM copied;
            """);
        // Dispatched, resolved (on time or late), rated, reopened: every column a rule reads.
        await _db.ExecuteAsync("""
            UPDATE problems SET status = 'Resolved', resolved_at = now(), resolved_by_deadline = (id % 2 = 0)
                WHERE status IN ('InProgress', 'Assigned') AND id % 3 = 0;
            UPDATE problems SET satisfaction = CASE WHEN id % 2 = 0 THEN 'Unsatisfied' ELSE 'BasicallySatisfied' END, rated_at = now()
                WHERE status = 'Resolved' AND satisfaction IS NULL AND id % 4 = 1;
            UPDATE problems SET status = 'InProgress', reopen_count = reopen_count + 1 WHERE status = 'Resolved' AND id % 11 = 0;
            UPDATE problems SET resolved_on_spot = false, status = 'Reported' WHERE resolved_on_spot AND id % 13 = 0;
            UPDATE problems SET dispatched_at = now(), status = 'Assigned' WHERE status = 'Reported' AND dispatched_at IS NULL AND id % 5 = 0;
            UPDATE problems SET created_at = created_at - interval '40 days' WHERE id % 17 = 0;
            UPDATE problems SET title = title || '。' WHERE id % 19 = 0;
            """);
        // Enterprises moving to a town of another city take their problems (and their figures) along.
        await _db.ExecuteAsync($"""
            UPDATE enterprises SET town_id = (SELECT id FROM org_units WHERE kind IN ('Town', 'Street') AND path NOT LIKE '{_targets.CityPath}%' ORDER BY id LIMIT 1)
                WHERE id IN (SELECT enterprise_id FROM problems WHERE region_path LIKE '{_targets.DistrictPath}%' ORDER BY id LIMIT 20);
            """);
        await _db.ExecuteAsync("""
            DELETE FROM problems p WHERE id % 23 = 0 AND NOT EXISTS (SELECT 1 FROM supervision_notices n WHERE n.problem_id = p.id);
            """);

        // The escalation job raising, changing and clearing flags.
        await _db.ExecuteAsync("""
            UPDATE problem_flags SET flag = 'Red', since = now() WHERE flag <> 'Red' AND problem_id % 3 = 0;
            DELETE FROM problem_flags WHERE problem_id % 7 = 0;
            INSERT INTO problem_flags (problem_id, flag, since, checked_at)
                SELECT id, 'Blue', now(), now() FROM problems p
                WHERE status IN ('Reported', 'Assigned', 'InProgress') AND id % 5 = 1
                  AND NOT EXISTS (SELECT 1 FROM problem_flags f WHERE f.problem_id = p.id);
            UPDATE problems SET deadline = deadline + 3 WHERE id IN (SELECT problem_id FROM problem_flags WHERE problem_id % 4 = 0);
            """);

        (await _db.ScalarAsync<long>("SELECT sum(total) FROM problem_day_figures"))
            .ShouldBe(2 * await _db.ScalarAsync<long>("SELECT count(*) FROM problems"));
        await CompareEverywhereAsync();

        const string contents = """
            SELECT md5(string_agg(concat_ws(',', depth, region_path, registered_on, total, solved_on_spot, dispatched, resolved,
                                            resolved_with_deadline, resolved_by_deadline, rated, satisfied), ';'
                                  ORDER BY depth, region_path, registered_on))
            FROM problem_day_figures
            WHERE (total, solved_on_spot, dispatched, resolved, resolved_with_deadline, resolved_by_deadline, rated, satisfied)
                  <> (0, 0, 0, 0, 0, 0, 0, 0)
            """;
        var kept = await _db.ScalarAsync<string>(contents);
        await _db.ExecuteAsync("SELECT problem_day_figures_rebuild()");
        (await _db.ScalarAsync<string>(contents)).ShouldBe(kept);

        const string deadlines = """
            SELECT md5(string_agg(concat_ws(',', depth, region_path, deadline, open_count), ';' ORDER BY depth, region_path, deadline))
            FROM problem_open_deadlines WHERE open_count <> 0
            """;
        (await _db.ScalarAsync<long>("SELECT sum(open_count) FROM problem_open_deadlines WHERE depth = 2"))
            .ShouldBe(await _db.ScalarAsync<long>("SELECT count(*) FROM problems WHERE status IN ('Reported', 'Assigned', 'InProgress') AND deadline IS NOT NULL"));
        var keptDeadlines = await _db.ScalarAsync<string>(deadlines);
        await _db.ExecuteAsync("SELECT problem_open_deadlines_rebuild()");
        (await _db.ScalarAsync<string>(deadlines)).ShouldBe(keptDeadlines);

        const string list = """
            SELECT md5(string_agg(concat_ws(',', problem_id, flag, flag_rank, since, is_open, deadline, created_at, region_path,
                                            lead_department_id), ';' ORDER BY problem_id))
            FROM flagged_problems
            """;
        var listed = await _db.ScalarAsync<string>(list);
        (await _db.ScalarAsync<long>("SELECT flagged_problems_sync(NULL)")).ShouldBe(await _db.ScalarAsync<long>("SELECT count(*) FROM problem_flags"));
        (await _db.ScalarAsync<string>(list)).ShouldBe(listed);
    }

    [Fact]
    public async Task The_supervision_list_shows_the_open_flagged_problems_red_first_then_by_deadline()
    {
        await using var services = BenchmarkRunner.BuildServices(_db.ConnectionString);
        foreach (var (scope, level, where) in new (DataScope, string?, string)[]
                 {
                     (DataScope.Everything, null, "true"),
                     (DataScope.Region(_targets.CityPath), "red", $"p.region_path LIKE '{_targets.CityPath}%' AND f.flag = 'Red'"),
                     (DataScope.Region(_targets.DistrictPath), "yellow", $"p.region_path LIKE '{_targets.DistrictPath}%' AND f.flag = 'Yellow'"),
                 })
        {
            await using var request = services.CreateAsyncScope();
            request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = scope;
            var list = await request.ServiceProvider.GetRequiredService<Web.Features.Supervision.SupervisionQueries>()
                .FlaggedAsync(new Web.Features.Supervision.FlaggedFilter(level, null, 1));

            const string open = "p.status IN ('Reported', 'Assigned', 'InProgress')";
            var expected = await _db.ScalarAsync<string>($"""
                SELECT string_agg(id::text, ',' ORDER BY rank, deadline, id) FROM (
                    SELECT p.id, p.deadline, CASE f.flag WHEN 'Red' THEN 0 WHEN 'Yellow' THEN 1 ELSE 2 END AS rank
                    FROM problem_flags f JOIN problems p ON p.id = f.problem_id WHERE {open} AND {where}
                    ORDER BY rank, p.deadline, p.id LIMIT 20) AS firsts
                """);
            string.Join(',', list.Items.Select(i => i.Id)).ShouldBe(expected, $"{scope} {level}");
            list.Total.ShouldBe((int)await _db.ScalarAsync<long>(
                $"SELECT count(*) FROM problem_flags f JOIN problems p ON p.id = f.problem_id WHERE {open} AND {where}"));
            list.Items.Count.ShouldBeGreaterThan(0);
        }
    }

    [Fact]
    public async Task A_department_scope_started_from_its_three_sets_sees_the_same_problems()
    {
        await using var services = BenchmarkRunner.BuildServices(_db.ConnectionString);
        var departments = new List<long> { _targets.DepartmentId };
        // A department that co-handles and one with enterprises assigned, beside the lead department of the targets.
        departments.Add(await _db.ScalarAsync<long>("SELECT department_id FROM problem_co_handlers ORDER BY problem_id DESC LIMIT 1"));
        departments.Add(await _db.ScalarAsync<long>("SELECT org_unit_id FROM assignments WHERE role = 'department' ORDER BY id DESC LIMIT 1"));
        var seen = 0;
        foreach (var department in departments)
        foreach (var (from, to) in new (DateOnly? From, DateOnly? To)[] { (null, null), (Today.AddDays(-364), Today), (new DateOnly(2026, 11, 1), Today) })
        {
            await using var request = services.CreateAsyncScope();
            request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = DataScope.Department(department);
            var db = request.ServiceProvider.GetRequiredService<AppDbContext>();

            var narrowed = Live(db.Problems.AsNoTracking().StartingFromDepartment(db), null, from, to);
            var plain = Live(db.Problems.AsNoTracking(), null, from, to);
            (await narrowed.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync())
                .ShouldBe(await plain.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(), $"department {department} {from}–{to}");
            (await narrowed.FiguresAsync(Today)).ShouldBe(await plain.FiguresAsync(Today));
            seen += await plain.CountAsync();
        }
        seen.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Towns_departments_and_enterprises_are_not_answered_by_the_roll_up()
    {
        ProblemRollupQuery.TryRegion(DataScope.Everything, null, out var region).ShouldBeTrue();
        region.ShouldBeNull();
        ProblemRollupQuery.TryRegion(DataScope.Everything, "/1/2/", out region).ShouldBeTrue();
        region.ShouldBe("/1/2/");
        ProblemRollupQuery.TryRegion(DataScope.Everything, "/1/2/3/", out _).ShouldBeFalse();
        ProblemRollupQuery.TryRegion(DataScope.Region("/1/"), null, out region).ShouldBeTrue();
        region.ShouldBe("/1/");
        ProblemRollupQuery.TryRegion(DataScope.Region("/1/"), "/1/2/", out region).ShouldBeTrue();
        region.ShouldBe("/1/2/");
        ProblemRollupQuery.TryRegion(DataScope.Region("/1/2/"), "/1/", out region).ShouldBeTrue();
        region.ShouldBe("/1/2/");
        ProblemRollupQuery.TryRegion(DataScope.Region("/1/"), "/4/", out _).ShouldBeFalse();
        ProblemRollupQuery.TryRegion(DataScope.Region("/1/2/3/"), null, out _).ShouldBeFalse();
        ProblemRollupQuery.TryRegion(DataScope.Department(5), null, out _).ShouldBeFalse();
        ProblemRollupQuery.TryRegion(DataScope.OfEnterprise(5), null, out _).ShouldBeFalse();
        ProblemRollupQuery.TryRegion(DataScope.Nothing, null, out _).ShouldBeFalse();
    }

    private async Task CompareEverywhereAsync()
    {
        var otherCity = await _db.ScalarAsync<string>($"SELECT path FROM org_units WHERE parent_id IS NULL AND path <> '{_targets.CityPath}' ORDER BY id LIMIT 1");
        var periods = new (DateOnly? From, DateOnly? To)[]
        {
            (null, null),
            (Today.AddDays(-364), Today),
            (new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)),
            (Today, Today),
            (new DateOnly(2025, 2, 17), new DateOnly(2025, 8, 3)),
            (null, new DateOnly(2025, 12, 31)),
            (new DateOnly(2026, 3, 1), null),
        };
        var cases = new (DataScope Scope, string? Region)[]
        {
            (DataScope.Everything, null),
            (DataScope.Everything, _targets.CityPath),
            (DataScope.Everything, _targets.DistrictPath),
            (DataScope.Everything, otherCity),
            (DataScope.Region(_targets.CityPath), null),
            (DataScope.Region(_targets.CityPath), _targets.DistrictPath),
            (DataScope.Region(_targets.DistrictPath), null),
            (DataScope.Region(_targets.DistrictPath), _targets.CityPath),
        };

        await using var services = BenchmarkRunner.BuildServices(_db.ConnectionString);
        var compared = 0;
        foreach (var (scope, region) in cases)
        foreach (var (from, to) in periods)
        {
            await using var request = services.CreateAsyncScope();
            request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = scope;
            var db = request.ServiceProvider.GetRequiredService<AppDbContext>();

            var rolledUp = await db.RollupFiguresAsync(region, from, to, Today);
            rolledUp.ShouldNotBeNull($"{scope} {region}");
            var live = await Live(db.Problems.AsNoTracking(), region, from, to).FiguresAsync(Today);
            rolledUp.ShouldBe(live, $"{scope} {region} {from}–{to}");
            if (live.Total > 0) compared++;
            if (from is { } f && to is { } t)
                (await db.FlagCountsAsync(region, f, t)).ShouldBe(await Live(db.Problems.AsNoTracking(), region, f, t).FlagCountsAsync(db), $"flags {scope} {region} {f}–{t}");
        }
        compared.ShouldBeGreaterThan(cases.Length * 3);
    }

    /// <summary>The problems registered on the Beijing days of the period in the scope and region, as the problem list filters them.</summary>
    private static IQueryable<Problem> Live(IQueryable<Problem> problems, string? region, DateOnly? from, DateOnly? to) =>
        problems.InRegion(region).RegisteredBetween(from, to);
}
