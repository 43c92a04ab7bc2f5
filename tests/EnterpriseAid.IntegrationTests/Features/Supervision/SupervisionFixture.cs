using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Supervision;

/// <summary>
/// The portal with the demo district on a clock stopped at Wednesday 18 November 2026, 10:00 in Beijing,
/// so deadlines, flags and reply dates are the same whenever the tests run. Adds a handler of 区财政局
/// and a supervisor of 城西街道 only.
/// </summary>
public sealed partial class SupervisionFixture : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 11, 18);

    public TestClock Clock { get; } = new();
    public TestDatabase Database { get; private set; } = null!;
    public PortalFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Clock.Advance(new DateTimeOffset(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(8)) - Clock.GetUtcNow());
        Database = await TestPostgres.CreateDatabaseAsync("sv");
        Factory = new PortalFactory(Database.ConnectionString, clock: Clock);
        Factory.StartServer();
        await AddUserAsync("caizheng", "区财政局经办人", PortalRoles.DepartmentHandler,
            "SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%财政局'");
        await AddUserAsync("chengxi", "城西街道督查", PortalRoles.Supervisor, "SELECT id FROM org_units WHERE code = 'XH-T02'");
    }

    public Task<long> DispatchedAsync(string title, DateOnly deadline, string lead = "商务局") =>
        TestProblems.DispatchedAsync(Factory.Services, title, deadline, lead);

    /// <summary>Works out today's flags, as the job's pass does.</summary>
    public Task EvaluateFlagsAsync() => Factory.Services.GetRequiredService<EscalationRunner>().EvaluateAsync(Clock.GetUtcNow());

    public Task<long> DepartmentAsync(string nameEnd) =>
        Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%{nameEnd}'");

    public Task<string> ProblemVersionAsync(long id) => Database.ScalarAsync<string>($"SELECT xmin::text FROM problems WHERE id = {id}");

    public Task<long> NoticeCountAsync() => Database.ScalarAsync<long>("SELECT count(*) FROM supervision_notices");

    /// <summary>Posts a form with a token from a page the user can open, for addresses they cannot.</summary>
    public static async Task<HttpResponseMessage> PostBlindAsync(HttpClient client, string url, string formName, params KeyValuePair<string, string>[] fields)
    {
        var token = Token().Match(await client.GetStringAsync("/account/password")).Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(
        [
            new("_handler", formName), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), .. fields,
        ]));
    }

    private async Task AddUserAsync(string userName, string displayName, string role, string orgUnitSql)
    {
        using var scope = Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = displayName, OrgUnitId = await Database.ScalarAsync<long>(orgUnitSql), CreatedAt = Clock.GetUtcNow() };
        (await users.CreateAsync(user, PortalFactory.DemoPassword)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.ShouldBeTrue();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
