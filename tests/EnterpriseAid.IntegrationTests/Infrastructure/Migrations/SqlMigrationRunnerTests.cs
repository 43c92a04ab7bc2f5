using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Migrations;

public sealed class SqlMigrationRunnerTests
{
    private static SqlMigrationRunner Runner(TestDatabase db) => new(db.CreateDataSource(), NullLogger<SqlMigrationRunner>.Instance);

    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_a_second_run_applies_nothing()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("mig");
        var runner = Runner(db);

        var first = await runner.MigrateAsync();
        var second = await runner.MigrateAsync();

        first.ShouldBe(runner.Scripts.Select(s => s.Version).ToList());
        first.ShouldNotBeEmpty();
        second.ShouldBeEmpty();
        (await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(runner.Scripts.Count);
        (await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'enterprises'")).ShouldBe(1);
    }

    [Fact]
    public async Task Two_instances_starting_together_apply_each_script_exactly_once()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("mig");
        var a = Runner(db);
        var b = Runner(db);

        var results = await Task.WhenAll(a.MigrateAsync(), b.MigrateAsync());

        results.SelectMany(r => r).OrderBy(v => v).ShouldBe(a.Scripts.Select(s => s.Version));
        results.Count(r => r.Count == 0).ShouldBe(1);
        (await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(a.Scripts.Count);
    }

    [Fact]
    public async Task An_applied_migration_that_was_edited_stops_start_up()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("mig");
        var runner = Runner(db);
        await runner.MigrateAsync();
        var edited = runner.Scripts.Select((s, i) => i == 0 ? s with { Sql = s.Sql + "\n-- edited\n" } : s).ToList();

        var error = await Should.ThrowAsync<MigrationIntegrityException>(() => runner.MigrateAsync(edited));

        error.Message.ShouldContain("V0001");
        error.Message.ShouldContain("edited");
    }

    [Fact]
    public async Task A_database_migrated_by_a_newer_build_is_refused()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("mig");
        var runner = Runner(db);
        await runner.MigrateAsync();
        await db.ExecuteAsync("INSERT INTO schema_migrations (version, name, checksum, execution_ms) VALUES (9999, 'future', 'x', 0)");

        var error = await Should.ThrowAsync<MigrationIntegrityException>(() => runner.MigrateAsync());

        error.Message.ShouldContain("V9999");
    }

    [Fact]
    public async Task A_failing_script_is_rolled_back_and_not_recorded()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("mig");
        var runner = Runner(db);
        var broken = runner.Scripts.Append(new MigrationScript(9000, "broken", "CREATE TABLE half_done (id int); SELECT 1/0;")).ToList();

        await Should.ThrowAsync<Npgsql.PostgresException>(() => runner.MigrateAsync(broken));

        (await db.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'")).ShouldBe(0);
        (await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = 9000")).ShouldBe(0);
        (await db.ScalarAsync<long>("SELECT count(*) FROM schema_migrations")).ShouldBe(runner.Scripts.Count);
    }
}
