using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Policies;

/// <summary>附件: a file published with a policy (the original document, forms, a table of rates).</summary>
public sealed class PolicyAttachment
{
    public const int FileNameMaxLength = 200;
    public const int ContentTypeMaxLength = 100;
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerPolicy = 20;

    /// <summary>Documents and scans a government office publishes, with the type each is served as.</summary>
    public static readonly IReadOnlyDictionary<string, string> AllowedTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".ofd"] = "application/ofd",
        [".doc"] = "application/msword",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".wps"] = "application/vnd.ms-works",
        [".xls"] = "application/vnd.ms-excel",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
    };

    private PolicyAttachment() { }

    public long Id { get; private set; }
    public long PolicyId { get; private set; }
    public string FileName { get; private set; } = string.Empty;
    public string ContentType { get; private set; } = string.Empty;
    public long SizeBytes { get; private set; }
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset UploadedAt { get; private set; }
    public long? UploadedByUserId { get; private set; }

    /// <summary>The content type an allowed file name is served with, or null when the type is not allowed.</summary>
    public static string? ContentTypeFor(string? fileName) =>
        fileName is not null && AllowedTypes.TryGetValue(Path.GetExtension(fileName), out var type) ? type : null;

    public static PolicyAttachment Create(long policyId, string fileName, byte[] content, long? uploadedByUserId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        // Browsers on Windows may send a full path; keep the last part only.
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/')).Trim();
        if (name.Length == 0) throw new DomainException("请选择附件");
        if (name.Length > FileNameMaxLength) throw new DomainException($"附件文件名不能超过{FileNameMaxLength}个字");
        var type = ContentTypeFor(name) ?? throw new DomainException("附件只能是PDF、OFD、Word、WPS、Excel或图片文件");
        if (content.Length == 0) throw new DomainException("附件是空文件");
        if (content.Length > MaxBytes) throw new DomainException($"附件不能超过{MaxBytes / 1024 / 1024}MB");
        return new PolicyAttachment
        {
            PolicyId = policyId, FileName = name, ContentType = type, SizeBytes = content.Length, Content = content,
            UploadedAt = now, UploadedByUserId = uploadedByUserId,
        };
    }
}
