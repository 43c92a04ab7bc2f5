using System.Diagnostics;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Infrastructure.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace EnterpriseAid.Benchmarks.Generation;

/// <summary>What to generate. <see cref="Scale"/> 1 is a province: 500k enterprises, 2M visits, 1M problems.</summary>
/// <param name="Today">The Beijing date the data ends on; with the same seed and date the data is the same.</param>
public sealed record GeneratorOptions(double Scale, int Seed, DateOnly Today)
{
    public const int ProvinceEnterprises = 500_000;
    public const int ProvinceVisits = 2_000_000;
    public const int ProvinceProblems = 1_000_000;
    public const int ProvinceOfficials = 100_000;
    public const int ProvinceSubsidyApplications = 200_000;
    public const int ProvinceProjects = 20_000;
    public const int Days = 730;

    /// <summary>The named sizes of <c>./run.sh --generate</c>: a province, and a city at about a tenth of it.</summary>
    public static readonly IReadOnlyDictionary<string, double> Sizes = new Dictionary<string, double> { ["province"] = 1, ["city"] = 0.1 };

    public int Enterprises => Math.Max(20, (int)Math.Round(ProvinceEnterprises * Scale));
    public int Visits => Math.Max(40, (int)Math.Round(ProvinceVisits * Scale));
    public int Problems => Math.Max(20, (int)Math.Round(ProvinceProblems * Scale));
    public int Officials => Math.Max(OfficialsPerTownMin * Towns, (int)Math.Round(ProvinceOfficials * Scale));
    public int SubsidyApplications => Math.Max(20, (int)Math.Round(ProvinceSubsidyApplications * Scale));
    public int Projects => Math.Max(10, (int)Math.Round(ProvinceProjects * Scale));

    /// <summary>The org tree shrinks with the square root of the scale, so a small run still has several of each level.</summary>
    private double TreeFactor => Math.Min(1, Math.Sqrt(Scale));
    public int Cities => Math.Max(2, (int)Math.Round(15 * TreeFactor));
    public int DistrictsPerCity => Math.Max(2, (int)Math.Round(7 * TreeFactor));
    public int TownsPerDistrict => Math.Max(2, (int)Math.Round(15 * TreeFactor));
    public int DepartmentsPerDistrict => Math.Max(3, (int)Math.Round(10 * TreeFactor));
    public int Towns => Cities * DistrictsPerCity * TownsPerDistrict;
    public const int OfficialsPerTownMin = 3;
}

/// <summary>Row counts written per table and the time each took.</summary>
public sealed record GenerationReport(IReadOnlyList<(string Table, long Rows, TimeSpan Elapsed)> Tables, TimeSpan Total,
    IReadOnlyList<DemoLogin> Logins);

/// <summary>A generated account a person can sign in with (all generated accounts share one password).</summary>
public sealed record DemoLogin(string UserName, string Role, string What);

/// <summary>The target database already holds enterprises: the generator never adds to existing data.</summary>
public sealed class AlreadyGeneratedException() : InvalidOperationException("The database already holds enterprises: generate into a new, empty database.");

/// <summary>
/// Fills an empty database with a province of campaign data: cities → districts → towns and street offices
/// with departments under each district, officials and handlers, enterprises with valid USCCs, 包联 assignments,
/// two years of visits (symposia included) and problems in every status with deadlines, co-handlers, flags and
/// 督办单. The schema comes from the real migrations (<see cref="SqlMigrationRunner"/>); rows go in with binary
/// COPY, with the secondary indexes dropped during the load and rebuilt after it, and foreign-key triggers off
/// (the generator builds every reference from rows it wrote; the smoke test checks them). Deterministic: one
/// seeded <see cref="Random"/> drawn in a fixed order.
/// </summary>
public sealed partial class ProvinceGenerator(string connectionString, GeneratorOptions options, GenerationProgress? progress = null)
{
    private static readonly string[] LoadedTables =
    [
        "org_units", "users", "user_roles", "enterprises", "assignments", "visits", "problems", "problem_co_handlers",
        "problem_flags", "supervision_notices", "problem_number_counters", "supervision_notice_counters", "visit_enterprises",
        "policies", "policy_pushes", "subsidy_programs", "subsidy_applications", "subsidy_events", "projects", "project_investment_reports",
        "project_procedures", "assistance_records", "operating_reports", "problem_events",
    ];

    private static readonly string[] CityStems = ["江城", "河阳", "临川", "南岭", "青州", "安平", "东湖", "西山", "长宁", "云梦", "石门", "兴国", "永丰", "宜山", "汉江", "桐柏", "淮阳"];
    private static readonly string[] DistrictStems = ["新河", "城关", "高新", "经开", "滨江", "北湖", "南山", "东城", "西城", "龙泉"];
    private static readonly string[] TownStems = ["城关", "柳林", "桃园", "白沙", "马岭", "青石", "杨湾", "河口", "梅溪", "双桥", "黄庄", "石桥", "凤凰", "长岗", "平安", "新集", "花园", "龙王", "金港", "三里"];
    private static readonly string[] DepartmentNames = ["商务局", "发展改革委", "工业和信息化局", "人社局", "自然资源局", "生态环境局", "住建局", "税务局", "市场监管局", "财政局", "交通运输局", "供电公司"];
    private static readonly string[] NameWords = ["华", "盛", "鑫", "源", "泰", "达", "宏", "信", "恒", "丰", "瑞", "祥", "安", "德", "隆", "兴", "嘉", "利", "通", "科", "博", "润", "合", "佳"];
    private static readonly string[] NameTrades = ["机械", "电子", "食品", "纺织", "建材", "化工", "物流", "商贸", "科技", "医药", "新材料", "农业", "汽车配件", "包装"];
    private static readonly string[] Categories = ProblemCategories.All.Select(c => c.Code).ToArray();
    private static readonly string[] Scales = ScaleClasses.All.Select(c => c.Code).ToArray();
    private static readonly string[] Sections = IndustrySections.All.Select(c => c.Code).ToArray();

    private readonly Random _random = new(options.Seed);
    private readonly GenerationProgress _progress = progress ?? GenerationProgress.Silent;
    private readonly List<(string, long, TimeSpan)> _report = [];

    // The generated world, kept as arrays indexed by id (1-based ids, index 0 unused).
    private readonly List<OrgRow> _units = [new OrgRow(0, "", "", "", null, "", 0)];
    private readonly List<long> _towns = [];
    private readonly Dictionary<long, long> _districtOfTown = [];
    private readonly Dictionary<long, List<long>> _departmentsOfDistrict = [];
    private readonly Dictionary<long, long[]> _officialsOfTown = [];
    private readonly Dictionary<long, long> _handlerOfDepartment = [];
    private readonly List<long> _supervisors = [];
    private readonly List<UserRow> _users = [];
    private long[] _townOfEnterprise = [];
    private string[] _nameOfEnterprise = [];
    private string[] _sectionOfEnterprise = [];
    private readonly Dictionary<long, long> _dispatcherOfDistrict = [];
    private readonly Dictionary<long, (int Start, int Count)> _enterprisesOfTown = [];

    private DateTime _now;

    private sealed record OrgRow(long Id, string Code, string Name, string Kind, long? ParentId, string Path, int Sort);

    public async Task<GenerationReport> RunAsync(CancellationToken ct = default)
    {
        var total = Stopwatch.StartNew();
        // Noon of the last day, Beijing time: the generated history ends then.
        _now = options.Today.ToDateTime(new TimeOnly(4, 0), DateTimeKind.Utc);

        // No command timeout anywhere: each step is one long statement or COPY, and a busy machine makes it longer.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await Timed("migrations", 0, async () =>
        {
            await new SqlMigrationRunner(dataSource, NullLogger<SqlMigrationRunner>.Instance).MigrateAsync(ct);
            return 0;
        });

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (await ScalarAsync<long>(conn, "SELECT count(*) FROM enterprises", ct) > 0)
            throw new AlreadyGeneratedException();

        var indexes = await DropSecondaryIndexesAsync(conn, ct);
        await ExecuteAsync(conn, "SET session_replication_role = replica", ct);

        await Timed("org_units", 0, () => CopyOrgUnitsAsync(conn, ct));
        await Timed("users (staff)", options.Officials, () => CopyUsersAsync(conn, ct));
        await Timed("enterprises", options.Enterprises, () => CopyEnterprisesAsync(conn, ct));
        await Timed("users (enterprises)", 0, () => CopyEnterpriseAccountsAsync(conn, ct));
        await Timed("user_roles", _users.Count, () => CopyUserRolesAsync(conn, ct));
        await Timed("assignments", options.Enterprises * 2L, () => CopyAssignmentsAsync(conn, ct));
        var visits = new VisitIndex();
        await Timed("visits", options.Visits, () => CopyVisitsAsync(conn, visits, ct));
        // One row per visited enterprise, as the visits trigger (off during the load) keeps it (V0014).
        await Timed("visit_enterprises", 0, () => ScalarAsync<long>(conn, "SELECT visit_enterprises_rebuild(NULL)", ct));
        var flagged = new List<FlaggedProblem>();
        var coHandlers = new List<(long ProblemId, long DepartmentId, bool Finished, DateTime? FinishedAt)>();
        await using (var timelines = await dataSource.OpenConnectionAsync(ct))
        {
            await ExecuteAsync(timelines, "SET session_replication_role = replica", ct);
            await Timed("problems + problem_events", options.Problems, () => CopyProblemsAsync(conn, timelines, visits, flagged, coHandlers, ct));
        }
        await Timed("problem_co_handlers", coHandlers.Count, () => CopyCoHandlersAsync(conn, coHandlers, ct));
        await Timed("problem_flags", flagged.Count, () => CopyFlagsAsync(conn, flagged, ct));
        await Timed("supervision_notices", 0, () => CopyNoticesAsync(conn, flagged, ct));
        _report.Add(("problem_events", _problemEvents, TimeSpan.Zero));
        await Timed("policies", 0, () => CopyPoliciesAsync(conn, ct));
        await Timed("policy_pushes", 0, () => CopyPolicyPushesAsync(conn, ct));
        var programs = new List<ProgramRow>();
        await Timed("subsidy_applications", options.SubsidyApplications, () => CopySubsidyApplicationsAsync(conn, programs, ct));
        await Timed("subsidy_programs", programs.Count, () => CopySubsidyProgramsAsync(conn, programs, ct));
        await Timed("subsidy_events", 0, () => CopySubsidyEventsAsync(conn, ct));
        await Timed("projects", options.Projects, () => CopyProjectsAsync(conn, ct));
        await Timed("project_investment_reports", 0, () => CopyInvestmentReportsAsync(conn, ct));
        await Timed("project_procedures", 0, () => CopyProceduresAsync(conn, ct));
        await Timed("assistance_records", 0, () => CopyAssistanceAsync(conn, ct));
        await Timed("operating_reports", 0, () => CopyOperatingReportsAsync(conn, ct));

        await ExecuteAsync(conn, "SET session_replication_role = origin", ct);
        await Timed("indexes", indexes.Count, () => RebuildIndexesAsync(dataSource, indexes, ct));
        // Tables the triggers (off during the load) keep: the daily roll-up of the problem figures (V0070, ADR-024), the
        // 督办 list's rows (V0072), the 复工复产 roll-up with each enterprise's latest report (V0085, ADR-032), the subsidy
        // figures (V0086) and the projects' per-project sums (V0087, ADR-033), and the daily roll-up of the visit figures
        // with the enterprises' last visits (V0088, ADR-034).
        await Timed("problem_day_figures", 0, () => ScalarAsync<long>(conn, "SELECT problem_day_figures_rebuild()", ct));
        await Timed("problem_open_deadlines", 0, () => ScalarAsync<long>(conn, "SELECT problem_open_deadlines_rebuild()", ct));
        await Timed("flagged_problems", 0, () => ScalarAsync<long>(conn, "SELECT flagged_problems_sync(NULL)", ct));
        await Timed("operating_region_figures", 0, () => ScalarAsync<long>(conn, "SELECT operating_figures_rebuild()", ct));
        await Timed("project rollups", 0, () => ScalarAsync<long>(conn, "SELECT project_figure_rollups_rebuild()", ct));
        await Timed("subsidy_category_figures", 0, () => ScalarAsync<long>(conn, "SELECT subsidy_category_figures_rebuild()", ct));
        await Timed("visit_day_figures", 0, () => ScalarAsync<long>(conn, "SELECT visit_rollup_rebuild()", ct));
        await Timed("sequences+analyze", 0, async () =>
        {
            foreach (var table in SequencedTables)
                await ExecuteAsync(conn, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest(1, (SELECT max(id) FROM {table})))", ct);
            await ExecuteAsync(conn, "ANALYZE", ct);
            return 0;
        });
        return new GenerationReport(_report, total.Elapsed, DemoAccounts());
    }

    private static readonly string[] SequencedTables =
    [
        "org_units", "users", "enterprises", "assignments", "visits", "problems", "supervision_notices", "policies", "policy_pushes",
        "subsidy_programs", "subsidy_applications", "subsidy_events", "projects", "project_investment_reports", "project_procedures",
        "assistance_records", "operating_reports", "problem_events",
    ];

    private GenerationProgress.Phase _phase = GenerationProgress.Silent.Start("", 0);

    private async Task Timed(string table, long expected, Func<Task<long>> step)
    {
        _phase = _progress.Start(table, expected);
        var rows = await step();
        _report.Add((table, rows, _phase.Complete(rows)));
    }

    /// <summary>The secondary indexes, rebuilt on two connections at once (each CREATE INDEX uses one core).</summary>
    private async Task<long> RebuildIndexesAsync(NpgsqlDataSource dataSource, List<string> definitions, CancellationToken ct)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(definitions);
        async Task Worker()
        {
            await using var c = await dataSource.OpenConnectionAsync(ct);
            await ExecuteAsync(c, "SET maintenance_work_mem = '512MB'", ct);
            while (queue.TryDequeue(out var definition))
            {
                await ExecuteAsync(c, definition, ct);
                lock (queue) _phase.Add(1);
            }
        }
        await Task.WhenAll(Worker(), Worker());
        return definitions.Count;
    }

    /// <summary>Every index of the loaded tables that no constraint owns; returns their definitions to rebuild.</summary>
    private static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT i.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND t.relname = ANY(@tables)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY i.relname
            """, conn))
        {
            cmd.Parameters.AddWithValue("tables", LoadedTables);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) definitions.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in definitions) await ExecuteAsync(conn, $"DROP INDEX \"{name}\"", ct);
        return definitions.Select(d => d.Definition).ToList();
    }

    // ---------------------------------------------------------------- org tree and people

    private async Task<long> CopyOrgUnitsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        for (var c = 0; c < options.Cities; c++)
        {
            var cityId = ++id;
            var cityCode = $"C{c + 1:D2}";
            var cityName = CityStems[c % CityStems.Length] + (c >= CityStems.Length ? $"{c / CityStems.Length + 1}" : "") + "市";
            _units.Add(new OrgRow(cityId, cityCode, cityName, "City", null, $"/{cityId}/", c + 1));
            for (var d = 0; d < options.DistrictsPerCity; d++)
            {
                var districtId = ++id;
                var districtCode = $"{cityCode}D{d + 1:D2}";
                var kind = d == options.DistrictsPerCity - 1 ? "DevelopmentZone" : "District";
                var districtName = DistrictStems[d % DistrictStems.Length] + (kind == "DevelopmentZone" ? "经济开发区" : "区");
                var districtPath = $"/{cityId}/{districtId}/";
                _units.Add(new OrgRow(districtId, districtCode, districtName, kind, cityId, districtPath, d + 1));
                for (var t = 0; t < options.TownsPerDistrict; t++)
                {
                    var townId = ++id;
                    var street = t % 3 == 0;
                    var name = TownStems[t % TownStems.Length] + (t >= TownStems.Length ? $"{t / TownStems.Length + 1}" : "") + (street ? "街道" : "镇");
                    _units.Add(new OrgRow(townId, $"{districtCode}T{t + 1:D2}", name, street ? "Street" : "Town", districtId,
                        $"{districtPath}{townId}/", t + 1));
                    _towns.Add(townId);
                    _districtOfTown[townId] = districtId;
                }
                var departments = new List<long>();
                for (var k = 0; k < options.DepartmentsPerDistrict; k++)
                {
                    var deptId = ++id;
                    _units.Add(new OrgRow(deptId, $"{districtCode}B{k + 1:D2}", districtName[..2] + DepartmentNames[k % DepartmentNames.Length], "Department",
                        districtId, $"{districtPath}{deptId}/", 100 + k));
                    departments.Add(deptId);
                }
                _departmentsOfDistrict[districtId] = departments;
            }
        }

        await using var w = await conn.BeginBinaryImportAsync(
            "COPY org_units (id, code, name, kind, parent_id, path, sort_order) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var u in _units.Skip(1))
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(u.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(u.Code, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.Kind, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, u.ParentId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(u.Path, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.Sort, NpgsqlDbType.Integer, ct);
        }
        await w.CompleteAsync(ct);
        return _units.Count - 1;
    }

    private async Task<long> CopyUsersAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        AddUser(++id, "省活动办管理员", null, "Administrator", "admin");
        _supervisors.Add(id);
        // 包联干部 spread over the towns: every town at least three, bigger towns a few more.
        var perTown = options.Officials / Math.Max(1, _towns.Count);
        var extra = options.Officials - perTown * _towns.Count;
        var townIndex = 0;
        foreach (var unit in _units.Skip(1))
        {
            switch (unit.Kind)
            {
                case "City":
                    AddUser(++id, unit.Name[..2] + "督查", unit.Id, "Supervisor", $"dc{id:D6}");
                    _supervisors.Add(id);
                    break;
                case "District" or "DevelopmentZone":
                    AddUser(++id, unit.Name[..2] + "督查", unit.Id, "Supervisor", $"dc{id:D6}");
                    _supervisors.Add(id);
                    AddUser(++id, unit.Name[..2] + "活动办", unit.Id, "Dispatcher", $"bgs{id:D6}");
                    _dispatcherOfDistrict[unit.Id] = id;
                    break;
                case "Town" or "Street":
                    var officials = new long[Math.Max(GeneratorOptions.OfficialsPerTownMin, perTown + (townIndex++ < extra ? 1 : 0))];
                    for (var i = 0; i < officials.Length; i++)
                    {
                        officials[i] = ++id;
                        AddUser(id, PersonName(), unit.Id, "Official", $"gb{id:D6}");
                    }
                    _officialsOfTown[unit.Id] = officials;
                    break;
                case "Department":
                    AddUser(++id, PersonName(), unit.Id, "DepartmentHandler", $"jb{id:D6}");
                    _handlerOfDepartment[unit.Id] = id;
                    break;
            }
        }
        await WriteUsersAsync(conn, _users, ct);
        return _users.Count;
    }

    private void AddUser(long id, string name, long? unit, string role, string userName, long? enterprise = null)
    {
        _users.Add(new UserRow(id, name, unit, role, userName, enterprise));
        _phase.Tick();
    }

    /// <summary>An account for one enterprise in ten (the portal's 企业用户), after the staff.</summary>
    private async Task<long> CopyEnterpriseAccountsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var first = _users.Count;
        var id = (long)_users.Count;
        for (long e = 1; e < _townOfEnterprise.Length; e += 10)
        {
            AddUser(++id, PersonName(), null, "Enterprise", $"qy{e:D6}", e);
            _accountOfEnterprise[e] = id;
        }
        await WriteUsersAsync(conn, _users.Skip(first), ct);
        return _users.Count - first;
    }

    private readonly Dictionary<long, long> _accountOfEnterprise = [];

    /// <summary>Every generated account signs in with the demo password: hashed once, the same hash on every row.</summary>
    private async Task WriteUsersAsync(NpgsqlConnection conn, IEnumerable<UserRow> users, CancellationToken ct)
    {
        _passwordHash ??= new Microsoft.AspNetCore.Identity.PasswordHasher<EnterpriseAid.Infrastructure.Identity.AppUser>()
            .HashPassword(new EnterpriseAid.Infrastructure.Identity.AppUser(), DemoPassword);
        var created = _now.AddDays(-GeneratorOptions.Days - 30);
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY users (id, display_name, org_unit_id, enterprise_id, is_disabled, created_at, user_name, normalized_user_name,
                        email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number, phone_number_confirmed,
                        two_factor_enabled, lockout_enabled, access_failed_count) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var u in users)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(u.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(u.Name, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, u.Unit, NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync(w, u.Enterprise, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(u.UserName, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(u.UserName.ToUpperInvariant(), NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(_passwordHash, NpgsqlDbType.Text, ct);
            await w.WriteAsync($"GEN{u.Id:D10}", NpgsqlDbType.Text, ct);
            await w.WriteAsync($"gen-{u.Id}", NpgsqlDbType.Text, ct);
            // 139 + eight digits: a valid, unique mobile number that masks (139****0123) without giving anyone's away.
            await w.WriteAsync($"139{u.Id % 100_000_000:D8}", NpgsqlDbType.Text, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
        }
        await w.CompleteAsync(ct);
    }

    /// <summary>The password of every generated account (the demo district's, <see cref="EnterpriseAid.Infrastructure.Seeding.DemoAccountsSeeder.Password"/>).</summary>
    public const string DemoPassword = EnterpriseAid.Infrastructure.Seeding.DemoAccountsSeeder.Password;

    private string? _passwordHash;

    private sealed record UserRow(long Id, string Name, long? Unit, string Role, string UserName, long? Enterprise);

    private async Task<long> CopyUserRolesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var roles = new Dictionary<string, long>();
        await using (var cmd = new NpgsqlCommand("SELECT name, id FROM roles", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) roles[reader.GetString(0)] = reader.GetInt64(1);

        await using var w = await conn.BeginBinaryImportAsync("COPY user_roles (user_id, role_id) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var u in _users)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(u.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(roles[u.Role], NpgsqlDbType.Bigint, ct);
            _phase.Tick();
        }
        await w.CompleteAsync(ct);
        return _users.Count;
    }

    /// <summary>One account of each kind to look at the data with; all share <see cref="DemoPassword"/>.</summary>
    private List<DemoLogin> DemoAccounts()
    {
        var logins = new List<DemoLogin> { new("admin", "Administrator", "the whole province") };
        void First(string role, string what)
        {
            if (_users.FirstOrDefault(u => u.Role == role) is { } u)
                logins.Add(new DemoLogin(u.UserName, role, $"{what}: {(u.Unit is { } unit ? _units[(int)unit].Name : _nameOfEnterprise[u.Enterprise ?? 0])}"));
        }
        First("Supervisor", "city supervisor");
        First("Dispatcher", "district dispatcher");
        First("Official", "official of a town");
        First("DepartmentHandler", "department handler");
        if (_users.FirstOrDefault(u => u.Role == "Enterprise" && u.Enterprise is { } e && _enterprisesWithSubsidies.Contains(e)) is { } ent)
            logins.Add(new DemoLogin(ent.UserName, "Enterprise", $"enterprise with subsidies: {_nameOfEnterprise[ent.Enterprise!.Value]}"));
        return logins;
    }

    // ---------------------------------------------------------------- enterprises and 包联

    private async Task<long> CopyEnterprisesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        // Towns differ in size: weights from 0.3 to 1.7, enterprises numbered town by town.
        var weights = _towns.Select(_ => 0.3 + 1.4 * _random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var n = options.Enterprises;
        _townOfEnterprise = new long[n + 1];
        _nameOfEnterprise = new string[n + 1];
        _sectionOfEnterprise = new string[n + 1];
        var next = 1;
        for (var i = 0; i < _towns.Count; i++)
        {
            var count = i == _towns.Count - 1 ? n - next + 1 : Math.Max(1, (int)Math.Round(n * weights[i] / sum));
            count = Math.Min(count, n - next + 1 - (_towns.Count - 1 - i));
            _enterprisesOfTown[_towns[i]] = (next, count);
            for (var k = 0; k < count; k++) _townOfEnterprise[next + k] = _towns[i];
            next += count;
        }

        var created = _now.AddDays(-GeneratorOptions.Days - 20);
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY enterprises (id, uscc, name, legal_representative, scale_class, industry_section, town_id, tags, employees,
                              address, established_on, created_at, updated_at, region_path) FROM STDIN (FORMAT BINARY)
            """, ct);
        for (long id = 1; id <= n; id++)
        {
            var town = _units[(int)_townOfEnterprise[id]];
            var name = town.Name[..2] + NameWords[_random.Next(NameWords.Length)] + NameWords[_random.Next(NameWords.Length)]
                       + NameTrades[_random.Next(NameTrades.Length)] + "有限公司";
            _nameOfEnterprise[id] = name;
            _phase.Tick();
            await w.StartRowAsync(ct);
            await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(Uscc(id), NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(PersonName(), NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(Scales[_random.Next(Scales.Length)], NpgsqlDbType.Varchar, ct);
            var section = _sectionOfEnterprise[id] = Sections[_random.Next(Sections.Length)];
            await w.WriteAsync(section, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(town.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(_random.Next(5, 800), NpgsqlDbType.Integer, ct);
            await w.WriteAsync(town.Name + $"{_random.Next(1, 300)}号", NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(options.Today.AddDays(-_random.Next(400, 9000)), NpgsqlDbType.Date, ct);
            await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(town.Path, NpgsqlDbType.Varchar, ct);
        }
        await w.CompleteAsync(ct);
        return n;
    }

    /// <summary>A valid 统一社会信用代码: 91 (enterprise), a division code, a 9-character body from the id, the check character.</summary>
    public static string Uscc(long enterpriseId)
    {
        var body = "91" + "43" + (enterpriseId / 1_000_000_000 % 10_000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
                   + (enterpriseId % 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
        return body + UnifiedSocialCreditCode.ComputeCheckCharacter(body);
    }

    private async Task<long> CopyAssignmentsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY assignments (id, enterprise_id, role, user_id, org_unit_id, starts_on, created_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        for (long e = 1; e < _townOfEnterprise.Length; e++)
        {
            var town = _townOfEnterprise[e];
            var officials = _officialsOfTown[town];
            var first = _random.Next(officials.Length);
            var startsOn = options.Today.AddDays(-_random.Next(30, GeneratorOptions.Days));
            // Most enterprises have a leader and a liaison; some do not yet (the coverage view lists them).
            if (_random.NextDouble() < 0.9) await Row(e, "leader", officials[first], null, startsOn);
            if (_random.NextDouble() < 0.85) await Row(e, "liaison", officials[(first + 1) % officials.Length], null, startsOn);
            if (_random.NextDouble() < 0.2)
            {
                var departments = _departmentsOfDistrict[_districtOfTown[town]];
                await Row(e, "department", null, departments[_random.Next(departments.Count)], startsOn);
            }
        }
        await w.CompleteAsync(ct);
        return id;

        async Task Row(long enterprise, string role, long? user, long? unit, DateOnly startsOn)
        {
            _phase.Tick();
            await w.StartRowAsync(ct);
            await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(enterprise, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(role, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, user, NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync(w, unit, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(startsOn, NpgsqlDbType.Date, ct);
            await w.WriteAsync(BeijingTime(startsOn, 9), NpgsqlDbType.TimestampTz, ct);
        }
    }

    // ---------------------------------------------------------------- visits and problems

    /// <summary>For each day, the generated visits (first id and count), with each visit's first enterprise, kind and recorder.</summary>
    private sealed class VisitIndex
    {
        public long[] FirstIdOfDay = [];
        public int[] CountOfDay = [];
        public long[] EnterpriseOf = [];
        public bool[] IsSymposium = [];
        public long[] RecorderOf = [];
    }

    private DateOnly FirstDay => options.Today.AddDays(-(GeneratorOptions.Days - 1));

    /// <summary>Spread <paramref name="total"/> over the days, rising slowly over the two years, none on Sundays.</summary>
    private int[] PerDay(int total)
    {
        var weights = new double[GeneratorOptions.Days];
        for (var d = 0; d < weights.Length; d++)
        {
            var day = FirstDay.AddDays(d);
            weights[d] = day.DayOfWeek == DayOfWeek.Sunday ? 0.05 : day.DayOfWeek == DayOfWeek.Saturday ? 0.3 : 0.8 + 0.4 * d / weights.Length;
        }
        var sum = weights.Sum();
        var counts = weights.Select(w => (int)Math.Floor(total * w / sum)).ToArray();
        for (var rest = total - counts.Sum(); rest > 0; rest--) counts[_random.Next(counts.Length)]++;
        return counts;
    }

    private async Task<long> CopyVisitsAsync(NpgsqlConnection conn, VisitIndex index, CancellationToken ct)
    {
        var n = options.Visits;
        var perDay = PerDay(n);
        index.FirstIdOfDay = new long[perDay.Length];
        index.CountOfDay = perDay;
        index.EnterpriseOf = new long[n + 1];
        index.IsSymposium = new bool[n + 1];
        index.RecorderOf = new long[n + 1];
        var enterprises = _townOfEnterprise.Length - 1;

        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY visits (id, visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var d = 0; d < perDay.Length; d++)
        {
            var day = FirstDay.AddDays(d);
            index.FirstIdOfDay[d] = id + 1;
            for (var k = 0; k < perDay[d]; k++)
            {
                var enterprise = 1 + _random.Next(enterprises);
                var town = _townOfEnterprise[enterprise];
                var officials = _officialsOfTown[town];
                var roll = _random.NextDouble();
                var kind = roll < 0.80 ? "OnSite" : roll < 0.85 ? "Symposium" : roll < 0.97 ? "Remote" : "Inspection";
                long[] ids;
                if (kind == "Symposium")
                {
                    var (start, count) = _enterprisesOfTown[town];
                    ids = Enumerable.Range(0, Math.Min(count, _random.Next(3, 9))).Select(_ => (long)(start + _random.Next(count)))
                        .Prepend(enterprise).Distinct().ToArray();
                }
                else ids = [enterprise];
                var recorder = officials[_random.Next(officials.Length)];
                long[] team = _random.NextDouble() < 0.4 ? [recorder, officials[(Array.IndexOf(officials, recorder) + 1) % officials.Length]] : [recorder];

                id++;
                index.EnterpriseOf[id] = enterprise;
                _phase.Tick();
                index.IsSymposium[id] = kind == "Symposium";
                index.RecorderOf[id] = recorder;
                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(day, NpgsqlDbType.Date, ct);
                await w.WriteAsync(kind, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(ids, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(team, NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(kind == "Symposium" ? "召开政企座谈会，听取企业诉求" : "走访了解企业生产经营情况和诉求", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(recorder, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(BeijingTime(day, 9 + _random.Next(9)), NpgsqlDbType.TimestampTz, ct);
            }
        }
        await w.CompleteAsync(ct);
        return id;
    }

    private sealed record FlaggedProblem(long Id, string Number, string Title, long EnterpriseId, long? Department, DateOnly? Deadline,
        string Flag, DateTime Since);

    /// <summary>
    /// The problems, and their timelines (problem_events) on a second connection at the same time: the two COPY streams
    /// are parsed by two server processes, so the timelines cost little extra time on two cores.
    /// </summary>
    private async Task<long> CopyProblemsAsync(NpgsqlConnection conn, NpgsqlConnection timelines, VisitIndex visits, List<FlaggedProblem> flagged,
        List<(long, long, bool, DateTime?)> coHandlers, CancellationToken ct)
    {
        await using var timeline = new TimelineWriter(await timelines.BeginBinaryImportAsync("""
            COPY problem_events (id, at, actor_user_id, actor_name, kind, summary, before, after, detail, problem_id) FROM STDIN (FORMAT BINARY)
            """, ct));
        var perDay = PerDay(options.Problems);
        var enterprises = _townOfEnterprise.Length - 1;
        var sequences = new Dictionary<int, int>();
        long id = 0;

        await using var w = await conn.BeginBinaryImportAsync("""
            COPY problems (id, number, enterprise_id, visit_id, category, urgency, source, title, description, status,
                           lead_department_id, lead_department_name, dispatched_at, deadline, accepted_at, resolved_at, resolution,
                           resolved_on_spot, resolved_by_deadline, closed_at, reopen_count, satisfaction, rated_at,
                           extension_new_deadline, extension_reason, extension_requested_by_user_id, extension_requested_by_name,
                           extension_requested_at, extension_count, registered_by_user_id, created_at, updated_at,
                           town_id, region_path)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var d = 0; d < perDay.Length; d++)
        {
            var day = FirstDay.AddDays(d);
            var age = GeneratorOptions.Days - 1 - d;
            for (var k = 0; k < perDay[d]; k++)
            {
                id++;
                _phase.Tick();
                var seq = sequences[day.Year] = sequences.GetValueOrDefault(day.Year) + 1;
                var number = ProblemNumber.Create(day.Year, seq).ToString();

                // Most problems come from a visit of the same day; the rest from the portal, the hotline or elsewhere.
                long? visitId = null;
                long enterprise;
                long registeredBy;
                string source;
                if (visits.CountOfDay[d] > 0 && _random.NextDouble() < 0.75)
                {
                    var v = visits.FirstIdOfDay[d] + _random.Next(visits.CountOfDay[d]);
                    visitId = v;
                    enterprise = visits.EnterpriseOf[v];
                    registeredBy = visits.RecorderOf[v];
                    source = visits.IsSymposium[v] ? "Symposium" : "Visit";
                }
                else
                {
                    enterprise = 1 + _random.Next(enterprises);
                    var officials = _officialsOfTown[_townOfEnterprise[enterprise]];
                    registeredBy = officials[_random.Next(officials.Length)];
                    var r = _random.NextDouble();
                    source = r < 0.5 ? "EnterprisePortal" : r < 0.8 ? "Hotline" : "Other";
                }
                var category = Categories[_random.Next(Categories.Length)];
                var u = _random.NextDouble();
                var urgency = u < 0.7 ? Urgency.Ordinary : u < 0.9 ? Urgency.Urgent : Urgency.Complex;
                var created = BeijingTime(day, 8) + TimeSpan.FromMinutes(_random.Next(30, 600));
                var title = ProblemCategories.All.First(c => c.Code == category).NameZh + "方面诉求";

                var p = new ProblemRow { Created = created, Updated = created };
                var openChance = age < 14 ? 0.6 : age < 60 ? 0.25 : age < 180 ? 0.06 : 0.015;
                var open = _random.NextDouble() < openChance;
                if (!open && _random.NextDouble() < 0.4)
                {
                    // 现场解决: solved during the visit, then rated and (mostly) closed.
                    p.OnSpot = true;
                    p.Resolved = created;
                    p.Resolution = "现场协调解决";
                    Rate(p, closeChance: age > 7 ? 0.85 : 0.3, ratedChance: 0.9);
                }
                else
                {
                    var districtDepartments = _departmentsOfDistrict[_districtOfTown[_townOfEnterprise[enterprise]]];
                    var status = open ? OpenStatus() : ProblemStatus.Resolved;
                    if (status == ProblemStatus.Reported && _random.NextDouble() < 0.85)
                    {
                        p.Status = ProblemStatus.Reported; // 待交办: not dispatched yet
                    }
                    else
                    {
                        p.Lead = districtDepartments[_random.Next(districtDepartments.Count)];
                        p.Dispatched = Min(created + TimeSpan.FromHours(_random.Next(1, 48)), _now);
                        var workDays = urgency switch { Urgency.Urgent => 3, Urgency.Complex => 30, _ => 7 };
                        p.Deadline = DateOnly.FromDateTime(p.Dispatched.Value.AddHours(8)).AddDays(workDays * 7 / 5 + 1);
                        if (_random.NextDouble() < 0.03)
                        {
                            p.Deadline = p.Deadline.Value.AddDays(10);
                            p.Extensions = 1;
                        }
                        p.Status = status; // Reported here means returned by the department (被退回)
                        if (status != ProblemStatus.Reported && status != ProblemStatus.Assigned)
                            p.Accepted = Min(p.Dispatched.Value + TimeSpan.FromHours(_random.Next(1, 30)), _now);
                        if (!open)
                        {
                            var onTime = _random.NextDouble() < 0.85;
                            var deadlineEnd = BeijingTime(p.Deadline.Value, 17);
                            var span = deadlineEnd - (p.Accepted ?? p.Dispatched.Value);
                            var resolved = onTime
                                ? (p.Accepted ?? p.Dispatched.Value) + span * _random.NextDouble()
                                : deadlineEnd + TimeSpan.FromDays(1 + _random.Next(20));
                            if (resolved >= _now)
                            {
                                p.Status = ProblemStatus.InProgress;
                            }
                            else
                            {
                                p.Resolved = resolved;
                                p.ByDeadline = DateOnly.FromDateTime(resolved.AddHours(8)) <= p.Deadline.Value;
                                p.Resolution = "已协调办结";
                                Rate(p, closeChance: 0.8, ratedChance: 0.6);
                            }
                        }
                        if (p.Status == ProblemStatus.InProgress && _random.NextDouble() < 0.08 && p.Deadline is { } due)
                        {
                            p.PendingExtension = due.AddDays(10);
                            p.PendingAt = Min(BeijingTime(due.AddDays(-2), 10), _now);
                        }
                        if (_random.NextDouble() < 0.15 && districtDepartments.Count > 1)
                        {
                            var others = districtDepartments.Where(x => x != p.Lead).OrderBy(_ => _random.Next()).Take(_random.Next(1, 3));
                            foreach (var other in others)
                            {
                                var finished = p.Resolved is not null || (p.Status == ProblemStatus.InProgress && _random.NextDouble() < 0.4);
                                coHandlers.Add((id, other, finished, finished ? p.Resolved ?? p.Accepted ?? p.Dispatched : null));
                            }
                        }
                    }
                    var reopen = _random.NextDouble();
                    p.Reopened = reopen < 0.003 ? 2 : reopen < 0.018 ? 1 : 0;
                }
                p.Updated = Max(created, p.Dispatched, p.Accepted, p.Resolved, p.Rated, p.Closed, p.PendingAt);

                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(number, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(enterprise, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(w, visitId, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(category, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(urgency.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(source, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(title, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("企业反映" + title + "，请协调解决。", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(p.Status.ToString(), NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, p.Lead, NpgsqlDbType.Bigint, ct);
                await WriteNullableAsync(w, p.Lead is { } lead ? _units[(int)lead].Name : null, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, p.Dispatched, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, p.Deadline, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, p.Accepted, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, p.Resolved, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, p.Resolution, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(p.OnSpot, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(w, p.ByDeadline, NpgsqlDbType.Boolean, ct);
                await WriteNullableAsync(w, p.Closed, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(p.Reopened, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, p.Satisfaction?.ToString(), NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, p.Rated, NpgsqlDbType.TimestampTz, ct);
                await WriteNullableAsync(w, p.PendingExtension, NpgsqlDbType.Date, ct);
                if (p.PendingExtension is not null && p.Lead is { } requester)
                {
                    var handler = _handlerOfDepartment[requester];
                    await w.WriteAsync("材料补正需要时间", NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(handler, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(_users[(int)handler - 1].Name, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(p.PendingAt!.Value, NpgsqlDbType.TimestampTz, ct);
                }
                else
                {
                    await w.WriteNullAsync(ct);
                    await w.WriteNullAsync(ct);
                    await w.WriteNullAsync(ct);
                    await w.WriteNullAsync(ct);
                }
                await w.WriteAsync(p.Extensions, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(registeredBy, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(p.Updated, NpgsqlDbType.TimestampTz, ct);
                var townOfProblem = _townOfEnterprise[enterprise];
                await w.WriteAsync(townOfProblem, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(_units[(int)townOfProblem].Path, NpgsqlDbType.Varchar, ct);

                await TimelineAsync(timeline, id, p, source, registeredBy, enterprise, ct);

                if (p.Status is ProblemStatus.Reported or ProblemStatus.Assigned or ProblemStatus.InProgress)
                {
                    var flag = FlagOf(p);
                    if (flag is not null)
                        flagged.Add(new FlaggedProblem(id, number, title, enterprise, p.Lead, p.Deadline, flag,
                            p.Deadline is { } due ? Min(BeijingTime(due, 0), _now) : _now));
                }
            }
        }
        await w.CompleteAsync(ct);
        await timeline.Importer.CompleteAsync(ct);
        _numberCounters = sequences;
        _problemEvents = timeline.Count;
        return id;
    }

    private long _problemEvents;

    private Dictionary<int, int> _numberCounters = [];

    private sealed class ProblemRow
    {
        public ProblemStatus Status = ProblemStatus.Resolved;
        public bool OnSpot;
        public long? Lead;
        public DateTime? Dispatched, Accepted, Resolved, Rated, Closed, PendingAt;
        public DateOnly? Deadline, PendingExtension;
        public bool? ByDeadline;
        public string? Resolution;
        public Satisfaction? Satisfaction;
        public int Reopened, Extensions;
        public DateTime Created, Updated;
    }

    private ProblemStatus OpenStatus()
    {
        var r = _random.NextDouble();
        return r < 0.15 ? ProblemStatus.Reported : r < 0.4 ? ProblemStatus.Assigned : ProblemStatus.InProgress;
    }

    /// <summary>Rated by the enterprise and closed (销号) when satisfied, if the dates allow; otherwise left resolved.</summary>
    private void Rate(ProblemRow p, double closeChance, double ratedChance)
    {
        p.Status = ProblemStatus.Resolved;
        var rated = p.Resolved!.Value + TimeSpan.FromHours(_random.Next(2, 96));
        if (rated >= _now || _random.NextDouble() >= ratedChance) return;
        var r = _random.NextDouble();
        p.Satisfaction = r < 0.8 ? Satisfaction.Satisfied : r < 0.95 ? Satisfaction.BasicallySatisfied : Satisfaction.Unsatisfied;
        p.Rated = rated;
        var closed = rated + TimeSpan.FromHours(_random.Next(2, 120));
        if (p.Satisfaction != Satisfaction.Unsatisfied && closed < _now && _random.NextDouble() < closeChance)
        {
            p.Closed = closed;
            p.Status = ProblemStatus.Closed;
        }
    }

    /// <summary>An approximation of the escalation job's flag in calendar days (the job itself counts working days).</summary>
    private string? FlagOf(ProblemRow p)
    {
        if (p.Reopened >= DeadlineFlags.RedAfterReopenings) return "Red";
        if (p.Deadline is not { } due) return null;
        var late = options.Today.DayNumber - due.DayNumber;
        if (late > 10) return "Red";
        if (late > 0) return "Yellow";
        return late >= -2 ? "Blue" : null;
    }

    private async Task<long> CopyCoHandlersAsync(NpgsqlConnection conn, List<(long ProblemId, long DepartmentId, bool Finished, DateTime? FinishedAt)> rows,
        CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY problem_co_handlers (problem_id, department_id, department_name, finished, finished_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var r in rows)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(r.ProblemId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(r.DepartmentId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(_units[(int)r.DepartmentId].Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(r.Finished, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(w, r.FinishedAt, NpgsqlDbType.TimestampTz, ct);
        }
        await w.CompleteAsync(ct);
        return rows.Count;
    }

    private async Task<long> CopyFlagsAsync(NpgsqlConnection conn, List<FlaggedProblem> flagged, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync("COPY problem_flags (problem_id, flag, since, checked_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var f in flagged)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(f.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(f.Flag, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(f.Since, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(_now, NpgsqlDbType.TimestampTz, ct);
        }
        await w.CompleteAsync(ct);
        return flagged.Count;
    }

    private async Task<long> CopyNoticesAsync(NpgsqlConnection conn, List<FlaggedProblem> flagged, CancellationToken ct)
    {
        var sequences = new Dictionary<int, int>();
        long id = 0;
        await using (var w = await conn.BeginBinaryImportAsync("""
            COPY supervision_notices (id, number, problem_id, problem_number, problem_title, enterprise_name, problem_deadline,
                                      department_id, department_name, level, requirement, reply_due, issued_by_user_id, issued_by_name,
                                      issued_at, reply, replied_by_user_id, replied_by_name, replied_at, region_path) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var f in flagged)
            {
                if (f.Flag == "Blue" || f.Department is not { } department || _random.NextDouble() >= 0.3) continue;
                var issued = Min(f.Since + TimeSpan.FromDays(1 + _random.Next(3)), _now);
                var year = DateOnly.FromDateTime(issued.AddHours(8)).Year;
                var seq = sequences[year] = sequences.GetValueOrDefault(year) + 1;
                var supervisor = _supervisors[_random.Next(_supervisors.Count)];
                var replied = _random.NextDouble() < 0.5 ? Min(issued + TimeSpan.FromHours(_random.Next(4, 72)), _now) : (DateTime?)null;
                var handler = _handlerOfDepartment[department];

                await w.StartRowAsync(ct);
                await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(SupervisionNoticeNumber.Create(year, seq).ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(f.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(f.Number, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(f.Title, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(_nameOfEnterprise[f.EnterpriseId], NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, f.Deadline, NpgsqlDbType.Date, ct);
                await w.WriteAsync(department, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(_units[(int)department].Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(f.Flag, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync("请于回复期限前报告办理进展。", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(DateOnly.FromDateTime(issued.AddHours(8)).AddDays(3), NpgsqlDbType.Date, ct);
                await w.WriteAsync(supervisor, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(_users[(int)supervisor - 1].Name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(issued, NpgsqlDbType.TimestampTz, ct);
                if (replied is { } at)
                {
                    await w.WriteAsync("已加快办理，预计本周内办结。", NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(handler, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(_users[(int)handler - 1].Name, NpgsqlDbType.Varchar, ct);
                    await w.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
                }
                else
                {
                    for (var i = 0; i < 4; i++) await w.WriteNullAsync(ct);
                }
                await w.WriteAsync(_units[(int)_townOfEnterprise[f.EnterpriseId]].Path, NpgsqlDbType.Varchar, ct);
            }
            await w.CompleteAsync(ct);
        }

        await CountersAsync(conn, "problem_number_counters", _numberCounters, ct);
        await CountersAsync(conn, "supervision_notice_counters", sequences, ct);
        return id;
    }

    private static async Task CountersAsync(NpgsqlConnection conn, string table, Dictionary<int, int> counters, CancellationToken ct)
    {
        foreach (var (year, last) in counters)
            await ExecuteAsync(conn, $"INSERT INTO {table} (year, last) VALUES ({year}, {last})", ct);
    }

    // ---------------------------------------------------------------- helpers

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "军", "涛", "明", "超", "秀英", "建华", "志强", "海燕", "国平", "晓东"];

    private string PersonName() => Surnames[_random.Next(Surnames.Length)] + Given[_random.Next(Given.Length)];

    /// <summary>A UTC instant at the given hour of a Beijing date.</summary>
    private static DateTime BeijingTime(DateOnly day, int hour) => day.ToDateTime(new TimeOnly(0, 0), DateTimeKind.Utc).AddHours(hour - 8);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime first, params DateTime?[] others)
    {
        var max = first;
        foreach (var o in others)
            if (o is { } v && v > max) max = v;
        return max;
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } v) await w.WriteAsync(v, type, ct);
        else await w.WriteNullAsync(ct);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is not null) await w.WriteAsync(value, type, ct);
        else await w.WriteNullAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        // No timeout: rebuilding visit_enterprises takes tens of seconds at province size, more on a busy machine.
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        return (T)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
