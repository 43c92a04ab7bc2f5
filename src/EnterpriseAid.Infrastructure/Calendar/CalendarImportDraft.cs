namespace EnterpriseAid.Infrastructure.Calendar;

/// <summary>
/// A holiday file an administrator uploaded or pasted, kept between the preview and the confirmation (the
/// upload arrives at an endpoint that can only redirect, and any node may serve the next request). Scratch
/// data: written and deleted with plain SQL so the audit log holds the imported days, not the file.
/// </summary>
public sealed class CalendarImportDraft
{
    public const int ContentMaxLength = 256 * 1024;
    public const int FileNameMaxLength = 200;
    /// <summary>Drafts older than this are removed when the next one is saved.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    public Guid Id { get; private set; }
    /// <summary>The uploaded file's name; null for pasted text.</summary>
    public string? FileName { get; private set; }
    public string Content { get; private set; } = string.Empty;
    public long? CreatedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
}
