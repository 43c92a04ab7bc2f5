using Npgsql;

namespace EnterpriseAid.TestSupport;

/// <summary>What the data set holds for one town or street office in the bulletin's week.</summary>
public sealed record BulletinTownFigures(long TownId, int Visits, int Symposia, int Problems, int SolvedOnSpot);

/// <summary>
/// Writes, in a few SQL statements, a week of the demo district that reproduces a published bulletin:
/// "本周全区累计走访企业1132家次，召开座谈会18场，梳理问题755个，现场解决578个，其余177个已责任到人督办落实".
/// The week is Monday 2 March to Sunday 8 March 2026 (Beijing days). One problem is registered at 00:00 on the
/// Monday and one at 23:59:59.999999 on the Sunday (both inside), and one visit and one problem lie just
/// outside at each end, so the period boundaries are tested to the microsecond. Which enterprise each row
/// belongs to follows from its index, so the figures of every town are known in advance
/// (<see cref="Towns"/>). Needs the demo district (its enterprises, departments and the official account).
/// </summary>
public sealed class BulletinDataset
{
    public const int OnSiteVisits = 1042;
    public const int Symposia = 18;
    public const int EnterprisesPerSymposium = 5;
    public const int Visits = OnSiteVisits + Symposia * EnterprisesPerSymposium; // 1132 家次
    public const int Problems = 755;
    public const int SolvedOnSpot = 578;
    public const int Dispatched = Problems - SolvedOnSpot; // 177
    public const int RedFlags = 4;
    public const int YellowFlags = 6;

    public static readonly DateOnly Monday = new(2026, 3, 2);
    public static readonly DateOnly Sunday = new(2026, 3, 8);
    public static readonly DateOnly Deadline = new(2026, 3, 20);

    private BulletinDataset(IReadOnlyDictionary<long, BulletinTownFigures> towns, int enterprisesCovered)
    {
        Towns = towns;
        EnterprisesCovered = enterprisesCovered;
    }

    public IReadOnlyDictionary<long, BulletinTownFigures> Towns { get; }

    /// <summary>Distinct enterprises visited in the week.</summary>
    public int EnterprisesCovered { get; }

    public static async Task<BulletinDataset> WriteAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var enterprises = new List<(long Id, long Town)>();
        await using (var cmd = new NpgsqlCommand("SELECT id, town_id FROM enterprises ORDER BY id", conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) enterprises.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        var n = enterprises.Count;

        // The same index → enterprise rules as the SQL below.
        var visits = new Dictionary<long, int>();
        var symposia = new Dictionary<long, int>();
        var problems = new Dictionary<long, int>();
        var onSpot = new Dictionary<long, int>();
        var covered = new HashSet<long>();
        static void Add(Dictionary<long, int> d, long town) => d[town] = d.GetValueOrDefault(town) + 1;
        for (var i = 0; i < OnSiteVisits; i++)
        {
            Add(visits, enterprises[i % n].Town);
            covered.Add(enterprises[i % n].Id);
        }
        for (var s = 0; s < Symposia; s++)
        {
            var members = Enumerable.Range(0, EnterprisesPerSymposium).Select(k => enterprises[(s * 37 + k) % n]).ToList();
            foreach (var m in members)
            {
                Add(visits, m.Town);
                covered.Add(m.Id);
            }
            foreach (var town in members.Select(m => m.Town).Distinct()) Add(symposia, town);
        }
        for (var i = 0; i < Problems; i++)
        {
            var town = enterprises[i * 7 % n].Town;
            Add(problems, town);
            if (i < SolvedOnSpot) Add(onSpot, town);
        }
        var towns = enterprises.Select(e => e.Town).Distinct().ToDictionary(t => t, t => new BulletinTownFigures(t,
            visits.GetValueOrDefault(t), symposia.GetValueOrDefault(t), problems.GetValueOrDefault(t), onSpot.GetValueOrDefault(t)));

        var sql = $"""
            CREATE TEMP TABLE bulletin_e AS
                SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS rn FROM enterprises;
            CREATE TEMP TABLE bulletin_actor AS
                SELECT (SELECT id FROM users WHERE user_name = 'official') AS official,
                       (SELECT id FROM org_units WHERE kind = 'Department' ORDER BY sort_order, id LIMIT 1) AS dept,
                       (SELECT name FROM org_units WHERE kind = 'Department' ORDER BY sort_order, id LIMIT 1) AS dept_name;

            INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            SELECT date '2026-03-02' + (i % 7), 'OnSite', ARRAY[e.id], ARRAY[a.official], '走访企业，了解生产经营情况', a.official, now()
            FROM generate_series(0, {OnSiteVisits - 1}) i JOIN bulletin_e e ON e.rn = i % {n} CROSS JOIN bulletin_actor a;

            INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            SELECT date '2026-03-02' + (s % 7), 'Symposium',
                   ARRAY(SELECT e.id FROM generate_series(0, {EnterprisesPerSymposium - 1}) k JOIN bulletin_e e ON e.rn = (s * 37 + k) % {n} ORDER BY k),
                   ARRAY[a.official], '召开政企座谈会', a.official, now()
            FROM generate_series(0, {Symposia - 1}) s CROSS JOIN bulletin_actor a;

            -- just outside the week at both ends
            INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            SELECT d, 'OnSite', ARRAY[(SELECT id FROM bulletin_e WHERE rn = 0)], ARRAY[a.official], '周外走访', a.official, now()
            FROM unnest(ARRAY[date '2026-03-01', date '2026-03-09']) d CROSS JOIN bulletin_actor a;

            INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status,
                lead_department_id, lead_department_name, dispatched_at, deadline, resolved_at, resolution, resolved_on_spot,
                reopen_count, extension_count, registered_by_user_id, created_at, updated_at)
            SELECT '2026-9' || lpad(i::text, 5, '0'), e.id, 'energy', 'Ordinary', 'Visit', '企业用电增容需求' || i, '企业反映用电容量不足',
                   CASE WHEN i < {SolvedOnSpot} THEN 'Resolved' ELSE 'Assigned' END,
                   CASE WHEN i < {SolvedOnSpot} THEN NULL ELSE a.dept END,
                   CASE WHEN i < {SolvedOnSpot} THEN NULL ELSE a.dept_name END,
                   CASE WHEN i < {SolvedOnSpot} THEN NULL ELSE t END,
                   CASE WHEN i < {SolvedOnSpot} THEN NULL ELSE date '2026-03-20' END,
                   CASE WHEN i < {SolvedOnSpot} THEN t END,
                   CASE WHEN i < {SolvedOnSpot} THEN '现场协调解决' END,
                   i < {SolvedOnSpot}, 0, 0, a.official, t, t
            FROM (SELECT i, CASE WHEN i = {Problems - 1} THEN timestamptz '2026-03-08 23:59:59.999999+08'
                                 ELSE timestamptz '2026-03-02 00:00:00+08' + i * interval '13 minutes' END AS t
                  FROM generate_series(0, {Problems - 1}) i) p
            JOIN bulletin_e e ON e.rn = i * 7 % {n} CROSS JOIN bulletin_actor a;

            INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status,
                resolved_at, resolution, resolved_on_spot, reopen_count, extension_count, registered_by_user_id, created_at, updated_at)
            SELECT '2026-8' || lpad(j::text, 5, '0'), (SELECT id FROM bulletin_e WHERE rn = 0), 'energy', 'Ordinary', 'Visit', '周外问题', '周外问题',
                   'Resolved', t, '现场协调解决', true, 0, 0, a.official, t, t
            FROM (VALUES (1, timestamptz '2026-03-01 23:59:59.999999+08'), (2, timestamptz '2026-03-09 00:00:00+08')) x(j, t)
            CROSS JOIN bulletin_actor a;

            INSERT INTO problem_flags (problem_id, flag, since, checked_at)
            SELECT id, CASE WHEN rn < {RedFlags} THEN 'Red' ELSE 'Yellow' END, now(), now()
            FROM (SELECT id, row_number() OVER (ORDER BY number) - 1 AS rn FROM problems
                  WHERE status = 'Assigned' AND number LIKE '2026-9%') d
            WHERE rn < {RedFlags + YellowFlags};
            """;
        await using (var cmd = new NpgsqlCommand(sql, conn))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        return new BulletinDataset(towns, covered.Count);
    }
}
