using EnterpriseAid.Benchmarks.Generation;
using EnterpriseAid.Benchmarks.Running;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Benchmarks;

/// <summary>
/// The benchmark's generator and runner at a tiny scale: correctness only (consistent data, scopes that work, every
/// query runs). The timings themselves are measured by scripts/bench.sh, never asserted here.
/// </summary>
public sealed class ProvinceBenchmarkSmokeTests : IAsyncLifetime
{
    private static readonly GeneratorOptions Options = new(0.0005, 7, new DateOnly(2026, 11, 20));
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("bench");
        await new ProvinceGenerator(_db.ConnectionString, Options).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Generates_the_requested_volumes_in_every_status()
    {
        (await Count("enterprises")).ShouldBe(Options.Enterprises);
        (await Count("visits")).ShouldBe(Options.Visits);
        (await Count("problems")).ShouldBe(Options.Problems);
        (await Count("org_units WHERE parent_id IS NULL")).ShouldBe(Options.Cities);
        (await Count("org_units WHERE kind IN ('Town', 'Street')")).ShouldBe(Options.Cities * Options.DistrictsPerCity * Options.TownsPerDistrict);
        (await Count("visits WHERE kind = 'Symposium' AND cardinality(enterprise_ids) > 1")).ShouldBeGreaterThan(0);
        foreach (var status in new[] { "Reported", "Assigned", "InProgress", "Resolved", "Closed" })
            (await Count($"problems WHERE status = '{status}'")).ShouldBeGreaterThan(0, status);
        (await Count("problems WHERE resolved_on_spot")).ShouldBeGreaterThan(0);
        (await Count("problem_co_handlers")).ShouldBeGreaterThan(0);
        (await Count("problem_flags")).ShouldBeGreaterThan(0);
        (await Count("supervision_notices")).ShouldBeGreaterThan(0);
        (await Count("assignments")).ShouldBeGreaterThan(Options.Enterprises);
        // Two years of history, none of it after the last day.
        (await _db.ScalarAsync<int>("SELECT (max(visited_on) - min(visited_on)) FROM visits")).ShouldBeGreaterThan(700);
        (await Count("problems WHERE created_at >= '2026-11-20T16:00:00Z'")).ShouldBe(0);

        (await Count("users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id WHERE r.name = 'Official'"))
            .ShouldBeGreaterThanOrEqualTo(Options.Officials);
        (await Count("users WHERE enterprise_id IS NOT NULL")).ShouldBeGreaterThan(0);
        (await Count("subsidy_applications")).ShouldBe(Options.SubsidyApplications);
        (await Count("projects")).ShouldBe(Options.Projects);
        foreach (var table in new[] { "policies", "policy_pushes", "subsidy_programs", "subsidy_events", "project_procedures",
                     "project_investment_reports", "assistance_records", "operating_reports" })
            (await Count(table)).ShouldBeGreaterThan(0, table);
    }

    [Fact]
    public async Task Accounts_share_the_demo_password_and_subsidies_and_projects_keep_the_domain_rules()
    {
        // One hash for every account, and it is the demo password's.
        (await _db.ScalarAsync<long>("SELECT count(DISTINCT password_hash) FROM users")).ShouldBe(1);
        var hash = await _db.ScalarAsync<string>("SELECT password_hash FROM users LIMIT 1");
        new Microsoft.AspNetCore.Identity.PasswordHasher<EnterpriseAid.Infrastructure.Identity.AppUser>()
            .VerifyHashedPassword(new EnterpriseAid.Infrastructure.Identity.AppUser(), hash, ProvinceGenerator.DemoPassword)
            .ShouldNotBe(Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
        (await Count("users WHERE user_name = 'admin'")).ShouldBe(1);
        (await Count("users WHERE phone_number !~ '^1[3-9][0-9]{9}$'")).ShouldBe(0);

        // 政策兑现: the approved total is what stands approved; each application's status is one its programme's stage allows,
        // its last event says the same, and it belongs to the programme's region.
        (await Count("""
            subsidy_programs p WHERE p.approved_total <> (SELECT coalesce(sum(a.approved_amount), 0) FROM subsidy_applications a
                                                          WHERE a.program_id = p.id AND a.status <> 'Rejected')
            """)).ShouldBe(0);
        (await Count("""
            subsidy_applications a JOIN subsidy_programs p ON p.id = a.program_id
            WHERE NOT ((p.stage = 'Open' AND a.status IN ('Submitted', 'Approved', 'Rejected'))
                    OR (p.stage = 'InNotice' AND a.status IN ('InNotice', 'Rejected'))
                    OR (p.stage = 'NoticeEnded' AND a.status IN ('NoticeEnded', 'Disbursed', 'Rejected')))
            """)).ShouldBe(0);
        (await Count("subsidy_applications WHERE (status = 'Disbursed') <> (disbursed_on IS NOT NULL AND disbursed_amount IS NOT NULL)")).ShouldBe(0);
        (await Count("subsidy_applications WHERE (status IN ('Submitted', 'Rejected')) <> (approved_amount IS NULL)")).ShouldBe(0);
        (await Count("subsidy_applications WHERE automatic <> EXISTS (SELECT 1 FROM subsidy_programs p WHERE p.id = program_id AND p.mian_shen_ji_xiang)"))
            .ShouldBe(0);
        (await Count("""
            subsidy_applications a WHERE a.status <> (SELECT CASE e.kind WHEN 'Submitted' THEN 'Submitted' WHEN 'AutoCreated' THEN 'Submitted'
                                                                         WHEN 'Objection' THEN 'InNotice' WHEN 'NoticeStarted' THEN 'InNotice'
                                                                         ELSE e.kind END
                                                      FROM subsidy_events e WHERE e.application_id = a.id ORDER BY e.at DESC, e.id DESC LIMIT 1)
            """)).ShouldBe(0);
        (await Count("""
            subsidy_applications a JOIN subsidy_programs p ON p.id = a.program_id JOIN org_units r ON r.id = p.region_id
            JOIN enterprises e ON e.id = a.enterprise_id WHERE e.region_path NOT LIKE r.path || '%'
            """)).ShouldBe(0);

        // 三个一批: each project carries its region's path (V0096, written by the load with the triggers off).
        (await Count("projects p JOIN org_units r ON r.id = p.region_id WHERE p.region_path <> r.path")).ShouldBe(0);
        // Milestones in order and not after the last day; procedures' dates as their status says.
        (await Count("""
            projects WHERE signed_on > started_on OR started_on > producing_on OR producing_on > effective_on OR effective_on > '2026-11-20'
                        OR signed_on > '2026-11-20'
            """)).ShouldBe(0);
        (await Count("""
            project_procedures WHERE NOT ((status = 0 AND started_on IS NULL AND completed_on IS NULL)
                                       OR (status = 1 AND started_on IS NOT NULL AND completed_on IS NULL)
                                       OR (status = 2 AND completed_on IS NOT NULL AND completed_on >= started_on))
            """)).ShouldBe(0);
        (await Count("project_investment_reports r JOIN projects p ON p.id = r.project_id WHERE p.started_on IS NULL OR r.month > '2026-11-20'"))
            .ShouldBe(0);
    }

    [Fact]
    public async Task Every_reference_resolves_and_every_row_keeps_the_domain_rules()
    {
        // Foreign-key triggers are off during the load, so check each single-column foreign key by hand.
        var foreignKeys = new List<(string Table, string Column, string Parent, string ParentColumn)>();
        await using (var conn = new NpgsqlConnection(_db.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("""
                SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, pa.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
                WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
                """, conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) foreignKeys.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        foreignKeys.Count.ShouldBeGreaterThan(20);
        foreach (var (table, column, parent, parentColumn) in foreignKeys)
            (await Count($"{table} t WHERE t.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{parentColumn} = t.{column})"))
                .ShouldBe(0, $"{table}.{column} → {parent}");

        (await Count("visits v WHERE EXISTS (SELECT 1 FROM unnest(v.enterprise_ids) x(id) WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = x.id))"))
            .ShouldBe(0);
        (await Count("visits v WHERE EXISTS (SELECT 1 FROM unnest(v.official_ids) x(id) WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x.id))"))
            .ShouldBe(0);
        // A symposium's enterprises are of one town; a problem's lead department is of its enterprise's district.
        (await Count("visits v WHERE (SELECT count(DISTINCT e.town_id) FROM enterprises e WHERE e.id = ANY(v.enterprise_ids)) <> 1")).ShouldBe(0);
        (await Count("""
            problems p JOIN enterprises e ON e.id = p.enterprise_id JOIN org_units t ON t.id = e.town_id
            JOIN org_units d ON d.id = p.lead_department_id WHERE d.parent_id <> t.parent_id
            """)).ShouldBe(0);
        // Lifecycle: closed problems were rated satisfied; dispatched ones have a deadline; on-the-spot ones were not dispatched.
        (await Count("problems WHERE status = 'Closed' AND (satisfaction IS NULL OR satisfaction = 'Unsatisfied' OR closed_at IS NULL)")).ShouldBe(0);
        (await Count("problems WHERE dispatched_at IS NOT NULL AND (deadline IS NULL OR lead_department_id IS NULL)")).ShouldBe(0);
        (await Count("problems WHERE resolved_on_spot AND dispatched_at IS NOT NULL")).ShouldBe(0);
        (await Count("problems WHERE status IN ('Resolved', 'Closed') AND resolved_at IS NULL")).ShouldBe(0);
        (await Count("problem_flags f JOIN problems p ON p.id = f.problem_id WHERE p.status IN ('Resolved', 'Closed')")).ShouldBe(0);
        (await _db.ScalarAsync<long>("SELECT count(*) - count(DISTINCT number) FROM problems")).ShouldBe(0);
        (await Count("problem_number_counters c WHERE c.last <> (SELECT count(*) FROM problems p WHERE p.number LIKE c.year || '-%')")).ShouldBe(0);

        // Identity sequences continue after the generated ids, so the portal can add rows.
        (await _db.ScalarAsync<long>("SELECT nextval(pg_get_serial_sequence('problems', 'id'))")).ShouldBe(Options.Problems + 1);

        await using var data = new NpgsqlConnection(_db.ConnectionString);
        await data.OpenAsync();
        await using var usccs = new NpgsqlCommand("SELECT uscc FROM enterprises", data);
        await using var rows = await usccs.ExecuteReaderAsync();
        while (await rows.ReadAsync()) UnifiedSocialCreditCode.Check(rows.GetString(0)).ShouldBe(UsccError.None);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_data()
    {
        await using var again = await TestPostgres.CreateDatabaseAsync("bench2");
        await new ProvinceGenerator(again.ConnectionString, Options).RunAsync();
        const string fingerprint = """
            SELECT md5(string_agg(number || status || enterprise_id || coalesce(lead_department_id, 0) || coalesce(deadline::text, ''), ',' ORDER BY id))
            FROM problems
            """;
        (await again.ScalarAsync<string>(fingerprint)).ShouldBe(await _db.ScalarAsync<string>(fingerprint));
    }

    [Fact]
    public async Task Scope_filters_apply_to_the_generated_data()
    {
        var targets = await BenchTargets.FindAsync(_db.ConnectionString);
        await using var services = BenchmarkRunner.BuildServices(_db.ConnectionString);

        var townId = long.Parse(targets.TownPath.TrimEnd('/').Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        (await ScopedAsync(services, targets.ScopeOf(BenchScope.Town), db => db.Enterprises.CountAsync()))
            .ShouldBe(await Count($"enterprises WHERE town_id = {townId}"));
        (await ScopedAsync(services, targets.ScopeOf(BenchScope.Town), db => db.Problems.CountAsync()))
            .ShouldBe(await Count($"problems p JOIN enterprises e ON e.id = p.enterprise_id WHERE e.town_id = {townId}"));
        (await ScopedAsync(services, targets.ScopeOf(BenchScope.District), db => db.Enterprises.CountAsync()))
            .ShouldBe(await Count($"enterprises e JOIN org_units t ON t.id = e.town_id WHERE t.path LIKE '{targets.DistrictPath}%'"));
        (await ScopedAsync(services, targets.ScopeOf(BenchScope.Province), db => db.Problems.CountAsync())).ShouldBe(Options.Problems);
        (await ScopedAsync(services, DataScope.Nothing, db => db.Problems.CountAsync())).ShouldBe(0);

        var department = targets.DepartmentId;
        var departmentSees = await ScopedAsync(services, targets.ScopeOf(BenchScope.Department), db => db.Problems.CountAsync());
        departmentSees.ShouldBeGreaterThan(0);
        departmentSees.ShouldBeGreaterThanOrEqualTo(await Count($"problems WHERE lead_department_id = {department}"));
        departmentSees.ShouldBeLessThan(Options.Problems);
    }

    [Fact]
    public async Task The_runner_executes_every_query_once()
    {
        var runner = new BenchmarkRunner(_db.ConnectionString, new RunnerOptions(Warmup: 0, Iterations: 1));
        var timings = await runner.RunAsync(DashboardQueries.All);

        // The page.* queries read snapshots: the runner counted them first, as the job would.
        runner.SnapshotPass.ShouldNotBeNull();
        runner.SnapshotPass.Written.ShouldBeGreaterThan(0);

        timings.Select(t => t.Name).ShouldBe(DashboardQueries.All.Select(q => q.Name));
        timings.ShouldAllBe(t => t.Milliseconds.Count == 1 && t.Result.Length > 0);

        var lists = await runner.RunAsync(ListQueries.All);
        lists.Select(t => t.Name).ShouldBe(ListQueries.All.Select(q => q.Name));
        lists.ShouldAllBe(t => t.Milliseconds.Count == 1 && t.Result.Length > 0);

        var all = DashboardQueries.All.Concat(ListQueries.All).ToList();
        all.Select(q => q.Name).ShouldBeUnique();
        all.Select(q => q.Scope).Distinct().Count().ShouldBe(Enum.GetValues<BenchScope>().Length);
    }

    private Task<long> Count(string from) => _db.ScalarAsync<long>("SELECT count(*) FROM " + from);

    private static async Task<long> ScopedAsync(IServiceProvider services, DataScope scope, Func<AppDbContext, Task<int>> query)
    {
        await using var request = services.CreateAsyncScope();
        request.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = scope;
        return await query(request.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

/// <summary>The runner's Markdown report, without a database.</summary>
public sealed class BenchmarkReportTests
{
    [Fact]
    public void The_report_replaces_its_own_section_and_appends_when_missing()
    {
        const string document = "# Title\n\n<!-- bench:list:begin -->\nold\n<!-- bench:list:end -->\n\nafter\n";
        var replaced = BenchmarkReport.Replace(document, "list", "<!-- bench:list:begin -->\nnew\n<!-- bench:list:end -->");
        replaced.ShouldBe("# Title\n\n<!-- bench:list:begin -->\nnew\n<!-- bench:list:end -->\n\nafter\n");
        BenchmarkReport.Replace("# Title\n", "dashboard", "<!-- bench:dashboard:begin -->x<!-- bench:dashboard:end -->")
            .ShouldBe("# Title\n\n<!-- bench:dashboard:begin -->x<!-- bench:dashboard:end -->\n");
    }
}
