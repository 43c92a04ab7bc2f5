using System.Net;
using EnterpriseAid.TestSupport;
using Npgsql;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Reliability;

/// <summary>
/// scripts/backup and scripts/restore as an operator runs them: a dump of a database with the demo
/// district, visits, problems and audit rows comes back table for table, row for row, and the portal
/// starts on the copy with nothing left to migrate.
/// </summary>
public sealed class BackupRestoreTests(PortalFixture portal) : IClassFixture<PortalFixture>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ea-backup-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _target = "ea_restored_" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_target}\" WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private Dictionary<string, string?> Env => new()
    {
        ["ConnectionStrings__Default"] = portal.Database.ConnectionString,
        ["EA_BACKUP_DIR"] = _folder,
    };

    [Fact]
    public async Task A_backup_restored_into_a_fresh_database_holds_every_row_and_the_portal_starts_on_it()
    {
        await SeedWorkAsync();
        var source = await FingerprintAsync(portal.Database.ConnectionString);
        source["visits"].Rows.ShouldBeGreaterThan(0);
        source["problems"].Rows.ShouldBeGreaterThan(0);
        source["problem_events"].Rows.ShouldBeGreaterThan(0);
        source["audit_log"].Rows.ShouldBeGreaterThan(0);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var backup = (await RepoScripts.RunAsync("scripts/backup", [], Env)).ShouldSucceed("scripts/backup");
        var backupTook = watch.Elapsed;
        var file = backup.Output.Split('\n').Last();
        file.ShouldStartWith(_folder);
        Path.GetFileName(file).ShouldMatch(@"^ea_it_[0-9a-f]+-\d{8}T\d{6}Z\.dump$");

        watch.Restart();
        var restore = (await RepoScripts.RunAsync("scripts/restore", [file, _target], Env)).ShouldSucceed("scripts/restore");
        var restoreTook = watch.Elapsed;
        var restoredConnection = restore.Output.Split('\n').Last();
        new NpgsqlConnectionStringBuilder(restoredConnection).Database.ShouldBe(_target);

        var restored = await FingerprintAsync(restoredConnection);
        restored.Keys.Order().ShouldBe(source.Keys.Order());
        foreach (var (table, print) in source) restored[table].ShouldBe(print, $"table {table}");
        (await SequencesAsync(restoredConnection)).ShouldBe(await SequencesAsync(portal.Database.ConnectionString));

        await RepoScripts.WriteFiguresAsync("backup-figures.json", new
        {
            tables = source.Count,
            rows = source.Values.Sum(t => t.Rows),
            auditRows = source["audit_log"].Rows,
            dumpBytes = new FileInfo(file).Length,
            backupMs = (int)backupTook.TotalMilliseconds,
            restoreMs = (int)restoreTook.TotalMilliseconds,
            tablesIdentical = source.Count(t => restored[t.Key] == t.Value),
        });

        // The audit log stays append-only on the copy.
        var tamper = await Should.ThrowAsync<PostgresException>(() => ExecuteAsync(restoredConnection, "DELETE FROM audit_log"));
        tamper.MessageText.ShouldContain("append-only");

        // The portal starts on the copy: no migration to run, the accounts sign in, the next problem number follows on.
        var migrations = source["schema_migrations"].Rows;
        await using (var factory = new PortalFactory(restoredConnection, seedDemo: false))
        {
            var client = await factory.SignedInClientAsync("official");
            (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await client.GetAsync("/problems")).StatusCode.ShouldBe(HttpStatusCode.OK);
            var saved = await LogVisitAsync(client, 3, withProblem: true);
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }
        (await CountAsync(restoredConnection, "SELECT count(*) FROM schema_migrations")).ShouldBe(migrations);
        const string counters = "SELECT sum(last) FROM problem_number_counters";
        (await CountAsync(restoredConnection, counters)).ShouldBe(await CountAsync(portal.Database.ConnectionString, counters) + 1);
    }

    [Fact]
    public async Task Restore_refuses_to_overwrite_a_database_that_holds_tables_unless_forced()
    {
        var file = (await RepoScripts.RunAsync("scripts/backup", [], Env)).ShouldSucceed("scripts/backup").Output.Split('\n').Last();
        (await RepoScripts.RunAsync("scripts/restore", [file, _target], Env)).ShouldSucceed("first restore");
        await ExecuteAsync(new NpgsqlConnectionStringBuilder(portal.Database.ConnectionString) { Database = _target }.ConnectionString,
            "CREATE TABLE marker (id int)");

        var again = await RepoScripts.RunAsync("scripts/restore", [file, _target], Env);
        again.ExitCode.ShouldNotBe(0);
        again.Error.ShouldContain("already holds");

        var live = await RepoScripts.RunAsync("scripts/restore", [file, portal.Database.Name, "--force"], Env);
        live.ExitCode.ShouldNotBe(0);
        live.Error.ShouldContain("live database");

        NpgsqlConnection.ClearAllPools(); // the forced restore drops the database under the pooled connection above
        var forced = (await RepoScripts.RunAsync("scripts/restore", [file, _target, "--force"], Env)).ShouldSucceed("forced restore");
        (await CountAsync(forced.Output.Split('\n').Last(), "SELECT count(*) FROM pg_tables WHERE tablename = 'marker'")).ShouldBe(0);
    }

    /// <summary>Visits with problems through the forms (audit rows, timeline events, the number counter) and a dispatched problem.</summary>
    private async Task SeedWorkAsync()
    {
        var client = await portal.Factory.SignedInClientAsync("official");
        for (var i = 0; i < 3; i++) (await LogVisitAsync(client, i, withProblem: i != 1)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await TestProblems.DispatchedAsync(portal.Factory.Services, "用电增容审批慢", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20));
    }

    private static async Task<HttpResponseMessage> LogVisitAsync(HttpClient client, int n, bool withProblem)
    {
        var official = await client.GetStringAsync("/visits/new");
        var officialId = System.Text.RegularExpressions.Regex.Match(official, "name=\"Model.OfficialIds\" value=\"(\\d+)\"").Groups[1].Value;
        var enterprise = System.Text.RegularExpressions.Regex.Matches(await client.GetStringAsync("/my/enterprises"), "href=\"/enterprises/(\\d+)\"")[n].Groups[1].Value;
        var form = new List<KeyValuePair<string, string>>
        {
            F("Model.Kind", "OnSite"), F("Model.VisitedOn", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd")),
            F("Model.OfficialIds", officialId), F("Model.EnterpriseIds", enterprise), F("Model.Summary", "走访企业，了解生产经营情况。"),
        };
        if (withProblem)
        {
            form.AddRange([F("Model.ProblemRows[0].Category", "labor"), F("Model.ProblemRows[0].Urgency", "ordinary"),
                F("Model.ProblemRows[0].Title", "普工招聘困难"), F("Model.ProblemRows[0].Description", "企业普工缺口约30人。")]);
        }
        return await Forms.PostAsync(client, "/visits/new", "visit", form);
    }

    private sealed record TablePrint(long Rows, string Checksum);

    /// <summary>Every table's row count and an md5 of its rows' text in a fixed order.</summary>
    private static async Task<Dictionary<string, TablePrint>> FingerprintAsync(string connectionString)
    {
        var tables = new List<string>();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var prints = new Dictionary<string, TablePrint>();
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM \"{table}\" t", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            await reader.ReadAsync();
            prints[table] = new TablePrint(reader.GetInt64(0), reader.GetString(1));
        }
        return prints;
    }

    private static async Task<List<string>> SequencesAsync(string connectionString)
    {
        var result = new List<string>();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT sequencename || '=' || coalesce(last_value, 0) FROM pg_sequences ORDER BY 1", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetString(0));
        return result;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
