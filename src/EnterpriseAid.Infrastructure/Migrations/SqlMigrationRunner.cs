using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnterpriseAid.Infrastructure.Migrations;

public sealed record MigrationScript(int Version, string Name, string Sql)
{
    // Computed, not stored: a copy made with "with { Sql = … }" must not keep the old checksum.
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.Replace("\r\n", "\n"))));
}

/// <summary>The database holds a migration this build does not have, or an applied script was edited.</summary>
public sealed class MigrationIntegrityException(string message) : Exception(message);

/// <summary>
/// Applies the versioned SQL scripts embedded in this assembly (Migrations/Scripts/V0001__name.sql),
/// each in its own transaction, recording version and checksum in schema_migrations.
/// A session-level advisory lock makes concurrent starters (several web nodes, a script) wait
/// for each other instead of applying a script twice.
/// </summary>
public sealed partial class SqlMigrationRunner(NpgsqlDataSource dataSource, ILogger<SqlMigrationRunner> logger)
{
    /// <summary>Advisory lock key shared by every process that migrates this database.</summary>
    public const long AdvisoryLockKey = 7_420_260_001;

    private readonly IReadOnlyList<MigrationScript> _scripts = LoadEmbedded();

    public IReadOnlyList<MigrationScript> Scripts => _scripts;

    /// <summary>Applies what is pending; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default) =>
        await MigrateAsync(_scripts, ct);

    public async Task<IReadOnlyList<int>> MigrateAsync(IReadOnlyList<MigrationScript> scripts, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await ExecuteAsync(conn, "SELECT pg_advisory_lock(@key)", ct, 0, ("key", AdvisoryLockKey));
        try
        {
            await ExecuteAsync(conn, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    execution_ms integer NOT NULL
                )
                """, ct);

            var applied = await ReadAppliedAsync(conn, ct);
            Verify(scripts, applied);

            var done = new List<int>();
            foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Version)).OrderBy(s => s.Version))
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await using var tx = await conn.BeginTransactionAsync(ct);
                await ExecuteAsync(conn, script.Sql, ct, timeoutSeconds: 0);
                await ExecuteAsync(conn,
                    "INSERT INTO schema_migrations (version, name, checksum, execution_ms) VALUES (@v, @n, @c, @ms)", ct, 30,
                    ("v", script.Version), ("n", script.Name), ("c", script.Checksum),
                    ("ms", (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration V{Version:D4} {Name}", script.Version, script.Name);
                done.Add(script.Version);
            }
            if (done.Count == 0) logger.LogInformation("Database schema is up to date (V{Version:D4})", applied.Keys.DefaultIfEmpty().Max());
            return done;
        }
        finally
        {
            await ExecuteAsync(conn, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, 30, ("key", AdvisoryLockKey));
        }
    }

    private static void Verify(IReadOnlyList<MigrationScript> scripts, Dictionary<int, (string Name, string Checksum)> applied)
    {
        var known = scripts.ToDictionary(s => s.Version);
        foreach (var (version, row) in applied.OrderBy(a => a.Key))
        {
            if (!known.TryGetValue(version, out var script))
                throw new MigrationIntegrityException(
                    $"The database has migration V{version:D4} ({row.Name}) that this build does not know: it was migrated by a newer version of the application.");
            if (script.Checksum != row.Checksum)
                throw new MigrationIntegrityException(
                    $"Migration V{version:D4} ({script.Name}) was edited after it was applied to this database (checksum {row.Checksum[..12]} in the database, {script.Checksum[..12]} in this build). Add a new migration instead of editing an applied one.");
        }
    }

    private static async Task<Dictionary<int, (string, string)>> ReadAppliedAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var result = new Dictionary<int, (string, string)>();
        await using var cmd = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) result[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        return result;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct,
        int timeoutSeconds = 30, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = timeoutSeconds };
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex(@"^Migrations/V(?<version>\d{4})__(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();

    public static IReadOnlyList<MigrationScript> LoadEmbedded()
    {
        var assembly = typeof(SqlMigrationRunner).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = ScriptName().Match(resource);
            if (!match.Success) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            scripts.Add(new MigrationScript(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, reader.ReadToEnd()));
        }
        var duplicate = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new MigrationIntegrityException($"Two migration scripts share version V{duplicate.Key:D4}.");
        return scripts.OrderBy(s => s.Version).ToList();
    }
}
