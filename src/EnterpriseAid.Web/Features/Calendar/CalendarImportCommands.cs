using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>How an imported year differs from the schedule stored for it.</summary>
public sealed record CalendarImportDiff(int Added, int Removed, int Changed, int Unchanged)
{
    public bool HasChanges => Added + Removed + Changed > 0;

    public static CalendarImportDiff Between(IReadOnlyCollection<CalendarDay> stored, IReadOnlyCollection<CalendarDay> imported)
    {
        var before = stored.ToDictionary(d => d.Date);
        var after = imported.ToDictionary(d => d.Date);
        var changed = after.Count(a => before.TryGetValue(a.Key, out var b) && (b.Kind != a.Value.Kind || b.Name != a.Value.Name));
        var unchanged = after.Count(a => before.TryGetValue(a.Key, out var b) && b.Kind == a.Value.Kind && b.Name == a.Value.Name);
        return new CalendarImportDiff(after.Keys.Count(k => !before.ContainsKey(k)), before.Keys.Count(k => !after.ContainsKey(k)), changed, unchanged);
    }
}

/// <summary>
/// What the import page shows for a draft: the file read with every error, and, when it is valid, the stored
/// schedule of that year it would replace, how many problems have deadlines counted across that year, and the
/// fingerprint the confirmation must carry.
/// </summary>
public sealed record CalendarImportPreview(
    Guid DraftId, string? FileName, string Content, HolidayYearFile File,
    IReadOnlyList<CalendarDay> Stored, string StoredFingerprint, int AffectedProblems, CalendarImportDiff Diff)
{
    public bool Replaces => Stored.Count > 0;
}

public abstract record CalendarImportResult
{
    public sealed record Imported(int Year, CalendarImportDiff Diff) : CalendarImportResult;
    /// <summary>The draft no longer exists: imported already, or older than a day.</summary>
    public sealed record DraftMissing : CalendarImportResult;
    /// <summary>The file has errors; the preview lists them.</summary>
    public sealed record Invalid(CalendarImportPreview Preview) : CalendarImportResult;
    /// <summary>The year has a schedule (and perhaps problems counted on it): the user must tick the confirmation.</summary>
    public sealed record NeedsConfirmation(CalendarImportPreview Preview, bool Replace, bool Affected) : CalendarImportResult;
    /// <summary>The stored schedule of the year changed since the preview; the preview shows it as it is now.</summary>
    public sealed record Stale(CalendarImportPreview Preview) : CalendarImportResult;
}

/// <summary>
/// Imports one year's holiday schedule in two steps: the file is kept as a draft and previewed, then the
/// administrator confirms. Only the differences are written, through EF Core, so the audit log lists each day
/// added, changed or removed; the cached calendar is dropped once the import commits.
/// </summary>
public sealed class CalendarImportCommands(AppDbContext db, CalendarQueries queries, CalendarCache calendars, TimeProvider clock)
{
    /// <summary>Serialises imports (pg_advisory_xact_lock key).</summary>
    private const long CalendarLock = 0x0EA0_CA1E_0001;

    /// <summary>Keeps an uploaded or pasted file for its preview; returns the draft's id.</summary>
    public async Task<Guid> SaveDraftAsync(string? fileName, string content, long? userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > CalendarImportDraft.ContentMaxLength) throw new ArgumentException("The file is larger than a draft may be.", nameof(content));
        var name = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName.Trim());
        if (name is { Length: > CalendarImportDraft.FileNameMaxLength }) name = name[..CalendarImportDraft.FileNameMaxLength];
        var id = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var expired = now - CalendarImportDraft.Lifetime;
        // Plain SQL on purpose: a draft is scratch, and the audit log should record the days imported, not the file.
        await db.Database.ExecuteSqlAsync($"DELETE FROM calendar_import_drafts WHERE created_at < {expired}", ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO calendar_import_drafts (id, file_name, content, created_by_user_id, created_at)
            VALUES ({id}, {name}, {content}, {userId}, {now})
            """, ct);
        return id;
    }

    public async Task<CalendarImportPreview?> PreviewAsync(Guid draftId, CancellationToken ct = default)
    {
        var draft = await db.Set<CalendarImportDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == draftId, ct);
        return draft is null ? null : await PreviewOfAsync(draft, ct);
    }

    public async Task<CalendarImportResult> ImportAsync(Guid draftId, string? fingerprint, bool replaceConfirmed, bool affectedConfirmed,
        CancellationToken ct = default)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async cancel =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(cancel);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CalendarLock})", cancel);

            var draft = await db.Set<CalendarImportDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == draftId, cancel);
            if (draft is null) return new CalendarImportResult.DraftMissing();
            var preview = await PreviewOfAsync(draft, cancel);
            if (!preview.File.IsValid) return new CalendarImportResult.Invalid(preview);
            if (preview.StoredFingerprint != fingerprint) return new CalendarImportResult.Stale(preview);
            var needsReplace = preview.Replaces && !replaceConfirmed;
            var needsAffected = preview.Replaces && preview.AffectedProblems > 0 && !affectedConfirmed;
            if (needsReplace || needsAffected) return new CalendarImportResult.NeedsConfirmation(preview, needsReplace, needsAffected);

            var year = preview.File.Year!.Value;
            var (first, last) = CalendarQueries.Bounds(year);
            var stored = await db.CalendarDays.Where(d => d.Date >= first && d.Date <= last).ToListAsync(cancel);
            Apply(stored, preview.File.Days);
            await db.SaveChangesAsync(cancel);
            await db.Database.ExecuteSqlAsync($"DELETE FROM calendar_import_drafts WHERE id = {draftId}", cancel);
            await tx.CommitAsync(cancel);
            return (CalendarImportResult)new CalendarImportResult.Imported(year, preview.Diff);
        }, ct);

        db.ChangeTracker.Clear();
        if (result is CalendarImportResult.Imported) calendars.Invalidate();
        return result;
    }

    private async Task<CalendarImportPreview> PreviewOfAsync(CalendarImportDraft draft, CancellationToken ct)
    {
        var file = HolidayYearFile.Read(draft.Content);
        if (!file.IsValid || file.Year is not { } year)
            return new CalendarImportPreview(draft.Id, draft.FileName, draft.Content, file, [], string.Empty, 0, new CalendarImportDiff(0, 0, 0, 0));
        var stored = await queries.DaysOfAsync(year, ct);
        var affected = stored.Count > 0 ? await queries.ProblemsWithDeadlinesInAsync(year, ct) : 0;
        return new CalendarImportPreview(draft.Id, draft.FileName, draft.Content, file, stored, CalendarQueries.FingerprintOf(stored), affected,
            CalendarImportDiff.Between(stored, file.Days));
    }

    /// <summary>Turns the stored days of the year into the imported ones, touching only what differs.</summary>
    private void Apply(List<CalendarDay> stored, IReadOnlyList<CalendarDay> imported)
    {
        var wanted = imported.ToDictionary(d => d.Date);
        foreach (var day in stored)
        {
            if (!wanted.TryGetValue(day.Date, out var next))
            {
                db.CalendarDays.Remove(day);
                continue;
            }
            var entry = db.Entry(day);
            if (day.Kind != next.Kind) entry.Property(d => d.Kind).CurrentValue = next.Kind;
            if (day.Name != next.Name) entry.Property(d => d.Name).CurrentValue = next.Name;
        }
        var existing = stored.Select(d => d.Date).ToHashSet();
        db.CalendarDays.AddRange(imported.Where(d => !existing.Contains(d.Date)));
    }
}
