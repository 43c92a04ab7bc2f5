using Npgsql;

namespace EnterpriseAid.Load;

/// <summary>
/// Compares the writes the server confirmed with the database: every confirmed visit is there once,
/// with the problems it was confirmed with; every tracked problem has the status and the number of
/// timeline events its confirmed actions give; and no load row exists that was not confirmed.
/// </summary>
public static class Verification
{
    /// <param name="SavedUnconfirmed">Load visits in the database whose post got no answer (at most as many as such posts): an error was counted for each, but no write was lost.</param>
    public sealed record Result(int Lost, int Duplicated, int Mismatched, int SavedUnconfirmed, List<string> Notes);

    public static async Task<Result> RunAsync(NpgsqlDataSource db, Ledger ledger)
    {
        int lost = 0, duplicated = 0, mismatched = 0;
        var notes = new List<string>();
        await using var conn = await db.OpenConnectionAsync();

        var visits = new Dictionary<long, int>(); // id -> problems in the database
        await using (var cmd = new NpgsqlCommand("""
            SELECT v.id, (SELECT count(*) FROM problems p WHERE p.visit_id = v.id)::int
            FROM visits v WHERE v.summary LIKE 'LOAD %'
            """, conn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) visits[reader.GetInt64(0)] = reader.GetInt32(1);
        }
        foreach (var (id, problems) in ledger.Visits)
        {
            if (!visits.TryGetValue(id, out var held)) { lost++; Note(notes, $"visit {id} confirmed but missing"); }
            else if (held != problems) { mismatched++; Note(notes, $"visit {id} confirmed with {problems} problem(s), holds {held}"); }
        }
        var unconfirmed = visits.Keys.Count(id => !ledger.Visits.ContainsKey(id));
        var savedUnconfirmed = Math.Min(unconfirmed, ledger.VisitPostsUnanswered);
        if (unconfirmed > savedUnconfirmed)
        {
            duplicated += unconfirmed - savedUnconfirmed;
            Note(notes, $"{unconfirmed} load visit(s) in the database were never confirmed, but only {ledger.VisitPostsUnanswered} post(s) went unanswered");
        }
        var duplicateSummaries = await ScalarAsync(conn, "SELECT count(*) - count(DISTINCT summary) FROM visits WHERE summary LIKE 'LOAD %'");
        if (duplicateSummaries > 0) { duplicated += (int)duplicateSummaries; Note(notes, $"{duplicateSummaries} visit(s) saved twice"); }

        var problemIds = ledger.Problems.Keys.ToArray();
        await using (var cmd = new NpgsqlCommand("""
            SELECT p.id, p.status, (SELECT count(*) FROM problem_events e WHERE e.problem_id = p.id)::int
            FROM problems p WHERE p.id = ANY(@ids)
            """, conn))
        {
            cmd.Parameters.AddWithValue("ids", problemIds);
            var seen = new HashSet<long>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var tracked = ledger.Problems[reader.GetInt64(0)];
                seen.Add(tracked.Id);
                if (reader.GetString(1) != tracked.Status || reader.GetInt32(2) != tracked.Events)
                {
                    mismatched++;
                    Note(notes, $"problem {tracked.Id}: confirmed {tracked.Status} with {tracked.Events} events, holds {reader.GetString(1)} with {reader.GetInt32(2)}");
                }
            }
            foreach (var id in problemIds.Where(id => !seen.Contains(id))) { lost++; Note(notes, $"problem {id} confirmed but missing"); }
        }
        return new Result(lost, duplicated, mismatched, savedUnconfirmed, notes);
    }

    private static void Note(List<string> notes, string note)
    {
        if (notes.Count < 20) notes.Add(note);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
