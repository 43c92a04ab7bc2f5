using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Seeding;
using EnterpriseAid.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Persistence;

/// <summary>A migrated database holding the demo district and one staff account, for persistence tests.</summary>
internal sealed class WorkDatabase : IAsyncDisposable
{
    private readonly TestDatabase _db;

    private WorkDatabase(TestDatabase db, NpgsqlDataSource dataSource)
    {
        _db = db;
        DataSource = dataSource;
    }

    public NpgsqlDataSource DataSource { get; }
    public long UserId { get; private set; }

    public static async Task<WorkDatabase> CreateAsync(string prefix)
    {
        var db = await TestPostgres.CreateDatabaseAsync(prefix);
        var dataSource = db.CreateDataSource();
        await new SqlMigrationRunner(dataSource, NullLogger<SqlMigrationRunner>.Instance).MigrateAsync();
        var work = new WorkDatabase(db, dataSource);
        await using (var context = work.Context(DataScope.Everything))
        {
            await new DemoDistrictSeeder(context, TimeProvider.System, NullLogger<DemoDistrictSeeder>.Instance).SeedIfEmptyAsync();
        }
        work.UserId = await db.ScalarAsync<long>("""
            INSERT INTO users (display_name, is_disabled, created_at, user_name, email_confirmed, phone_number_confirmed,
                               two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('测试干部', false, now(), 'tester', false, false, false, false, 0) RETURNING id
            """);
        return work;
    }

    public Task<T> ScalarAsync<T>(string sql) => _db.ScalarAsync<T>(sql);

    public AppDbContext Context(DataScope scope) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(DataSource).Options) { Scope = scope };

    public async Task<OrgUnit> UnitAsync(string name)
    {
        await using var context = Context(DataScope.Everything);
        return await context.OrgUnits.SingleAsync(o => o.Name == name || o.Name.EndsWith(name));
    }

    /// <summary>An enterprise of the demo district registered in the named town or street.</summary>
    public async Task<long> EnterpriseInAsync(string townName)
    {
        var town = await UnitAsync(townName);
        await using var context = Context(DataScope.Everything);
        return await context.Enterprises.Where(e => e.TownId == town.Id).OrderBy(e => e.Id).Select(e => e.Id).FirstAsync();
    }

    public Actor Actor(string name, long? orgUnitId = null) => new(UserId, name, orgUnitId);

    /// <summary>Registers and saves a problem of the enterprise, numbered from the counter table.</summary>
    public async Task<long> RegisterProblemAsync(long enterpriseId, DepartmentRef? lead = null, IReadOnlyCollection<DepartmentRef>? coHandlers = null)
    {
        var now = DateTimeOffset.UtcNow;
        await using var context = Context(DataScope.Everything);
        var number = await ProblemNumbers.NextAsync(context, now.Year);
        var problem = Problem.Register(number, enterpriseId, null, "funding", Urgency.Ordinary, ProblemSource.Visit,
            "流动资金紧张", "企业反映流动资金周转困难，希望对接银行贷款。", Actor("测试干部"), now);
        if (lead is not null)
        {
            problem.Dispatch(lead, coHandlers, DateOnly.FromDateTime(now.UtcDateTime).AddDays(10),
                new ActorContext(Actor("活动办")) { IsDispatcher = true }, now);
        }
        context.Problems.Add(problem);
        await context.SaveChangesAsync();
        return problem.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _db.DisposeAsync();
    }
}
