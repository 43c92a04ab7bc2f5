using System.Security.Cryptography;
using System.Text;

namespace EnterpriseAid.Infrastructure.Api;

/// <summary>
/// An external system allowed to call /api/v1 (ADR-028) with a key an administrator issued. Only the key's SHA-256
/// hash is stored; its visible prefix finds the row. The key sees the subtree of one org unit (the same region scope
/// as a user's), reads or also writes, and works until it is revoked.
/// </summary>
public sealed class ApiClient
{
    public const int NameMaxLength = 60;
    public const int PrefixMaxLength = 16;
    private const string KeyStart = "ea_";
    private const int PrefixRandomLength = 8;
    private const string PrefixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private ApiClient() { }

    public long Id { get; private set; }
    public string Name { get; private set; } = string.Empty;
    public string KeyPrefix { get; private set; } = string.Empty;
    public byte[] KeyHash { get; private set; } = [];
    public long RegionId { get; private set; }
    public bool CanWrite { get; private set; }
    /// <summary>The account the client acts through (no password, no role): problems and audit rows name it.</summary>
    public long UserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>A new client and its key, which the caller shows once: "ea_" + 8 characters + "_" + 32 random bytes (base64url).</summary>
    public static (ApiClient Client, string Key) Issue(string name, long regionId, bool canWrite, long userId, DateTimeOffset now)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength) throw new ArgumentException($"名称应为1至{NameMaxLength}个字", nameof(name));
        var prefix = KeyStart + RandomNumberGenerator.GetString(PrefixAlphabet, PrefixRandomLength);
        var key = prefix + "_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var client = new ApiClient
        {
            Name = name, KeyPrefix = prefix, KeyHash = Hash(key), RegionId = regionId, CanWrite = canWrite, UserId = userId, CreatedAt = now,
        };
        return (client, key);
    }

    public void Revoke(DateTimeOffset now)
    {
        RevokedAt ??= now;
    }

    /// <summary>The prefix part of a presented key, or null when it does not have the shape of one.</summary>
    public static string? PrefixOf(string? key)
    {
        if (string.IsNullOrEmpty(key) || !key.StartsWith(KeyStart, StringComparison.Ordinal)) return null;
        var end = key.IndexOf('_', KeyStart.Length);
        return end == KeyStart.Length + PrefixRandomLength ? key[..end] : null;
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="key"/> is this client's key, compared in constant time.</summary>
    public bool Matches(string key) => CryptographicOperations.FixedTimeEquals(Hash(key), KeyHash);
}

/// <summary>The answer to a create call with an Idempotency-Key, kept so a retry gets the same answer.</summary>
public sealed class ApiIdempotencyRecord
{
    public const int KeyMaxLength = 100;

    public long ClientId { get; init; }
    public string Key { get; init; } = string.Empty;
    public byte[] RequestHash { get; init; } = [];
    public int StatusCode { get; init; }
    public string? Location { get; init; }
    public string ResponseBody { get; init; } = string.Empty;
    public long? ProblemId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Where a problem pushed in through the API came from.</summary>
public sealed class ApiProblemSource
{
    public const int SourceSystemMaxLength = 60;
    public const int ExternalReferenceMaxLength = 100;
    public const int ReporterContactMaxLength = 100;

    public long ProblemId { get; init; }
    public long ClientId { get; init; }
    public string SourceSystem { get; init; } = string.Empty;
    public string? ExternalReference { get; init; }
    public string? ReporterContact { get; init; }
}
