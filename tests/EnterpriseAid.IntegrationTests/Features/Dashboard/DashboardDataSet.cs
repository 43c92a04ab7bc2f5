using System.Globalization;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.Infrastructure.Identity;
using EnterpriseAid.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>
/// The demo district plus a known set of visits, problems and 督办单 in May 2019 (and just outside it), so that
/// nothing else in the database falls into the periods the tests ask for. Enterprises E1 and E2 lie in 城关街道
/// (XH-T01), E3 in 东湖街道 (XH-T02). A supervisor of 城关街道 only ("cgleader") is added.
/// </summary>
public sealed class DashboardDataSet : IAsyncLifetime
{
    public const string May = "from=2019-05-01&to=2019-05-31";

    public PortalFixture Portal { get; } = new();
    public Dictionary<string, long> Enterprises { get; } = [];
    public Dictionary<string, long> Problems { get; } = [];
    public long Town { get; private set; }
    public string TownPath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        var db = Portal.Database;
        Town = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
        TownPath = await db.ScalarAsync<string>($"SELECT path FROM org_units WHERE id = {Town}");
        var other = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'");
        Enterprises["E1"] = await db.ScalarAsync<long>($"SELECT min(id) FROM enterprises WHERE town_id = {Town}");
        Enterprises["E2"] = await db.ScalarAsync<long>($"SELECT min(id) FROM enterprises WHERE town_id = {Town} AND id > {Enterprises["E1"]}");
        Enterprises["E3"] = await db.ScalarAsync<long>($"SELECT min(id) FROM enterprises WHERE town_id = {other}");
        var admin = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'admin'");
        var commerce = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%商务局'");

        // Visits (visited_on is a Beijing date).
        async Task<long> Visit(string on, string kind, string[] enterprises, long? joins = null) =>
            await db.ScalarAsync<long>($"""
                INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, joins_inspection_id, recorded_by_user_id, created_at)
                VALUES ('{on}', '{kind}', ARRAY[{string.Join(",", enterprises.Select(e => Enterprises[e]))}]::bigint[], ARRAY[{admin}]::bigint[],
                        '测试走访', {(joins is null ? "NULL" : joins.Value.ToString(CultureInfo.InvariantCulture))}, {admin}, '{on} 12:00:00+08')
                RETURNING id
                """);
        await Visit("2019-05-01", "OnSite", ["E1"]);
        await Visit("2019-05-10", "Symposium", ["E1", "E2", "E3"]);
        var inspection = await Visit("2019-05-20", "Inspection", ["E3"]);
        await Visit("2019-05-20", "Inspection", ["E3"], inspection);
        await Visit("2019-05-31", "OnSite", ["E2"]);
        await Visit("2019-06-01", "OnSite", ["E1"]);
        await Visit("2019-04-30", "OnSite", ["E1"]);

        // Problems, registered at Beijing times.
        await Problem("P1", "E1", "2019-05-01 00:00:00", "Reported");
        await Problem("P2", "E1", "2019-04-30 23:59:59", "Reported");
        await Problem("P3", "E2", "2019-05-31 23:59:59", "Resolved", onSpot: true, satisfaction: "Satisfied");
        await Problem("P4", "E3", "2019-06-01 00:00:00", "Reported");
        await Problem("P5", "E3", "2019-05-10 09:00:00", "Assigned", lead: commerce, deadline: "2019-05-20");
        await Problem("P6", "E1", "2019-05-11 09:00:00", "Closed", lead: commerce, deadline: "2019-05-30", byDeadline: true, satisfaction: "BasicallySatisfied");
        await Problem("P7", "E2", "2019-05-12 09:00:00", "InProgress", lead: commerce, deadline: "2019-05-15");

        // 督办单, issued at Beijing times.
        async Task Notice(int seq, string problem, string issued, bool replied) =>
            await db.ExecuteAsync($"""
                INSERT INTO supervision_notices (number, problem_id, problem_number, problem_title, enterprise_name, problem_deadline,
                    department_id, department_name, level, requirement, reply_due, issued_by_user_id, issued_by_name, issued_at,
                    reply, replied_by_user_id, replied_by_name, replied_at)
                VALUES ('督办〔2019〕{seq}号', {Problems[problem]}, '2019-00000{problem[1]}', '测试问题', '测试企业', '2019-05-15',
                    {commerce}, '商务局', 'Yellow', '请抓紧办理', '2019-06-30', {admin}, '督查组', '{issued}+08',
                    {(replied ? $"'已办理', {admin}, '经办人', '{issued}+08'::timestamptz + interval '1 day'" : "NULL, NULL, NULL, NULL")})
                """);
        await Notice(1, "P5", "2019-05-21 10:00:00", replied: true);
        await Notice(2, "P7", "2019-05-31 23:30:00", replied: false);
        await Notice(3, "P7", "2019-06-01 00:10:00", replied: false);

        // Flags as the escalation job stores them.
        await Portal.Factory.Services.GetRequiredService<EscalationRunner>().EvaluateAsync(DateTimeOffset.UtcNow);

        using var scope = Portal.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "cgleader", DisplayName = "城关街道督查", OrgUnitId = Town, CreatedAt = DateTimeOffset.UtcNow };
        (await users.CreateAsync(user, PortalFactory.DemoPassword)).Succeeded.ShouldBeTrue();
        (await users.AddToRoleAsync(user, PortalRoles.Supervisor)).Succeeded.ShouldBeTrue();

        async Task Problem(string key, string enterprise, string registeredBeijing, string status, long? lead = null, string? deadline = null,
            bool onSpot = false, bool? byDeadline = null, string? satisfaction = null)
        {
            var registered = $"'{registeredBeijing}+08'::timestamptz";
            var resolved = status is "Resolved" or "Closed" ? $"{registered} + interval '3 days'" : "NULL";
            Problems[key] = await db.ScalarAsync<long>($"""
                INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status,
                                      lead_department_id, lead_department_name, dispatched_at, deadline, resolved_at, resolution,
                                      resolved_on_spot, resolved_by_deadline, closed_at, reopen_count, satisfaction, rated_at,
                                      extension_count, registered_by_user_id, created_at, updated_at)
                VALUES ('2019-00000{key[1]}', {Enterprises[enterprise]}, 'policy', 'Ordinary', 'Visit', '测试问题{key}', '描述', '{status}',
                        {(lead is null ? "NULL" : lead.Value.ToString(CultureInfo.InvariantCulture))},
                        {(lead is null ? "NULL" : "'商务局'")}, {(lead is null ? "NULL" : $"{registered} + interval '1 day'")},
                        {(deadline is null ? "NULL" : $"'{deadline}'")}::date, {resolved}, {(resolved == "NULL" ? "NULL" : "'已解决'")},
                        {(onSpot ? "true" : "false")}, {(byDeadline is { } b ? (b ? "true" : "false") : "NULL")},
                        {(status == "Closed" ? $"{registered} + interval '5 days'" : "NULL")}, 0,
                        {(satisfaction is null ? "NULL" : $"'{satisfaction}'")}, {(satisfaction is null ? "NULL" : $"{registered} + interval '4 days'")},
                        0, {admin}, {registered}, {registered})
                RETURNING id
                """);
        }
    }

    public Task DisposeAsync() => Portal.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DashboardDataCollection : ICollectionFixture<DashboardDataSet>
{
    public const string Name = "dashboard data";
}
