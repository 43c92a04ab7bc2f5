using System.Globalization;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>One problem of the known data set, as stored.</summary>
public sealed record ProblemSpec(
    int Seq,
    string Enterprise,
    string RegisteredBeijing,
    string Status,
    string? Lead = null,
    string? Co = null,
    bool Dispatched = false,
    string? Deadline = null,
    bool OnSpot = false,
    bool? ByDeadline = null,
    string? Satisfaction = null,
    int Reopened = 0,
    string Category = "policy")
{
    public string Number => $"2019-{Seq:000000}";
    public string Title => $"测试问题{Seq:00}";
    public DateTimeOffset Registered => DateTimeOffset.ParseExact(RegisteredBeijing + " +08:00", "yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
    public bool IsOpen => Status is "Reported" or "Assigned" or "InProgress";
}

/// <summary>
/// The demo district plus a known set of problems, all registered in 2019 so that nothing else the
/// database may hold falls into the periods the tests ask for. Three enterprises (城关街道, 青山镇,
/// 东湖街道), three departments (商务局 C, 财政局 F, 人社局 H).
/// </summary>
public sealed class ProblemDataSet : IAsyncLifetime
{
    public const string Year = "from=2019-01-01&to=2019-12-31";

    public PortalFixture Portal { get; } = new();
    public Dictionary<string, long> Enterprises { get; } = [];
    public Dictionary<string, string> EnterpriseNames { get; } = [];
    public Dictionary<string, long> Departments { get; } = [];
    public Dictionary<string, long> Towns { get; } = [];
    public Dictionary<int, long> Ids { get; } = [];
    public long District { get; private set; }

    public static readonly IReadOnlyList<ProblemSpec> Specs = BuildSpecs();

    private static List<ProblemSpec> BuildSpecs()
    {
        var specs = new List<ProblemSpec>
        {
            // The edges of March 2019 in Beijing time.
            new(1, "E1", "2019-03-01 00:00:00", "Reported"),
            new(2, "E1", "2019-02-28 23:59:59", "Reported"),
            new(3, "E2", "2019-03-31 23:59:59", "Resolved", OnSpot: true, Satisfaction: "Satisfied", Category: "energy"),
            new(4, "E2", "2019-04-01 00:00:00", "Assigned", Lead: "C", Dispatched: true, Deadline: "2019-04-10"),
            new(5, "E1", "2019-05-02 09:00:00", "InProgress", Lead: "C", Co: "F", Dispatched: true, Deadline: "2019-05-20", Category: "energy"),
            new(6, "E1", "2019-05-03 09:00:00", "Resolved", Lead: "C", Dispatched: true, Deadline: "2019-05-30", ByDeadline: true, Satisfaction: "BasicallySatisfied"),
            new(7, "E3", "2019-05-04 09:00:00", "Closed", Lead: "F", Co: "C", Dispatched: true, Deadline: "2019-05-10", ByDeadline: false, Satisfaction: "Satisfied"),
            new(8, "E3", "2019-05-05 09:00:00", "Resolved", Lead: "H", Dispatched: true, Deadline: "2019-06-10", ByDeadline: true),
            new(9, "E2", "2019-05-06 09:00:00", "InProgress", Lead: "H", Dispatched: true, Deadline: "2099-12-31", Satisfaction: "Unsatisfied", Reopened: 1),
            // Returned by its department: dispatched once, waiting to be reassigned.
            new(10, "E1", "2019-05-07 09:00:00", "Reported", Dispatched: true),
            new(11, "E3", "2019-05-08 09:00:00", "Closed", OnSpot: true, Satisfaction: "Satisfied"),
        };
        for (var seq = 12; seq <= 36; seq++)
        {
            specs.Add(new(seq, $"E{seq % 3 + 1}", $"2019-06-{seq - 10:00} 10:00:00", "Reported", Category: "labor"));
        }
        return specs;
    }

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        var db = Portal.Database;
        foreach (var (key, town) in new[] { ("E1", "XH-T01"), ("E2", "XH-T07"), ("E3", "XH-T02") })
        {
            Towns[key] = await db.ScalarAsync<long>($"SELECT id FROM org_units WHERE code = '{town}'");
            Enterprises[key] = await db.ScalarAsync<long>($"SELECT min(id) FROM enterprises WHERE town_id = {Towns[key]}");
            EnterpriseNames[key] = await db.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {Enterprises[key]}");
        }
        District = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH'");
        foreach (var (key, name) in new[] { ("C", "商务局"), ("F", "财政局"), ("H", "人力资源和社会保障局") })
        {
            Departments[key] = await db.ScalarAsync<long>($"SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%{name}'");
        }
        var admin = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'admin'");
        foreach (var s in Specs) Ids[s.Seq] = await InsertAsync(db, s, admin);
    }

    private async Task<long> InsertAsync(TestDatabase db, ProblemSpec s, long admin)
    {
        static string Sql(string? value) => value is null ? "NULL" : $"'{value}'";
        var registered = $"'{s.Registered:yyyy-MM-dd HH:mm:sszzz}'::timestamptz";
        var resolved = s.Status is "Resolved" or "Closed" ? $"{registered} + interval '3 days'" : "NULL";
        var lead = s.Lead is null ? "NULL" : Departments[s.Lead].ToString(CultureInfo.InvariantCulture);
        var leadName = s.Lead is null ? "NULL" : $"(SELECT name FROM org_units WHERE id = {lead})";
        var id = await db.ScalarAsync<long>($"""
            INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status,
                                  lead_department_id, lead_department_name, dispatched_at, deadline, resolved_at, resolution,
                                  resolved_on_spot, resolved_by_deadline, closed_at, reopen_count, satisfaction, rated_at,
                                  extension_count, registered_by_user_id, created_at, updated_at)
            VALUES ('{s.Number}', {Enterprises[s.Enterprise]}, '{s.Category}', 'Ordinary', 'Visit', '{s.Title}', '{s.Title}的描述', '{s.Status}',
                    {lead}, {leadName}, {(s.Dispatched ? $"{registered} + interval '1 day'" : "NULL")}, {Sql(s.Deadline)}::date,
                    {resolved}, {(resolved == "NULL" ? "NULL" : "'已解决'")},
                    {(s.OnSpot ? "true" : "false")}, {(s.ByDeadline is { } b ? (b ? "true" : "false") : "NULL")},
                    {(s.Status == "Closed" ? $"{registered} + interval '5 days'" : "NULL")}, {s.Reopened}, {Sql(s.Satisfaction)},
                    {(s.Satisfaction is null ? "NULL" : $"{registered} + interval '4 days'")},
                    0, {admin}, {registered}, {registered})
            RETURNING id
            """);
        if (s.Co is not null)
        {
            await db.ExecuteAsync($"""
                INSERT INTO problem_co_handlers (problem_id, department_id, department_name, finished)
                VALUES ({id}, {Departments[s.Co]}, (SELECT name FROM org_units WHERE id = {Departments[s.Co]}), false)
                """);
        }
        return id;
    }

    public Task DisposeAsync() => Portal.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ProblemDataCollection : ICollectionFixture<ProblemDataSet>
{
    public const string Name = "problem data";
}
