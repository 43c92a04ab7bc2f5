using System.Text.Json;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EnterpriseAid.IntegrationTests.Features.Audit;

/// <summary>The actor the tests act as; the web host's version reads the signed-in user.</summary>
public sealed class TestAuditActor : IAuditActorAccessor
{
    public AuditActor Current { get; set; } = new(7, "zhang.san", "10.1.2.3");
}

/// <summary>
/// A migrated database and Infrastructure's own service registrations (pooled context factory with
/// the audit interceptor), so the tests exercise the wiring the portal uses.
/// </summary>
public sealed class AuditFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public ServiceProvider Services { get; private set; } = null!;
    public TestAuditActor Actor { get; } = new();
    public long TownId { get; private set; }

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync("audit");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = Database.ConnectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddInfrastructure();
        services.AddSingleton<IAuditActorAccessor>(Actor);
        Services = services.BuildServiceProvider(validateScopes: true);
        await Services.GetRequiredService<SqlMigrationRunner>().MigrateAsync();

        await using var db = NewContext();
        var city = OrgUnit.Create("AC", "审计市", OrgUnitKind.City, null);
        db.OrgUnits.Add(city);
        await db.SaveChangesAsync();
        city.AssignPath(null);
        var district = OrgUnit.Create("AC-D1", "审计区", OrgUnitKind.District, city);
        db.OrgUnits.Add(district);
        await db.SaveChangesAsync();
        district.AssignPath(city);
        var town = OrgUnit.Create("AC-T1", "审计镇", OrgUnitKind.Town, district);
        db.OrgUnits.Add(town);
        await db.SaveChangesAsync();
        town.AssignPath(district);
        await db.SaveChangesAsync();
        TownId = town.Id;
    }

    public AppDbContext NewContext()
    {
        var db = Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
        db.Scope = DataScope.Everything;
        return db;
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class AuditLogTests(AuditFixture fixture) : IClassFixture<AuditFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);

    private EnterpriseProfile Profile(string name = "鸿达精密机械有限公司", int employees = 128, string phone = "13912345678") =>
        new(name, "张建国", "industry_above", "C", fixture.TownId, ["specialized"], employees, "城关街道建设路88号",
            new DateOnly(2012, 5, 18), [new EnterpriseContact("李敏", "财务负责人", phone)]);

    private async Task<long> RegisterAsync(string? uscc = null, EnterpriseProfile? profile = null)
    {
        await using var db = fixture.NewContext();
        var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(uscc ?? Uscc.NewValid()), profile ?? Profile(), Now);
        db.Enterprises.Add(enterprise);
        await db.SaveChangesAsync();
        return enterprise.Id;
    }

    private async Task<List<AuditEntry>> RowsAsync(string entityType, long id)
    {
        await using var db = fixture.NewContext();
        var key = id.ToString();
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == entityType && e.EntityId == key)
            .OrderBy(e => e.Id).ToListAsync();
    }

    private Task<long> CountAsync() => fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log");

    private static JsonElement Changes(AuditEntry entry)
    {
        entry.Changes.ShouldNotBeNull();
        return JsonDocument.Parse(entry.Changes).RootElement;
    }

    private static List<string> Fields(AuditEntry entry) =>
        Changes(entry).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Registering_an_enterprise_writes_a_Created_row_with_its_new_id_and_values()
    {
        var id = await RegisterAsync(profile: Profile("鸿达精密机械有限公司"));

        var row = (await RowsAsync("Enterprise", id)).ShouldHaveSingleItem();

        row.Action.ShouldBe(AuditActions.Created);
        row.UserId.ShouldBe(7);
        row.UserName.ShouldBe("zhang.san");
        row.IpAddress.ShouldBe("10.1.2.3");
        var changes = Changes(row);
        changes.GetProperty("Name").GetProperty("to").GetString().ShouldBe("鸿达精密机械有限公司");
        changes.GetProperty("Name").TryGetProperty("from", out _).ShouldBeFalse();
        changes.GetProperty("Employees").GetProperty("to").GetInt32().ShouldBe(128);
        changes.GetProperty("TownId").GetProperty("to").GetInt64().ShouldBe(fixture.TownId);
        changes.GetProperty("Tags").GetProperty("to")[0].GetString().ShouldBe("specialized");
        changes.GetProperty("EstablishedOn").GetProperty("to").GetString().ShouldBe("2012-05-18");
        // The owned contacts (one jsonb column) are one field of the enterprise, not rows of their own.
        var contact = changes.GetProperty("Contacts").GetProperty("to")[0];
        contact.GetProperty("Name").GetString().ShouldBe("李敏");
        contact.GetProperty("Phone").GetString().ShouldBe("13912345678");
        Fields(row).ShouldNotContain("Id");
        Fields(row).ShouldNotContain("Version");
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'EnterpriseContact'")).ShouldBe(0);
    }

    [Fact]
    public async Task Editing_an_enterprise_writes_only_the_changed_fields_before_and_after()
    {
        var id = await RegisterAsync(profile: Profile("旧名称有限公司", employees: 128));
        await using (var db = fixture.NewContext())
        {
            var enterprise = await db.Enterprises.SingleAsync(e => e.Id == id);
            enterprise.UpdateProfile(Profile("新名称有限公司", employees: 150), Now.AddHours(1));
            await db.SaveChangesAsync();
        }

        var rows = await RowsAsync("Enterprise", id);

        rows.Count.ShouldBe(2);
        var update = rows[1];
        update.Action.ShouldBe(AuditActions.Updated);
        Fields(update).ShouldBe(["Employees", "Name", "UpdatedAt"]);
        var changes = Changes(update);
        changes.GetProperty("Name").GetProperty("from").GetString().ShouldBe("旧名称有限公司");
        changes.GetProperty("Name").GetProperty("to").GetString().ShouldBe("新名称有限公司");
        changes.GetProperty("Employees").GetProperty("from").GetInt32().ShouldBe(128);
        changes.GetProperty("Employees").GetProperty("to").GetInt32().ShouldBe(150);
        changes.GetProperty("UpdatedAt").GetProperty("to").GetDateTimeOffset().ShouldBe(Now.AddHours(1));
    }

    [Fact]
    public async Task Replacing_a_contact_is_one_Contacts_field_on_the_enterprise()
    {
        var id = await RegisterAsync(profile: Profile(phone: "13912345678"));
        await using (var db = fixture.NewContext())
        {
            var enterprise = await db.Enterprises.SingleAsync(e => e.Id == id);
            enterprise.UpdateProfile(Profile(phone: "13800001111"), Now);
            await db.SaveChangesAsync();
        }

        var update = (await RowsAsync("Enterprise", id))[1];

        Fields(update).ShouldBe(["Contacts"]);
        var contacts = Changes(update).GetProperty("Contacts");
        contacts.GetProperty("from")[0].GetProperty("Phone").GetString().ShouldBe("13912345678");
        contacts.GetProperty("to")[0].GetProperty("Phone").GetString().ShouldBe("13800001111");
        contacts.GetProperty("to").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Saving_without_changes_writes_nothing()
    {
        var id = await RegisterAsync();
        var before = await CountAsync();

        await using (var db = fixture.NewContext())
        {
            var enterprise = await db.Enterprises.SingleAsync(e => e.Id == id);
            await db.SaveChangesAsync();
            // The same profile at the same time: new contact objects, equal values.
            enterprise.UpdateProfile(Profile(), Now);
            await db.SaveChangesAsync();
            db.Database.CurrentTransaction.ShouldBeNull();
        }

        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_save_that_fails_writes_no_audit_row_and_leaves_no_transaction_open()
    {
        var uscc = Uscc.NewValid();
        await RegisterAsync(uscc);
        var before = await CountAsync();
        var enterprises = await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises");

        await using var db = fixture.NewContext();
        db.Enterprises.Add(Enterprise.Register(UnifiedSocialCreditCode.Parse(uscc), Profile("重复代码有限公司"), Now));
        var error = await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());

        error.InnerException.ShouldBeOfType<PostgresException>().SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);
        (await CountAsync()).ShouldBe(before);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises")).ShouldBe(enterprises);
        db.Database.CurrentTransaction.ShouldBeNull();

        // The same context goes on working, and audits its next save.
        db.ChangeTracker.Clear();
        var next = Enterprise.Register(UnifiedSocialCreditCode.Parse(Uscc.NewValid()), Profile("重试成功有限公司"), Now);
        db.Enterprises.Add(next);
        await db.SaveChangesAsync();
        (await RowsAsync("Enterprise", next.Id)).ShouldHaveSingleItem().Action.ShouldBe(AuditActions.Created);
    }

    [Fact]
    public async Task When_the_audit_row_cannot_be_written_the_change_is_not_saved_either()
    {
        const string name = "审计写入失败有限公司";
        // Make PostgreSQL refuse this one audit row, as a full disk or a lost connection would.
        await fixture.Database.ExecuteAsync($$"""
            CREATE FUNCTION refuse_test_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.changes->'Name'->>'to' = '{{name}}' THEN RAISE EXCEPTION 'audit row refused by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_test_audit_row BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_test_audit_row();
            """);
        try
        {
            await using var db = fixture.NewContext();
            var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(Uscc.NewValid()), Profile(name), Now);
            db.Enterprises.Add(enterprise);

            var error = await Should.ThrowAsync<Exception>(() => db.SaveChangesAsync());

            (error as PostgresException ?? error.InnerException as PostgresException).ShouldNotBeNull().MessageText
                .ShouldBe("audit row refused by the test");
            (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE name = '{name}'")).ShouldBe(0);
            db.Entry(enterprise).State.ShouldBe(EntityState.Added);
            db.Database.CurrentTransaction.ShouldBeNull();
        }
        finally
        {
            await fixture.Database.ExecuteAsync(
                "DROP TRIGGER refuse_test_audit_row ON audit_log; DROP FUNCTION refuse_test_audit_row();");
        }
    }

    [Fact]
    public async Task A_save_refused_for_a_stale_version_writes_no_audit_row()
    {
        var id = await RegisterAsync();
        var before = await CountAsync();

        await using var db = fixture.NewContext();
        var enterprise = await db.Enterprises.SingleAsync(e => e.Id == id);
        enterprise.UpdateProfile(Profile("过期版本有限公司"), Now.AddHours(2));
        db.Entry(enterprise).Property(e => e.Version).OriginalValue = enterprise.Version + 1000;
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

        (await CountAsync()).ShouldBe(before);
        db.Database.CurrentTransaction.ShouldBeNull();
    }

    [Fact]
    public async Task The_synchronous_save_is_audited_the_same_way()
    {
        long id;
        await using (var db = fixture.NewContext())
        {
            var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(Uscc.NewValid()), Profile("同步保存有限公司"), Now);
            db.Enterprises.Add(enterprise);
            db.SaveChanges();
            id = enterprise.Id;
            db.Database.CurrentTransaction.ShouldBeNull();
        }

        var row = (await RowsAsync("Enterprise", id)).ShouldHaveSingleItem();
        Changes(row).GetProperty("Name").GetProperty("to").GetString().ShouldBe("同步保存有限公司");
    }

    [Fact]
    public async Task Audit_rows_share_the_fate_of_the_callers_transaction()
    {
        long rolledBack, committed;
        await using (var db = fixture.NewContext())
        {
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(Uscc.NewValid()), Profile("回滚有限公司"), Now);
                db.Enterprises.Add(enterprise);
                await db.SaveChangesAsync();
                rolledBack = enterprise.Id;
                db.Database.CurrentTransaction.ShouldBeSameAs(tx);
                await tx.RollbackAsync();
            }
            db.ChangeTracker.Clear();
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(Uscc.NewValid()), Profile("提交有限公司"), Now);
                db.Enterprises.Add(enterprise);
                await db.SaveChangesAsync();
                committed = enterprise.Id;
                await tx.CommitAsync();
            }
        }

        (await RowsAsync("Enterprise", rolledBack)).ShouldBeEmpty();
        (await RowsAsync("Enterprise", committed)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Deleting_writes_a_Deleted_row_with_the_values_it_had()
    {
        var id = await RegisterAsync(profile: Profile("将删除有限公司"));
        await using (var db = fixture.NewContext())
        {
            db.Enterprises.Remove(await db.Enterprises.SingleAsync(e => e.Id == id));
            await db.SaveChangesAsync();
        }

        var rows = await RowsAsync("Enterprise", id);

        rows.Select(r => r.Action).ShouldBe([AuditActions.Created, AuditActions.Deleted]);
        var changes = Changes(rows[1]);
        changes.GetProperty("Name").GetProperty("from").GetString().ShouldBe("将删除有限公司");
        changes.GetProperty("Name").TryGetProperty("to", out _).ShouldBeFalse();
        changes.GetProperty("Contacts").GetProperty("from")[0].GetProperty("Name").GetString().ShouldBe("李敏");
    }

    [Fact]
    public async Task Accounts_are_audited_without_their_secrets_and_role_grants_name_user_and_role()
    {
        const string hash = "AQAAAAIAAYagAAAAEHashThatMustNeverBeLogged==";
        long userId, roleId;
        await using (var db = fixture.NewContext())
        {
            var user = new AppUser
            {
                UserName = "wang.wu", NormalizedUserName = "WANG.WU", DisplayName = "王五", PasswordHash = hash,
                SecurityStamp = "STAMP-SECRET-1", CreatedAt = Now,
            };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            userId = user.Id;
            roleId = await db.Roles.Where(r => r.Name == "Official").Select(r => r.Id).SingleAsync();
            db.UserRoles.Add(new IdentityUserRole<long> { UserId = userId, RoleId = roleId });
            db.UserTokens.Add(new IdentityUserToken<long> { UserId = userId, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = "TOKEN-SECRET" });
            user.PasswordHash = hash + "2";
            user.SecurityStamp = "STAMP-SECRET-2";
            user.DisplayName = "王五一";
            await db.SaveChangesAsync();
        }

        var rows = await RowsAsync("User", userId);

        rows.Select(r => r.Action).ShouldBe([AuditActions.Created, AuditActions.Updated]);
        var created = Changes(rows[0]);
        created.GetProperty("UserName").GetProperty("to").GetString().ShouldBe("wang.wu");
        created.GetProperty("PasswordHash").GetProperty("changed").GetBoolean().ShouldBeTrue();
        var updated = Changes(rows[1]);
        updated.GetProperty("DisplayName").GetProperty("from").GetString().ShouldBe("王五");
        updated.GetProperty("DisplayName").GetProperty("to").GetString().ShouldBe("王五一");
        updated.GetProperty("PasswordHash").GetProperty("changed").GetBoolean().ShouldBeTrue();
        updated.GetProperty("SecurityStamp").GetProperty("changed").GetBoolean().ShouldBeTrue();
        var everything = await fixture.Database.ScalarAsync<string>("SELECT coalesce(string_agg(changes::text, ' '), '') FROM audit_log");
        everything.ShouldNotContain("HashThatMustNeverBeLogged");
        everything.ShouldNotContain("STAMP-SECRET");
        everything.ShouldNotContain("TOKEN-SECRET");

        var grant = await fixture.Database.ScalarAsync<string>(
            $"SELECT action || ' ' || entity_id || ' ' || changes::text FROM audit_log WHERE entity_type = 'UserRole'");
        grant.ShouldStartWith($"Created {userId}/{roleId} ");
        grant.ShouldContain($"\"RoleId\": {{\"to\": {roleId}}}");
    }

    [Fact]
    public async Task Outside_a_request_the_system_is_the_actor()
    {
        var previous = fixture.Actor.Current;
        fixture.Actor.Current = AuditActor.System;
        try
        {
            var id = await RegisterAsync();
            var row = (await RowsAsync("Enterprise", id)).ShouldHaveSingleItem();
            row.UserId.ShouldBeNull();
            row.UserName.ShouldBe("system");
            row.IpAddress.ShouldBeNull();
        }
        finally
        {
            fixture.Actor.Current = previous;
        }
    }

    [Fact]
    public async Task Security_events_are_written_as_one_row_about_the_account()
    {
        var audit = fixture.Services.GetRequiredService<ISecurityAudit>();

        await audit.RecordAsync(SecurityEvent.SignInFailed, "li.si", 42, "wrong password");

        var row = (await RowsAsync("User", 42)).ShouldHaveSingleItem();
        row.Action.ShouldBe("SignInFailed");
        row.UserId.ShouldBe(42);
        row.UserName.ShouldBe("li.si");
        row.IpAddress.ShouldBe("10.1.2.3");
        row.Detail.ShouldBe("wrong password");
        row.Changes.ShouldBeNull();
        row.OccurredAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task A_security_event_is_written_even_when_the_callers_context_is_never_saved()
    {
        var audit = fixture.Services.GetRequiredService<ISecurityAudit>();
        await using var db = fixture.NewContext();
        db.Enterprises.Add(Enterprise.Register(UnifiedSocialCreditCode.Parse(Uscc.NewValid()), Profile("未保存有限公司"), Now));

        await audit.RecordAsync(SecurityEvent.LockedOut, "zhao.liu", 43, new string('长', 600));

        var row = (await RowsAsync("User", 43)).ShouldHaveSingleItem();
        row.Detail!.Length.ShouldBe(AuditEntry.DetailMaxLength);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises WHERE name = '未保存有限公司'")).ShouldBe(0);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET action = 'x'", "UPDATE")]
    [InlineData("DELETE FROM audit_log", "DELETE")]
    [InlineData("TRUNCATE audit_log", "TRUNCATE")]
    public async Task The_database_refuses_to_change_or_remove_audit_rows(string sql, string operation)
    {
        await fixture.Services.GetRequiredService<ISecurityAudit>().RecordAsync(SecurityEvent.SignedIn, "zhang.san", 7);
        var before = await CountAsync();

        var error = await Should.ThrowAsync<PostgresException>(() => fixture.Database.ExecuteAsync(sql));

        error.MessageText.ShouldBe($"audit_log is append-only: {operation} is not allowed");
        (await CountAsync()).ShouldBe(before);
        (await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'x'")).ShouldBe(0);
    }
}
