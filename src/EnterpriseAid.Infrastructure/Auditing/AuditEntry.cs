namespace EnterpriseAid.Infrastructure.Auditing;

/// <summary>
/// One row of the audit log: a record that was created, updated or deleted, or an account event.
/// Rows are only ever inserted; PostgreSQL refuses updates, deletes and truncation (V0004).
/// </summary>
public sealed class AuditEntry
{
    public const int UserNameMaxLength = 64;
    public const int IpAddressMaxLength = 64;
    public const int ActionMaxLength = 32;
    public const int EntityTypeMaxLength = 64;
    public const int EntityIdMaxLength = 64;
    public const int DetailMaxLength = 500;

    public long Id { get; private set; }
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>No foreign key to users on purpose: the log must outlive any account it mentions.</summary>
    public long? UserId { get; init; }
    public string? UserName { get; init; }
    public string? IpAddress { get; init; }

    /// <summary><see cref="AuditActions"/> for record changes, otherwise a <see cref="SecurityEvent"/> name.</summary>
    public string Action { get; init; } = string.Empty;
    public string? EntityType { get; init; }
    public string? EntityId { get; init; }

    /// <summary>
    /// JSON object of the fields that changed: <c>{"Field": {"from": x, "to": y}}</c> for updates,
    /// only <c>"to"</c> for creates, only <c>"from"</c> for deletes, <c>{"changed": true}</c> for secrets.
    /// </summary>
    public string? Changes { get; init; }
    public string? Detail { get; init; }

    /// <summary>Cuts a value to a column's length so an over-long user agent or name never loses the row.</summary>
    public static string? Fit(string? value, int maxLength) =>
        value is null || value.Length <= maxLength ? value : value[..maxLength];
}

public static class AuditActions
{
    public const string Created = nameof(Created);
    public const string Updated = nameof(Updated);
    public const string Deleted = nameof(Deleted);
    /// <summary>A spreadsheet import committed: one entry per file with its counts, written by the import itself (ADR-027).</summary>
    public const string Imported = nameof(Imported);

    public static readonly IReadOnlyList<string> RecordChanges = [Created, Updated, Deleted];

    /// <summary>Every action the log can hold, record changes first.</summary>
    public static readonly IReadOnlyList<string> All = [.. RecordChanges, Imported, .. Enum.GetNames<SecurityEvent>()];
}
