namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>What a file imports.</summary>
public static class ImportKinds
{
    public const string Enterprises = "enterprises";
    public const string Assignments = "assignments";
    public const string Problems = "problems";
    public const int MaxLength = 20;

    /// <summary>The kinds this build can import, in the order a district starts from them.</summary>
    public static readonly IReadOnlyList<string> All = [Enterprises, Assignments, Problems];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
}

/// <summary>Where an import job stands. Queued and running states are picked up by <see cref="ImportWorker"/>.</summary>
public static class ImportStatus
{
    public const string Mapping = nameof(Mapping);
    public const string ValidateQueued = nameof(ValidateQueued);
    public const string Validating = nameof(Validating);
    public const string Validated = nameof(Validated);
    public const string CommitQueued = nameof(CommitQueued);
    public const string Committing = nameof(Committing);
    public const string Committed = nameof(Committed);
    public const string Failed = nameof(Failed);
    public const int MaxLength = 20;

    public static readonly IReadOnlyList<string> Running = [ValidateQueued, Validating, CommitQueued, Committing];

    public static bool IsRunning(string status) => Running.Contains(status);
}

/// <summary>
/// One uploaded file and everything the import did with it (ADR-027). Read through EF Core for the pages;
/// written with plain SQL by <see cref="ImportJobStore"/> and the worker, so the audit log records the import
/// (one entry with its counts), not every progress tick or the file's bytes.
/// </summary>
public sealed class ImportJob
{
    public const int FileNameMaxLength = 200;
    public const int FormatMaxLength = 10;
    public const int MessageMaxLength = 500;
    public const int UserNameMaxLength = 64;
    public const int RegionPathMaxLength = 400;
    /// <summary>The rows in error and warnings kept for the page and the report; the counts are exact beyond it.</summary>
    public const int MaxStoredIssues = 20_000;

    public long Id { get; private set; }
    public string Kind { get; private set; } = string.Empty;
    public string Status { get; private set; } = string.Empty;
    public string FileName { get; private set; } = string.Empty;
    public string FileFormat { get; private set; } = string.Empty;
    public int FileSize { get; private set; }
    public byte[] Content { get; private set; } = [];
    public string[] Headers { get; private set; } = [];
    /// <summary>JSON object: target field key → 0-based column.</summary>
    public string? Mapping { get; private set; }
    public long UserId { get; private set; }
    public string UserName { get; private set; } = string.Empty;
    public bool ScopeSeesAll { get; private set; }
    public string? ScopeRegionPath { get; private set; }
    public int Progress { get; private set; }
    public int RowsRead { get; private set; }
    public int? TotalRows { get; private set; }
    public int? ErrorRows { get; private set; }
    public int? WarningCount { get; private set; }
    public int? Inserted { get; private set; }
    public int? Updated { get; private set; }
    public int? Unchanged { get; private set; }
    /// <summary>JSON array of <see cref="ImportIssue"/>.</summary>
    public string? Issues { get; private set; }
    public string? Message { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
}
