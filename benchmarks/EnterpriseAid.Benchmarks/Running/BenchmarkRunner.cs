using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using EnterpriseAid.Infrastructure;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Assignments;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Features.Supervision;
using EnterpriseAid.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnterpriseAid.Benchmarks.Running;

/// <summary>
/// The sample units and accounts the scopes point at: the first city, its first district, that district's first town and
/// department, the district's supervisor and dispatcher, the town's first official, an enterprise account (one with subsidy
/// applications when there is one) and the district's largest subsidy programme.
/// </summary>
public sealed record BenchTargets(string CityPath, string DistrictPath, string TownPath, long DepartmentId, long HandlerUserId, long SupervisorUserId)
{
    public long DispatcherUserId { get; init; }
    public long OfficialUserId { get; init; }
    public long EnterpriseId { get; init; }
    public long EnterpriseUserId { get; init; }
    public long ProgramId { get; init; }

    public DataScope ScopeOf(BenchScope scope) => scope switch
    {
        BenchScope.Province => DataScope.Everything,
        BenchScope.City => DataScope.Region(CityPath),
        BenchScope.District => DataScope.Region(DistrictPath),
        BenchScope.Town => DataScope.Region(TownPath),
        BenchScope.Department => DataScope.Department(DepartmentId),
        BenchScope.Enterprise => DataScope.OfEnterprise(EnterpriseId),
        _ => throw new ArgumentOutOfRangeException(nameof(scope), scope, null),
    };

    public static async Task<BenchTargets> FindAsync(string connectionString, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH city AS (SELECT id, path FROM org_units WHERE parent_id IS NULL ORDER BY sort_order, id LIMIT 1),
                 district AS (SELECT o.id, o.path FROM org_units o JOIN city c ON o.parent_id = c.id
                              WHERE o.kind IN ('District', 'DevelopmentZone') ORDER BY o.sort_order, o.id LIMIT 1),
                 town AS (SELECT o.id, o.path FROM org_units o JOIN district d ON o.parent_id = d.id
                          WHERE o.kind IN ('Town', 'Street') ORDER BY o.sort_order, o.id LIMIT 1),
                 dept AS (SELECT o.id FROM org_units o JOIN district d ON o.parent_id = d.id
                          WHERE o.kind = 'Department' ORDER BY o.sort_order, o.id LIMIT 1),
                 account AS (SELECT u.id, u.enterprise_id FROM users u WHERE u.enterprise_id IS NOT NULL
                             ORDER BY NOT EXISTS (SELECT 1 FROM subsidy_applications a WHERE a.enterprise_id = u.enterprise_id), u.id LIMIT 1)
            SELECT (SELECT path FROM city), (SELECT path FROM district), (SELECT path FROM town), (SELECT id FROM dept),
                   (SELECT u.id FROM users u WHERE u.org_unit_id = (SELECT id FROM dept) ORDER BY u.id LIMIT 1),
                   (SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                    WHERE r.name = 'Supervisor' AND u.org_unit_id = (SELECT id FROM district) ORDER BY u.id LIMIT 1),
                   (SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                    WHERE r.name = 'Dispatcher' AND u.org_unit_id = (SELECT id FROM district) ORDER BY u.id LIMIT 1),
                   (SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                    WHERE r.name = 'Official' AND u.org_unit_id = (SELECT id FROM town) ORDER BY u.id LIMIT 1),
                   (SELECT enterprise_id FROM account), (SELECT id FROM account),
                   (SELECT p.id FROM subsidy_programs p WHERE p.region_id = (SELECT id FROM district)
                    ORDER BY (SELECT count(*) FROM subsidy_applications a WHERE a.program_id = p.id) DESC, p.id LIMIT 1)
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct) || reader.IsDBNull(0) || reader.IsDBNull(3) || reader.IsDBNull(4) || reader.IsDBNull(5))
            throw new InvalidOperationException("The database holds no generated province (run the generate verb first).");
        long Optional(int i) => reader.IsDBNull(i) ? 0 : reader.GetInt64(i);
        return new BenchTargets(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5))
        {
            DispatcherUserId = Optional(6), OfficialUserId = Optional(7), EnterpriseId = Optional(8), EnterpriseUserId = Optional(9),
            ProgramId = Optional(10),
        };
    }
}

/// <summary>Timings of one query: every iteration in milliseconds, sorted.</summary>
public sealed record QueryTiming(string Name, BenchScope Scope, IReadOnlyList<double> Milliseconds, string Result)
{
    public double P50 => Percentile(0.50);
    public double P95 => Percentile(0.95);
    public double Max => Milliseconds.Count == 0 ? 0 : Milliseconds[^1];

    /// <summary>Nearest-rank percentile.</summary>
    private double Percentile(double p) =>
        Milliseconds.Count == 0 ? 0 : Milliseconds[Math.Clamp((int)Math.Ceiling(p * Milliseconds.Count) - 1, 0, Milliseconds.Count - 1)];
}

/// <param name="BudgetSeconds">A query whose warm-up shows that <see cref="Iterations"/> calls would take longer than this gets
/// fewer timed calls (at least five), so a run at province scale ends in minutes even with queries that take seconds.</param>
public sealed record RunnerOptions(int Warmup = 3, int Iterations = 20, double TargetMs = 50, string? PlanDirectory = null, string? Only = null,
    double BudgetSeconds = 30);

/// <summary>
/// Times each <see cref="DashboardQueries"/> entry through the app's own services: a DI container with
/// <c>AddInfrastructure</c> and the features' query services, one scope per call (as one request), the
/// <see cref="AppDbContext"/> scoped to the query's <see cref="BenchScope"/>. Warm-up calls first, then N timed
/// calls; p50/p95/max. For each query whose p95 is over target, the SQL statements it sent are captured and their
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> plans written to the plan directory.
/// </summary>
public sealed class BenchmarkRunner(string connectionString, RunnerOptions options, TextWriter? log = null)
{
    private readonly TextWriter _log = log ?? TextWriter.Null;

    public static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{DependencyInjection.ConnectionStringName}"] = connectionString + ";Command Timeout=600",
            })
            .Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddInfrastructure();
        services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(CommandCapture.Interceptor));
        services.AddScoped<BenchScopeProvider>();
        services.AddScoped<IDataScopeProvider>(sp => sp.GetRequiredService<BenchScopeProvider>());
        services.AddScoped<ProblemQueries>();
        services.AddScoped<SupervisionQueries>();
        services.AddScoped<AssignmentQueries>();
        services.AddScoped<CoverageQueries>();
        services.AddScoped<CoverageSummaries>();
        services.AddScoped<TaskQueries>();
        // The list pages' services (ListQueries).
        services.AddScoped<EnterpriseAid.Web.Features.Enterprises.EnterpriseQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Visits.VisitListQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Visits.VisitQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Policies.PolicyQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Policies.PolicyPushQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Subsidies.SubsidyQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Subsidies.SubsidyFigures>();
        services.AddScoped<EnterpriseAid.Web.Features.Portal.PortalQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Projects.ProjectQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Assistance.AssistanceQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Operating.OperatingFigureQuery>();
        services.AddScoped<EnterpriseAid.Web.Features.Audit.AuditLogQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Users.UserQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Organization.OrgUnitQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Dashboard.DashboardQueries>();
        services.AddScoped<EnterpriseAid.Web.Features.Dashboard.DashboardBreakdowns>();
        services.AddScoped<EnterpriseAid.Web.Features.Dashboard.DashboardData>();
        services.AddOptions<EnterpriseAid.Web.Features.Dashboard.DashboardSnapshotOptions>();
        services.AddSingleton<EnterpriseAid.Web.Features.Dashboard.DashboardSnapshotRefresher>();
        services.TryAddSingleton(TimeProvider.System);
        return services.BuildServiceProvider();
    }

    /// <summary>The snapshot pass run before the "page." queries and the coverage summary, when any were selected.</summary>
    public EnterpriseAid.Web.Features.Dashboard.DashboardSnapshotPass? SnapshotPass { get; private set; }

    private static bool ReadsSnapshots(BenchQuery q) =>
        q.Name.StartsWith("page.", StringComparison.Ordinal) || q.Name == "list.coverage.province.summary";

    private bool Selected(BenchQuery q) => options.Only is null || q.Name.Contains(options.Only, StringComparison.Ordinal);

    public async Task<IReadOnlyList<QueryTiming>> RunAsync(IReadOnlyList<BenchQuery> queries, CancellationToken ct = default)
    {
        await using var services = BuildServices(connectionString);
        var targets = await BenchTargets.FindAsync(connectionString, ct);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var results = new List<QueryTiming>();
        if (queries.Any(q => Selected(q) && ReadsSnapshots(q)))
        {
            // What /dashboard and the coverage summary read for the widest regions: the job's snapshots, counted once here as
            // the job would.
            var pass = await services.GetRequiredService<EnterpriseAid.Web.Features.Dashboard.DashboardSnapshotRefresher>()
                .RunOnceAsync(evenIfRecent: true, ct);
            SnapshotPass = pass;
            await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"dashboard snapshot pass: {pass.Written} snapshots in {pass.Took.TotalSeconds:F1} s"));
        }
        foreach (var query in queries.Where(Selected))
        {
            object result = "";
            var slowest = 0.0;
            for (var i = 0; i < options.Warmup; i++)
            {
                var warm = Stopwatch.StartNew();
                result = await OnceAsync(services, query, targets, today, null, ct);
                slowest = i == 0 ? warm.Elapsed.TotalMilliseconds : Math.Min(slowest, warm.Elapsed.TotalMilliseconds);
            }
            var iterations = slowest * options.Iterations > options.BudgetSeconds * 1000
                ? Math.Min(options.Iterations, Math.Max(5, (int)(options.BudgetSeconds * 1000 / slowest)))
                : options.Iterations;
            var times = new List<double>(iterations);
            for (var i = 0; i < iterations; i++)
            {
                var sw = Stopwatch.StartNew();
                result = await OnceAsync(services, query, targets, today, null, ct);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var timing = new QueryTiming(query.Name, query.Scope, times, Describe(result));
            results.Add(timing);
            await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{query.Name,-36} {query.Scope,-10} p50 {timing.P50,8:F1}  p95 {timing.P95,8:F1}  max {timing.Max,8:F1} ms  {(timing.P95 > options.TargetMs ? "OVER" : "ok  ")}  {timing.Result}"));

            if (timing.P95 > options.TargetMs && options.PlanDirectory is { } dir && options.Iterations > 0)
            {
                var commands = new List<DbCommand>();
                await OnceAsync(services, query, targets, today, commands, ct);
                await WritePlansAsync(dir, query.Name, commands, targets.ScopeOf(query.Scope), ct);
            }
        }
        return results;
    }

    private static async Task<object> OnceAsync(IServiceProvider root, BenchQuery query, BenchTargets targets, DateOnly today,
        List<DbCommand>? capture, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<BenchScopeProvider>().Current = targets.ScopeOf(query.Scope);
        using var _ = capture is null ? null : CommandCapture.Start(capture);
        return await query.Run(new QueryContext(scope.ServiceProvider, targets, today, ct));
    }

    private async Task WritePlansAsync(string dir, string name, List<DbCommand> commands, DataScope scope, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"-- {name} ({scope})");
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        foreach (var command in commands)
        {
            text.AppendLine().AppendLine(command.CommandText);
            foreach (DbParameter p in command.Parameters) text.AppendLine(CultureInfo.InvariantCulture, $"-- {p.ParameterName} = {p.Value}");
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + command.CommandText, conn) { CommandTimeout = 600 };
            foreach (DbParameter p in command.Parameters)
                explain.Parameters.Add(p is NpgsqlParameter np ? np.Clone() : new NpgsqlParameter(p.ParameterName, p.Value));
            await using var reader = await explain.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) text.AppendLine(reader.GetString(0));
        }
        var file = Path.Combine(dir, name + ".plan.txt");
        await File.WriteAllTextAsync(file, text.ToString(), ct);
        await _log.WriteLineAsync($"    plan: {file}");
    }

    private static string Describe(object result)
    {
        var text = DescribeFully(result);
        return text.Length <= 120 ? text : text[..117] + "...";
    }

    private static string DescribeFully(object result) => result switch
    {
        Domain.Problems.ProblemFigures f => $"total {f.Total}, resolved {f.Resolved}, overdue {f.Overdue}",
        System.Collections.ICollection c => $"{c.Count} groups",
        ProblemListPage page => $"{page.Total} matching, {page.Items.Count} shown",
        ProblemListResult r => $"{DescribeFully(r.Page)}; {DescribeFully(r.Figures)}",
        EnterpriseAid.Web.Features.Enterprises.EnterpriseListPage e => $"{e.Total} matching, {e.Items.Count} shown",
        EnterpriseAid.Web.Features.Visits.VisitListPage v => $"{v.Total} matching, {v.Items.Count} shown",
        EnterpriseAid.Web.Features.Visits.MyEnterprisePage m => $"{m.Total} enterprises, {m.Items.Count} shown",
        EnterpriseAid.Web.Features.Policies.PolicyListPage p => $"{p.Total} matching, {p.Items.Count} shown",
        EnterpriseAid.Web.Features.Users.UserListPage u => $"{u.Total} matching, {u.Items.Count} shown",
        EnterpriseAid.Web.Features.Supervision.NoticeList n => $"{n.Total} notices, {n.Items.Count} shown",
        EnterpriseAid.Web.Features.Assistance.AssistancePage a => $"{a.Total} records, {a.Items.Count} shown",
        EnterpriseAid.Web.Features.Audit.AuditLogResult l => $"{l.Items.Count} shown",
        System.Runtime.CompilerServices.ITuple t => string.Join("; ", Enumerable.Range(0, t.Length).Select(i => DescribeFully(t[i] ?? ""))),
        FlaggedList flagged => $"{flagged.Total} flagged, {flagged.Items.Count} shown",
        CoverageSummary s => $"{s.Enterprises} enterprises, {s.BelowTarget} below target",
        VisitTargetPage v => $"{v.Enterprises} enterprises, {v.BelowTarget} below target",
        _ => Convert.ToString(result, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>The scope of the benchmark's "signed-in user", set on each DI scope.</summary>
public sealed class BenchScopeProvider : IDataScopeProvider
{
    public DataScope Current { get; set; } = DataScope.Nothing;
}

/// <summary>Collects the commands EF Core executes on this async flow (an interceptor added to the app's context options).</summary>
internal sealed class CommandCapture : DbCommandInterceptor, IDisposable
{
    public static readonly CommandCapture Interceptor = new();
    private static readonly AsyncLocal<List<DbCommand>?> Target = new();

    public static CommandCapture Start(List<DbCommand> into)
    {
        Target.Value = into;
        return Interceptor;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private static void Keep(DbCommand command)
    {
        if (Target.Value is not { } list) return;
        // A copy: the command object is reused or disposed once the query completes.
        var copy = new NpgsqlCommand(command.CommandText);
        foreach (DbParameter p in command.Parameters)
            copy.Parameters.Add(p is NpgsqlParameter np ? np.Clone() : new NpgsqlParameter(p.ParameterName, p.Value));
        list.Add(copy);
    }

    public void Dispose() => Target.Value = null;
}
