using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Audit;

/// <summary>The filters as they come from the query string: unparsed text, checked here.</summary>
public sealed record AuditLogFilter(
    string? From = null, string? To = null, string? User = null, string? Action = null,
    string? EntityType = null, string? EntityId = null, string? After = null, string? Before = null);

public sealed record AuditLogItem(
    long Id, DateTimeOffset OccurredAt, long? UserId, string? UserName, string? IpAddress, string Action,
    string? EntityType, string? EntityId, string? Changes, string? Detail);

public sealed record AuditLogResult(IReadOnlyList<AuditLogItem> Items, string? NextCursor, string? PreviousCursor,
    bool FromInvalid, bool ToInvalid);

/// <summary>
/// Read side of the audit log, newest first, keyset paging by (occurred_at, id). Phone and ID
/// numbers in changes, details and user names are masked here, so no page can show them in full.
/// </summary>
public sealed class AuditLogQueries(AppDbContext db)
{
    public const int PageSize = 50;
    private const int MaxTextFilter = 64;

    public async Task<AuditLogResult> ListAsync(AuditLogFilter filter, CancellationToken ct = default)
    {
        var query = db.AuditEntries.AsNoTracking();

        var fromInvalid = !AuditTime.TryParseDate(filter.From, out var from);
        var toInvalid = !AuditTime.TryParseDate(filter.To, out var to);
        if (from is { } f)
        {
            var start = AuditTime.StartOfDay(f);
            query = query.Where(e => e.OccurredAt >= start);
        }
        if (to is { } t)
        {
            // The "to" day is included: everything before the next day starts.
            var end = AuditTime.StartOfDay(t.AddDays(1));
            query = query.Where(e => e.OccurredAt < end);
        }
        if (Clean(filter.User) is { Length: > 0 } user)
        {
            var pattern = "%" + EscapeLike(user) + "%";
            query = query.Where(e => e.UserName != null && EF.Functions.ILike(e.UserName, pattern, "\\"));
        }
        if (AuditActions.All.Contains(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (Clean(filter.EntityType) is { Length: > 0 } entityType) query = query.Where(e => e.EntityType == entityType);
        if (Clean(filter.EntityId) is { Length: > 0 } entityId) query = query.Where(e => e.EntityId == entityId);

        var backwards = false;
        if (AuditCursor.TryDecode(filter.After, out var after))
        {
            var (at, id) = after;
            query = query.Where(e => e.OccurredAt < at || (e.OccurredAt == at && e.Id < id))
                .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
        }
        else if (AuditCursor.TryDecode(filter.Before, out var before))
        {
            backwards = true;
            var (at, id) = before;
            query = query.Where(e => e.OccurredAt > at || (e.OccurredAt == at && e.Id > id))
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id);
        }
        else
        {
            query = query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id);
        }

        var rows = await query.Take(PageSize + 1)
            .Select(e => new AuditLogItem(e.Id, e.OccurredAt, e.UserId, e.UserName, e.IpAddress, e.Action,
                e.EntityType, e.EntityId, e.Changes, e.Detail))
            .ToListAsync(ct);

        var hasMore = rows.Count > PageSize;
        if (hasMore) rows.RemoveAt(PageSize);
        if (backwards) rows.Reverse();

        var isFirstPage = filter.After is null && filter.Before is null;
        string? next = null, previous = null;
        if (rows.Count > 0)
        {
            if (backwards || hasMore) next = AuditCursor.Encode(rows[^1].OccurredAt, rows[^1].Id);
            if (backwards ? hasMore : !isFirstPage) previous = AuditCursor.Encode(rows[0].OccurredAt, rows[0].Id);
        }
        return new AuditLogResult(rows.Select(Masked).ToList(), next, previous, fromInvalid, toInvalid);
    }

    /// <summary>
    /// The entity types present in the log, for the filter. A skip scan over the (entity_type,
    /// entity_id) index: one index probe per type, however many rows the log holds.
    /// </summary>
    public Task<List<string>> EntityTypesAsync(CancellationToken ct = default) =>
        db.Database.SqlQuery<string>($"""
            WITH RECURSIVE t(entity_type) AS (
                (SELECT entity_type FROM audit_log WHERE entity_type IS NOT NULL ORDER BY entity_type LIMIT 1)
                UNION ALL
                SELECT (SELECT a.entity_type FROM audit_log a WHERE a.entity_type > t.entity_type ORDER BY a.entity_type LIMIT 1)
                FROM t WHERE t.entity_type IS NOT NULL
            )
            SELECT entity_type AS "Value" FROM t WHERE entity_type IS NOT NULL
            """).ToListAsync(ct);

    private static AuditLogItem Masked(AuditLogItem item) => item with
    {
        UserName = item.UserName is null ? null : PersonalData.MaskInText(item.UserName),
        Changes = item.Changes is null ? null : PersonalData.MaskInJson(item.Changes),
        Detail = item.Detail is null ? null : PersonalData.MaskInText(item.Detail),
    };

    /// <summary>Hand-edited URLs: PostgreSQL refuses NUL in text, and nothing longer than a column can match.</summary>
    private static string? Clean(string? text) =>
        text is null ? null : new string(text.Where(c => !char.IsControl(c)).Take(MaxTextFilter).ToArray()).Trim();

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

/// <summary>
/// Audit times are shown and filtered in China Standard Time (UTC+8, no daylight saving), the
/// civil time of every user of the portal, whatever the server's own time zone is.
/// </summary>
public static class AuditTime
{
    public static DateTimeOffset ToChina(DateTimeOffset value) => value.ToChinaTime();

    public static DateTimeOffset StartOfDay(DateOnly day) => ChinaTime.StartOfDay(day);

    /// <summary>Blank is valid (no filter); anything else must be a real yyyy-MM-dd date.</summary>
    public static bool TryParseDate(string? text, out DateOnly? day)
    {
        day = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || d.Year < 2000 || d.Year > 9000) return false;
        day = d;
        return true;
    }
}

/// <summary>Opaque page cursor: the (occurred_at, id) of the row a page starts after or ends before.</summary>
public static class AuditCursor
{
    public static string Encode(DateTimeOffset occurredAt, long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{occurredAt.UtcTicks}.{id}")));

    public static bool TryDecode(string? cursor, out (DateTimeOffset OccurredAt, long Id) value)
    {
        value = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 80) return false;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var dot = text.IndexOf('.');
            if (dot <= 0
                || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                return false;
            value = (new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
