using System.Diagnostics;
using System.Globalization;
using System.Net;
using EnterpriseAid.TestSupport;
using Xunit.Abstractions;

namespace EnterpriseAid.IntegrationTests.Benchmarks;

/// <summary>
/// The list exports stream: the problem list as .csv and .xlsx over many generated rows, read by the client as it
/// arrives, while the process's memory is sampled. CI runs it with 20,000 rows; <c>EA_EXPORT_ROWS=500000</c> gives the
/// numbers in docs/performance.md ("Exports"). The bound asserted is generous and about memory only, never time.
/// </summary>
public sealed class ExportStreamingTests(ExportStreamingTests.Fixture fx, ITestOutputHelper output) : IClassFixture<ExportStreamingTests.Fixture>
{
    private static readonly int Rows = int.TryParse(Environment.GetEnvironmentVariable("EA_EXPORT_ROWS"), out var n) ? n : 20_000;
    /// <summary>Far below what holding the rows would take at 500,000 (each row is several hundred bytes as objects).</summary>
    private const long GrowthBound = 200L * 1024 * 1024;

    public sealed class Fixture : IAsyncLifetime
    {
        public PortalFixture Portal { get; } = new();
        public TimeSpan Generation { get; private set; }

        public async Task InitializeAsync()
        {
            await Portal.InitializeAsync();
            var watch = Stopwatch.StartNew();
            await using var dataSource = Portal.Database.CreateDataSource();
            await using var insert = dataSource.CreateCommand($"""
                INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, resolved_on_spot,
                                      reopen_count, extension_count, registered_by_user_id, created_at, updated_at)
                SELECT '2020-' || lpad(g::text, 6, '0'), ids[1 + g % cardinality(ids)], 'policy', 'Ordinary', 'Visit',
                       '=生成的问题标题' || g, '生成的问题描述，用于导出测试，' || g, 'Reported', false, 0, 0, admin,
                       timestamptz '2020-01-01 08:00+08' + g * interval '30 seconds', timestamptz '2020-01-01 08:00+08' + g * interval '30 seconds'
                FROM generate_series(1, {Rows}) g,
                     (SELECT array_agg(id ORDER BY id) AS ids FROM enterprises) e,
                     (SELECT id AS admin FROM users WHERE user_name = 'admin') u;
                ANALYZE problems;
                """);
            insert.CommandTimeout = 0;
            await insert.ExecuteNonQueryAsync();
            Generation = watch.Elapsed;
        }

        public Task DisposeAsync() => Portal.DisposeAsync();
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Exporting_every_generated_problem_keeps_memory_flat(string format)
    {
        output.WriteLine($"generated {Rows:N0} problems in {fx.Generation.TotalSeconds:F1} s");
        var client = await fx.Portal.Factory.SignedInClientAsync("admin");
        // Warm up (JIT, EF's compiled query, the calendar) with a tiny export, then measure the big one.
        (await client.GetAsync($"/problems/export.{format}?from=2020-01-01&to=2020-01-01")).StatusCode.ShouldBe(HttpStatusCode.OK);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseWorkingSet = process.WorkingSet64;
        var baseHeap = GC.GetTotalMemory(false);
        long peakWorkingSet = baseWorkingSet, peakHeap = baseHeap;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peakWorkingSet = Math.Max(peakWorkingSet, process.WorkingSet64);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(20);
            }
        });

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/problems/export.{format}?from=2020-01-01&to=2021-12-31", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var firstByte = TimeSpan.Zero;
        long bytes = 0, lines = 0;
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                if (bytes == 0) firstByte = watch.Elapsed;
                bytes += read;
                if (format == "csv") lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        var total = watch.Elapsed;
        await sampling.CancelAsync();
        await sampler;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{format}: {Rows:N0} rows, {bytes / 1024.0 / 1024:F1} MB in {total.TotalSeconds:F1} s (first byte after {firstByte.TotalMilliseconds:F0} ms); " +
            $"working set {baseWorkingSet / 1048576} → peak {peakWorkingSet / 1048576} MB (+{(peakWorkingSet - baseWorkingSet) / 1048576} MB); " +
            $"managed heap {baseHeap / 1048576} → peak {peakHeap / 1048576} MB (+{(peakHeap - baseHeap) / 1048576} MB)"));
        if (format == "csv") lines.ShouldBe(Rows + 1);
        (peakWorkingSet - baseWorkingSet).ShouldBeLessThan(GrowthBound);
    }
}
