using System.Globalization;
using System.Text;
using Npgsql;

namespace EnterpriseAid.Benchmarks.Running;

/// <summary>
/// Writes a run's timings into a Markdown file between marker comments (<c>&lt;!-- bench:NAME:begin --&gt;</c> …
/// <c>&lt;!-- bench:NAME:end --&gt;</c>), replacing what an earlier run wrote there; without the markers the section
/// is appended. Each section starts with the machine and the data it was measured on, since the numbers mean
/// nothing without them.
/// </summary>
public static class BenchmarkReport
{
    private static readonly string[] Settings = ["shared_buffers", "effective_cache_size", "work_mem", "random_page_cost", "jit", "max_parallel_workers_per_gather"];
    private static readonly string[] CountedTables =
    [
        "enterprises", "users", "assignments", "visits", "visit_enterprises", "problems", "problem_flags", "supervision_notices", "policies",
        "subsidy_programs", "subsidy_applications", "projects", "assistance_records", "operating_reports",
    ];

    public static async Task WriteAsync(string file, string section, string title, IReadOnlyList<QueryTiming> timings, RunnerOptions options,
        string connectionString, CancellationToken ct = default)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"<!-- bench:{section}:begin -->")
            .AppendLine("<!-- written by the benchmark runner (scripts/bench.sh); edits here are replaced on the next run -->")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"#### {title}")
            .AppendLine()
            .AppendLine(await MachineAsync(connectionString, options, ct))
            .AppendLine()
            .AppendLine("| query | scope | p50 ms | p95 ms | max ms | calls | target | result |")
            .AppendLine("|---|---|---:|---:|---:|---:|---|---|");
        foreach (var t in timings)
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{t.Name}` | {t.Scope.ToString().ToLowerInvariant()} | {t.P50:F1} | {t.P95:F1} | {t.Max:F1} | {t.Milliseconds.Count} | {(t.P95 > options.TargetMs ? "**over**" : "ok")} | {t.Result.Replace("|", "/", StringComparison.Ordinal)} |");
        var over = timings.Count(t => t.P95 > options.TargetMs);
        text.AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{timings.Count} queries, {over} over the {options.TargetMs:0} ms p95 target.")
            .Append(CultureInfo.InvariantCulture, $"<!-- bench:{section}:end -->");

        var document = File.Exists(file) ? await File.ReadAllTextAsync(file, ct) : "";
        await File.WriteAllTextAsync(file, Replace(document, section, text.ToString()), ct);
    }

    /// <summary>The document with the section's marked block replaced, or the block appended when there is none.</summary>
    public static string Replace(string document, string section, string block)
    {
        var begin = $"<!-- bench:{section}:begin -->";
        var end = $"<!-- bench:{section}:end -->";
        // Only a marker that starts a line counts: prose may mention the markers.
        var from = document.StartsWith(begin, StringComparison.Ordinal) ? 0 : document.IndexOf("\n" + begin, StringComparison.Ordinal) + 1;
        if (from == 0 && !document.StartsWith(begin, StringComparison.Ordinal)) from = -1;
        var to = from < 0 ? -1 : document.IndexOf(end, from, StringComparison.Ordinal);
        if (from < 0 || to < 0) return document.TrimEnd() + "\n\n" + block + "\n";
        return document[..from] + block + document[(to + end.Length)..];
    }

    private static async Task<string> MachineAsync(string connectionString, RunnerOptions options, CancellationToken ct)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? (await File.ReadAllLinesAsync("/proc/cpuinfo", ct)).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? (await File.ReadAllLinesAsync("/proc/meminfo", ct)).FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
            : null;
        var ram = memory is null ? "?" : $"{long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0 / 1024.0:F0} GiB";
        var load = File.Exists("/proc/loadavg") ? string.Join(" ", (await File.ReadAllTextAsync("/proc/loadavg", ct)).Split(' ').Take(3)) : "?";

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        async Task<string> Scalar(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return Convert.ToString(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) ?? "";
        }
        var version = await Scalar("SHOW server_version");
        var settings = new List<string>();
        foreach (var s in Settings) settings.Add($"`{s}={await Scalar("SHOW " + s)}`");
        var counts = new List<string>();
        foreach (var table in CountedTables)
        {
            var rows = long.Parse(await Scalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);
            counts.Add(string.Create(CultureInfo.InvariantCulture, $"{rows:N0} {table}"));
        }
        var size = await Scalar("SELECT pg_size_pretty(pg_database_size(current_database()))");

        return string.Create(CultureInfo.InvariantCulture, $"""
            | | |
            |---|---|
            | Date | {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC |
            | Machine | {cpu ?? "?"}, {Environment.ProcessorCount} cores, {ram} RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; .NET {Environment.Version} |
            | Load average (1/5/15 min) at the end | {load} |
            | PostgreSQL | {version}; {string.Join(", ", settings)} |
            | Data | {string.Join(", ", counts)}; database {size} |
            | Method | {options.Warmup} warm-up calls, then {options.Iterations} timed calls per query (fewer, at least 5, for a query whose {options.Iterations} calls would exceed {options.BudgetSeconds:0} s: see "calls"), each in its own DI scope as one request |
            """);
    }
}
