using System.Diagnostics;
using System.Globalization;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.Infrastructure.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EnterpriseAid.Benchmarks.Imports;

/// <summary>
/// The import target of issue 9 (docs/performance.md, "Import"): generates an enterprise roster .xlsx of N rows, then
/// validates and commits it with the same <see cref="EnterpriseImporter"/> the worker uses, and commits it a second
/// time (every row unchanged). Prints the seconds of each step and the process's peak working set.
/// </summary>
internal sealed class ImportBenchmark(string connectionString, int rows, TextWriter output)
{
    public async Task RunAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SqlMigrationRunner(dataSource, NullLogger<SqlMigrationRunner>.Instance).MigrateAsync();
        var towns = await TownsAsync(dataSource);

        var clock = Stopwatch.StartNew();
        var file = Roster(rows, towns);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {rows:N0} rows: {file.Length / 1024.0 / 1024.0:F1} MB .xlsx in {clock.Elapsed.TotalSeconds:F1} s"));

        var importer = new EnterpriseImporter(dataSource, TimeProvider.System);
        var map = ColumnMapping.AutoMatch(EnterpriseImportFields.All, EnterpriseImportFields.All.Select(f => f.Label).ToList());
        var work = new ImportWork(0, ImportKinds.Enterprises, "bench.xlsx", ImportFileFormats.Xlsx, file, map, true, null, 0, "bench");

        clock.Restart();
        var validation = await importer.ValidateAsync(work, null, CancellationToken.None);
        var validate = clock.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate: {validate:F1} s, {validation.TotalRows:N0} rows, {validation.ErrorRows} in error"));

        clock.Restart();
        var counts = await importer.CommitAsync(work, null, (_, _) => Task.CompletedTask, CancellationToken.None);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"commit:   {clock.Elapsed.TotalSeconds:F1} s (validates again inside its transaction), {counts.Inserted:N0} inserted, {counts.Updated:N0} updated, {counts.Unchanged:N0} unchanged"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"validate + commit: {validate + clock.Elapsed.TotalSeconds:F1} s"));

        clock.Restart();
        counts = await importer.CommitAsync(work, null, (_, _) => Task.CompletedTask, CancellationToken.None);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"again:    {clock.Elapsed.TotalSeconds:F1} s, {counts.Inserted:N0} inserted, {counts.Updated:N0} updated, {counts.Unchanged:N0} unchanged"));

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MB"));
    }

    /// <summary>The towns of the database, or ten made under a city and a district when it has none.</summary>
    private static async Task<List<string>> TownsAsync(NpgsqlDataSource dataSource)
    {
        await using (var seed = dataSource.CreateCommand("""
            DO $$
            DECLARE city bigint; district bigint; t bigint;
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM org_units WHERE kind IN ('Town', 'Street')) THEN
                    INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('BM', '基准市', 'City', NULL, '/', 1) RETURNING id INTO city;
                    UPDATE org_units SET path = '/' || id || '/' WHERE id = city;
                    INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('BM-D', '基准区', 'District', city, '/', 1) RETURNING id INTO district;
                    UPDATE org_units SET path = '/' || city || '/' || id || '/' WHERE id = district;
                    FOR i IN 1..10 LOOP
                        INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('BM-T' || i, '基准' || i || '号街道', 'Street', district, '/', i) RETURNING id INTO t;
                        UPDATE org_units SET path = '/' || city || '/' || district || '/' || id || '/' WHERE id = t;
                    END LOOP;
                END IF;
            END $$;
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }
        var towns = new List<string>();
        await using var cmd = dataSource.CreateCommand("SELECT name FROM org_units WHERE kind IN ('Town', 'Street') ORDER BY id");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) towns.Add(r.GetString(0));
        return towns;
    }

    /// <summary>A roster with every column filled, codes valid and distinct (the row number in the first 17 characters).</summary>
    private static byte[] Roster(int rows, IReadOnlyList<string> towns)
    {
        using var buffer = new MemoryStream();
        var book = XlsxWorkbookWriter.Create(buffer);
        var sheet = book.AddSheet("企业名录", EnterpriseImportFields.All.Select(f => new XlsxColumn(f.Label, 20)).ToList());
        var random = new Random(20261207);
        for (var i = 0; i < rows; i++)
        {
            var first17 = "91" + "411500" + i.ToString("D9", CultureInfo.InvariantCulture);
            var uscc = first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
            var scale = ScaleClasses.All[random.Next(ScaleClasses.All.Count)];
            var industry = IndustrySections.All[random.Next(IndustrySections.All.Count)];
            sheet.WriteRowAsync([uscc, $"基准测试第{i + 1}号企业有限公司", towns[i % towns.Count], scale.NameZh, $"{industry.Code} {industry.NameZh}",
                "王" + (i % 1000).ToString(CultureInfo.InvariantCulture), random.Next(5, 3000).ToString(CultureInfo.InvariantCulture),
                $"基准路{i % 500 + 1}号", new DateOnly(2000, 1, 1).AddDays(i % 9000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                i % 7 == 0 ? "专精特新、高新技术企业" : null]).AsTask().GetAwaiter().GetResult();
        }
        book.CompleteAsync().GetAwaiter().GetResult();
        book.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return buffer.ToArray();
    }
}
