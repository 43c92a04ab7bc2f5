using System.Globalization;
using EnterpriseAid.Benchmarks.Generation;
using EnterpriseAid.Benchmarks.Running;

namespace EnterpriseAid.Benchmarks;

// EnterpriseAid.Benchmarks generate [--scale 1] [--seed 20261121] [--today yyyy-MM-dd]
// EnterpriseAid.Benchmarks run [--warmup 3] [--iterations 20] [--target 50] [--plans dir] [--only name-part]
// EnterpriseAid.Benchmarks import [--rows 100000]   (scripts/bench-import.sh; docs/performance.md, "Import")
// The database is ConnectionStrings__Default (scripts/bench.sh sets it). See docs/performance.md.
internal static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        var verb = args.FirstOrDefault();
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
            var options = new GeneratorOptions(Number("--scale", 1), (int)Number("--seed", 20261121), today);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generating scale {options.Scale}: {options.Enterprises:N0} enterprises, {options.Visits:N0} visits, {options.Problems:N0} problems, data up to {today:yyyy-MM-dd}"));
            var report = await new ProvinceGenerator(connectionString, options, Console.Out).RunAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated in {report.Total.TotalSeconds:F1} s"));
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
        var runner = new BenchmarkRunner(connectionString, new RunnerOptions(
            (int)Number("--warmup", 3), (int)Number("--iterations", 20), Number("--target", 50), Option("--plans"), Option("--only")), Console.Out);
        var timings = await runner.RunAsync(DashboardQueries.All);
        var over = timings.Count(t => t.P95 > Number("--target", 50));
        Console.WriteLine($"{timings.Count} queries, {over} over target");
        return 0;
    }
}
