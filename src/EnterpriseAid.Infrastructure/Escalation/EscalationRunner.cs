using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EnterpriseAid.Infrastructure.Escalation;

public enum EscalationOutcome
{
    /// <summary>The pass ran and saved what changed.</summary>
    Ran = 1,
    /// <summary>Another node holds the lock: it is running a pass right now.</summary>
    SkippedLockHeld,
    /// <summary>A pass started less than half an interval ago, on this node or another.</summary>
    SkippedRecentPass,
    /// <summary>Another pass changed the same flags meanwhile; this one saved nothing and the next pass catches up.</summary>
    Conflict,
    /// <summary>The pass failed; the error is logged and on its escalation_runs row.</summary>
    Failed,
}

/// <summary>What one call of <see cref="EscalationRunner.RunOnceAsync"/> did.</summary>
public sealed record EscalationPassResult(EscalationOutcome Outcome, long? RunId = null, EscalationCounts? Counts = null);

public sealed record EscalationCounts(int ProblemsChecked, int Raised, int Lowered, int Cleared);

/// <summary>Two passes changed the same flags at once; the one that sees this saved nothing.</summary>
public sealed class EscalationConflictException(Exception inner)
    : Exception("Another escalation pass changed the same problem flags at the same time.", inner);

/// <summary>
/// One pass of the escalation job (预警): works out the flag of every open problem with the one
/// definition (<see cref="Problem.Escalation"/>) on the Beijing date, keeps problem_flags up to date and
/// writes one timeline event per rise (none → blue → yellow → red). Clears the flag of a problem that is
/// resolved or closed. Never writes to problems itself.
/// </summary>
/// <remarks>
/// One node at a time: a pass holds a session advisory lock on a connection of its own, and a node that
/// cannot take it skips. A node that takes it just after another finished skips too when that pass
/// started less than half an interval ago, so N nodes make about one pass per interval. Inside a pass the
/// flag rows carry row versions, so even passes that did overlap could not both write the same rise.
/// </remarks>
public sealed class EscalationRunner(NpgsqlDataSource dataSource, IDbContextFactory<AppDbContext> contexts, TimeProvider clock,
    IOptions<EscalationOptions> options, ILogger<EscalationRunner> logger)
{
    /// <summary>Advisory lock key of the escalation job (the migration runner and the seeder use their own).</summary>
    public const long AdvisoryLockKey = 7_420_260_010;

    /// <summary>How long escalation_runs keeps a pass.</summary>
    public static readonly TimeSpan RunsKeptFor = TimeSpan.FromDays(30);

    private readonly EscalationOptions _options = options.Value;

    /// <summary>What this node's last call of <see cref="RunOnceAsync"/> did; null before the first one ends.</summary>
    public EscalationPassResult? LastResult { get; private set; }

    public async Task<EscalationPassResult> RunOnceAsync(CancellationToken ct = default)
    {
        var result = await TryPassAsync(ct);
        LastResult = result;
        return result;
    }

    private async Task<EscalationPassResult> TryPassAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUniversalTime();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        if (!await ScalarAsync<bool>(conn, "SELECT pg_try_advisory_lock(@key)", ct, ("key", AdvisoryLockKey)))
        {
            logger.LogDebug("Escalation pass skipped: another node is running one");
            return new EscalationPassResult(EscalationOutcome.SkippedLockHeld);
        }
        try
        {
            var last = await ScalarAsync<DateTime?>(conn, "SELECT max(started_at) FROM escalation_runs", ct) is { } at
                ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : (DateTimeOffset?)null;
            // Either way round: a node whose clock runs a little behind must not take the last pass for an old one.
            if (last is { } previous && (now - previous).Duration() < _options.MinSpacing)
            {
                logger.LogDebug("Escalation pass skipped: one started at {Previous:O}", previous);
                return new EscalationPassResult(EscalationOutcome.SkippedRecentPass);
            }

            var runId = await ScalarAsync<long>(conn, """
                INSERT INTO escalation_runs (started_at, node, problems_checked, flags_raised, flags_lowered, flags_cleared)
                VALUES (@now, @node, 0, 0, 0, 0) RETURNING id
                """, ct, ("now", now), ("node", _options.Node));
            try
            {
                var counts = await EvaluateAsync(now, ct);
                await FinishAsync(conn, runId, counts, null);
                logger.LogInformation(
                    "Escalation pass {RunId} on {Node}: {Checked} problems checked, {Raised} flags raised, {Lowered} lowered, {Cleared} cleared",
                    runId, _options.Node, counts.ProblemsChecked, counts.Raised, counts.Lowered, counts.Cleared);
                return new EscalationPassResult(EscalationOutcome.Ran, runId, counts);
            }
            catch (EscalationConflictException ex)
            {
                await FinishAsync(conn, runId, null, "与同时进行的另一次检查冲突，本次未写入，下次检查时补上");
                logger.LogWarning(ex, "Escalation pass {RunId} saved nothing: another pass changed the same flags", runId);
                return new EscalationPassResult(EscalationOutcome.Conflict, runId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await FinishAsync(conn, runId, null, ex.Message);
                logger.LogError(ex, "Escalation pass {RunId} failed", runId);
                return new EscalationPassResult(EscalationOutcome.Failed, runId);
            }
        }
        finally
        {
            await UnlockAsync(conn);
        }
    }

    /// <summary>
    /// Evaluates every open or flagged problem at <paramref name="now"/> and saves what changed, in one
    /// transaction. <see cref="RunOnceAsync"/> is the way in; this does no locking of its own.
    /// </summary>
    /// <exception cref="EscalationConflictException">Another pass changed the same flags first; nothing was saved.</exception>
    public async Task<EscalationCounts> EvaluateAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        // PostgreSQL stores instants; Npgsql writes only UTC ones.
        now = now.ToUniversalTime();
        var today = ChinaTime.DateOf(now);
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Scope = DataScope.Everything;

        var calendar = await CalendarStore.LoadAsync(db, ct);
        var stored = await db.ProblemFlags.ToDictionaryAsync(f => f.ProblemId, ct);
        var flaggedIds = stored.Keys.ToList();
        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.Status == ProblemStatus.Reported || p.Status == ProblemStatus.Assigned || p.Status == ProblemStatus.InProgress
                        || flaggedIds.Contains(p.Id))
            // One order for every pass, so two that overlap meet on the same row first rather than deadlock.
            .OrderBy(p => p.Id)
            .ToListAsync(ct);

        int raised = 0, lowered = 0, cleared = 0;
        var uncoveredYears = new SortedSet<int>();
        foreach (var problem in problems)
        {
            var row = stored.GetValueOrDefault(problem.Id);
            var before = row?.Flag ?? DeadlineFlag.None;
            DeadlineFlag after;
            try
            {
                after = problem.Escalation(today, calendar);
            }
            catch (CalendarNotCoveredException ex)
            {
                // Next year's holidays are not imported yet: never lower a flag on a guess, only raise a late problem.
                uncoveredYears.Add(ex.Year);
                after = (DeadlineFlag)Math.Max((int)before, (int)(problem.IsOverdue(today) ? DeadlineFlag.Yellow : DeadlineFlag.None));
            }
            if (after == before) continue;

            if (after == DeadlineFlag.None)
            {
                db.ProblemFlags.Remove(row!);
                cleared++;
                continue;
            }
            if (row is null) db.ProblemFlags.Add(new ProblemFlag(problem.Id, after, now));
            else row.Change(after, now);

            if (after > before)
            {
                var line = ProblemEscalation.Raised(before, after, ProblemEscalation.Explain(problem, today, calendar), now);
                db.ProblemEvents.Add(line);
                db.Entry(line).Property<long>("ProblemId").CurrentValue = problem.Id;
                raised++;
            }
            else
            {
                lowered++;
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new EscalationConflictException(ex);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException
                                           {
                                               SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected
                                           })
        {
            throw new EscalationConflictException(ex);
        }
        await db.ProblemFlags.ExecuteUpdateAsync(s => s.SetProperty(f => f.CheckedAt, now), ct);
        await db.EscalationRuns.Where(r => r.StartedAt < now - RunsKeptFor).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);

        if (uncoveredYears.Count > 0)
            logger.LogWarning("The working-day calendar lacks {Years}: late problems in those years are flagged yellow until it is imported",
                string.Join("、", uncoveredYears));
        return new EscalationCounts(problems.Count, raised, lowered, cleared);
    }

    private async Task FinishAsync(NpgsqlConnection conn, long runId, EscalationCounts? counts, string? error)
    {
        if (error?.Length > EscalationRun.ErrorMaxLength) error = error[..EscalationRun.ErrorMaxLength];
        // The pass's own outcome is recorded even when the caller is shutting down.
        await ScalarAsync<int>(conn, """
            UPDATE escalation_runs
            SET finished_at = @finished, problems_checked = @checked, flags_raised = @raised, flags_lowered = @lowered,
                flags_cleared = @cleared, error = @error
            WHERE id = @id RETURNING 1
            """, CancellationToken.None,
            ("finished", clock.GetUtcNow().ToUniversalTime()), ("checked", counts?.ProblemsChecked ?? 0), ("raised", counts?.Raised ?? 0),
            ("lowered", counts?.Lowered ?? 0), ("cleared", counts?.Cleared ?? 0), ("error", (object?)error ?? DBNull.Value), ("id", runId));
    }

    private async Task UnlockAsync(NpgsqlConnection conn)
    {
        try
        {
            await ScalarAsync<bool>(conn, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // A broken connection has released the lock with its session.
            logger.LogWarning(ex, "Could not release the escalation lock explicitly");
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        var result = await cmd.ExecuteScalarAsync(ct);
        return result is null or DBNull ? default! : (T)result;
    }
}
