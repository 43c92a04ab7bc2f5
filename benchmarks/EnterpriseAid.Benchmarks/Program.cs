using System.Globalization;
using EnterpriseAid.Benchmarks.Generation;
using EnterpriseAid.Benchmarks.Running;

namespace EnterpriseAid.Benchmarks;

// EnterpriseAid.Benchmarks generate [--size province|city | --scale 1] [--seed 20261121] [--today yyyy-MM-dd]
// EnterpriseAid.Benchmarks run [--warmup 3] [--iterations 20] [--target 50] [--plans dir] [--only name-part] [--set dashboard|list|all]
//                               [--report docs/performance.md]   (the tables go between its bench:dashboard / bench:list markers)
// EnterpriseAid.Benchmarks password-hash <password>   (prints an Identity hash; scripts/bench-http.sh signs in with it)
// EnterpriseAid.Benchmarks import [--rows 100000]   (scripts/bench-import.sh; docs/performance.md, "Import")
// The database is ConnectionStrings__Default (scripts/bench.sh sets it). See docs/performance.md.
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        var verb = args.FirstOrDefault();
        if (verb == "password-hash" && args.Length == 2)
        {
            Console.WriteLine(new Microsoft.AspNetCore.Identity.PasswordHasher<EnterpriseAid.Infrastructure.Identity.AppUser>().HashPassword(null!, args[1]));
            return 0;
        }
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Default");
        if (verb is not ("generate" or "run" or "import") || string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("usage: ConnectionStrings__Default=... EnterpriseAid.Benchmarks generate|run|import [options] (see docs/performance.md)");
            return 2;
        }

        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        double Number(string name, double fallback) => Option(name) is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;

        if (verb == "import")
        {
            await new Imports.ImportBenchmark(connectionString, (int)Number("--rows", 100_000), Console.Out).RunAsync();
            return 0;
        }

        if (verb == "generate")
        {
            var today = Option("--today") is { } t
                ? DateOnly.ParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture)
                : DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
            var size = Option("--size");
            if (size is not null && !GeneratorOptions.Sizes.ContainsKey(size))
            {
                Console.Error.WriteLine($"generate: unknown size '{size}' (province or city)");
                return 2;
            }
            var scale = size is not null ? GeneratorOptions.Sizes[size] : Number("--scale", 1);
            var options = new GeneratorOptions(scale, (int)Number("--seed", 20261121), today);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generating {size ?? "scale " + options.Scale}: {options.Enterprises:N0} enterprises, {options.Officials:N0} officials, {options.Visits:N0} visits, {options.Problems:N0} problems, {options.SubsidyApplications:N0} subsidy applications, {options.Projects:N0} projects; data up to {today:yyyy-MM-dd}"));
            GenerationReport report;
            try
            {
                report = await new ProvinceGenerator(connectionString, options, GenerationProgress.ForConsole()).RunAsync();
            }
            catch (AlreadyGeneratedException)
            {
                Console.Error.WriteLine("generate: the database already holds enterprises; nothing was written. Generate into an empty database.");
                return 3;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {report.Total.TotalSeconds:F1} s"));
            Console.WriteLine($"sign in with password {ProvinceGenerator.DemoPassword} as:");
            foreach (var login in report.Logins) Console.WriteLine($"  {login.UserName,-10} {login.Role,-18} {login.What}");
            return 0;
        }

        // Apply any migration added since the data was generated (new indexes), then refresh the statistics.
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString))
        {
            var applied = await new EnterpriseAid.Infrastructure.Migrations.SqlMigrationRunner(dataSource,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<EnterpriseAid.Infrastructure.Migrations.SqlMigrationRunner>.Instance).MigrateAsync();
            if (applied.Count > 0)
            {
                Console.WriteLine($"applied migrations {string.Join(", ", applied)}");
                await using var analyze = dataSource.CreateCommand("ANALYZE");
                analyze.CommandTimeout = 0;
                await analyze.ExecuteNonQueryAsync();
            }
        }
        var runnerOptions = new RunnerOptions(
            (int)Number("--warmup", 3), (int)Number("--iterations", 20), Number("--target", 50), Option("--plans"), Option("--only"));
        var runner = new BenchmarkRunner(connectionString, runnerOptions, Console.Out);
        var set = Option("--set") ?? "all";
        var reportFile = Option("--report");
        var total = 0;
        var overTarget = 0;
        foreach (var (name, title, queries) in new (string, string, IReadOnlyList<BenchQuery>)[]
                 {
                     ("dashboard", "Dashboard queries (last run)", DashboardQueries.All),
                     ("list", "List pages' queries (last run)", ListQueries.All),
                 })
        {
            if (set != "all" && set != name) continue;
            var timings = await runner.RunAsync(queries);
            total += timings.Count;
            overTarget += timings.Count(t => t.P95 > runnerOptions.TargetMs);
            if (reportFile is not null && timings.Count > 0 && runnerOptions.Only is null)
            {
                await BenchmarkReport.WriteAsync(reportFile, name, title, timings, runnerOptions, connectionString);
                Console.WriteLine($"wrote the {name} table into {reportFile}");
            }
        }
        Console.WriteLine($"{total} queries, {overTarget} over target");
        return 0;
    }
}
