using Npgsql;

namespace EnterpriseAid.Load;

public sealed record LoadAccount(long Id, string UserName, LoadRole Role, long[] Enterprises);

public enum LoadRole { Official, Dispatcher, Handler }

/// <summary>
/// Creates the load accounts straight in the database: copies of the demo official (spread over the
/// towns, each liaison of a few of its town's enterprises), dispatcher and handler, with the demo
/// password. Three in four are officials, the rest split between dispatchers and handlers.
/// </summary>
public static class LoadAccounts
{
    public const string Prefix = "load-";

    public static async Task<(List<LoadAccount> Accounts, long HandlerDepartment)> CreateAsync(NpgsqlDataSource db, int users)
    {
        var dispatchers = Math.Max(2, users / 10);
        var handlers = Math.Max(3, users * 3 / 20);
        var officials = users - dispatchers - handlers;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        if (await ScalarAsync<long>(conn, $"SELECT count(*) FROM users WHERE user_name LIKE '{Prefix}%'") > 0)
            throw new InvalidOperationException("This database already holds load accounts: load a fresh copy (scripts/load.sh does).");

        await ExecAsync(conn, $"""
            WITH towns AS (
                SELECT id, row_number() OVER (ORDER BY id) - 1 AS n, count(*) OVER () AS total
                FROM org_units o WHERE EXISTS (SELECT 1 FROM enterprises e WHERE e.town_id = o.id))
            INSERT INTO users (display_name, org_unit_id, enterprise_id, is_disabled, created_at, user_name, normalized_user_name,
                               email_confirmed, password_hash, security_stamp, concurrency_stamp, phone_number_confirmed,
                               two_factor_enabled, lockout_enabled, access_failed_count)
            SELECT '压测' || r.label || k, CASE WHEN r.demo = 'official' THEN t.id ELSE u.org_unit_id END, NULL, false, now(),
                   '{Prefix}' || r.demo || '-' || k, upper('{Prefix}' || r.demo || '-' || k), true, u.password_hash,
                   md5(random()::text), md5(random()::text), false, false, false, 0
            FROM (VALUES ('official', '干部', {officials}), ('dispatcher', '活动办', {dispatchers}), ('handler', '经办人', {handlers}))
                 AS r(demo, label, how_many)
            JOIN users u ON u.user_name = r.demo
            CROSS JOIN generate_series(1, r.how_many) k
            LEFT JOIN towns t ON t.n = k % (SELECT max(total) FROM towns);
            INSERT INTO user_roles (user_id, role_id)
            SELECT l.id, ur.role_id FROM users l
            JOIN users d ON l.user_name LIKE '{Prefix}' || d.user_name || '-%' AND d.user_name IN ('official', 'dispatcher', 'handler')
            JOIN user_roles ur ON ur.user_id = d.id;
            -- Each load official is liaison of three enterprises of its town, taken in turn.
            INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at)
            SELECT e.id, 'liaison', l.id, current_date - 30, now()
            FROM (SELECT id, org_unit_id, row_number() OVER (PARTITION BY org_unit_id ORDER BY id) - 1 AS n
                  FROM users WHERE user_name LIKE '{Prefix}official-%') l
            CROSS JOIN generate_series(0, 2) s
            JOIN LATERAL (SELECT id FROM enterprises WHERE town_id = l.org_unit_id ORDER BY id
                          OFFSET (l.n * 3 + s) % greatest(1, (SELECT count(*) FROM enterprises WHERE town_id = l.org_unit_id)) LIMIT 1) e ON true
            ON CONFLICT DO NOTHING;
            """);

        var accounts = new List<LoadAccount>();
        await using (var cmd = new NpgsqlCommand($"""
            SELECT u.id, u.user_name, coalesce(array_agg(a.enterprise_id ORDER BY a.enterprise_id) FILTER (WHERE a.id IS NOT NULL), ARRAY[]::bigint[])
            FROM users u LEFT JOIN assignments a ON a.user_id = u.id
            WHERE u.user_name LIKE '{Prefix}%' GROUP BY u.id, u.user_name ORDER BY u.id
            """, conn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(1);
                var role = name.StartsWith(Prefix + "official", StringComparison.Ordinal) ? LoadRole.Official
                    : name.StartsWith(Prefix + "dispatcher", StringComparison.Ordinal) ? LoadRole.Dispatcher : LoadRole.Handler;
                accounts.Add(new LoadAccount(reader.GetInt64(0), name, role, reader.GetFieldValue<long[]>(2)));
            }
        }
        var department = await ScalarAsync<long>(conn, "SELECT org_unit_id FROM users WHERE user_name = 'handler'");
        await tx.CommitAsync();
        if (accounts.Any(a => a.Role == LoadRole.Official && a.Enterprises.Length == 0))
            throw new InvalidOperationException("Some load officials got no enterprise: is the demo district seeded?");
        return (accounts, department);
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
