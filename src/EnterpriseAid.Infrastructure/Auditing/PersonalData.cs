using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EnterpriseAid.Infrastructure.Auditing;

/// <summary>
/// Masks personal data for display: mobile and landline numbers and resident ID numbers
/// (居民身份证号). Screens that list many people's records show these masked, never in full.
/// </summary>
public static partial class PersonalData
{
    /// <summary>
    /// 13812345678 → 138****5678; 0371-12345678 → 0371-****5678 (area code and last four kept).
    /// Anything else keeps at most its last four characters.
    /// </summary>
    public static string MaskPhone(string? phone)
    {
        if (string.IsNullOrEmpty(phone)) return phone ?? string.Empty;
        var value = phone.Trim();

        var mobile = Mobile().Match(value);
        if (mobile.Success)
        {
            var digits = mobile.Groups["number"].Value;
            return mobile.Groups["prefix"].Value + digits[..3] + "****" + digits[^4..];
        }
        var landline = Landline().Match(value);
        if (landline.Success)
        {
            var local = landline.Groups["local"].Value;
            return landline.Groups["area"].Value + landline.Groups["sep"].Value + new string('*', local.Length - 4) + local[^4..]
                + landline.Groups["ext"].Value;
        }
        return KeepLastFour(value);
    }

    /// <summary>18-digit ID: first 6 (region) + 8 stars + last 4; 15-digit (old) ID: first 6 + 5 stars + last 4.</summary>
    public static string MaskIdNumber(string? idNumber)
    {
        if (string.IsNullOrEmpty(idNumber)) return idNumber ?? string.Empty;
        var value = idNumber.Trim();
        if (value.Length is 18 or 15 && IsIdNumber(value))
            return value[..6] + new string('*', value.Length - 10) + value[^4..];
        return KeepLastFour(value);
    }

    public static bool IsMobile(string? value) => value is not null && Mobile().IsMatch(value.Trim());

    public static bool IsLandline(string? value) => value is not null && Landline().IsMatch(value.Trim());

    /// <summary>
    /// Shape of a resident ID: region code starting 1–8, a plausible birth date, sequence and check
    /// character. The check character is not verified, so a mistyped ID is still hidden.
    /// </summary>
    public static bool IsIdNumber(string? value)
    {
        if (value is null) return false;
        var v = value.Trim();
        if (IdNumber18().IsMatch(v)) return PlausibleDate(v.AsSpan(6, 8));
        if (IdNumber15().IsMatch(v)) return PlausibleDate(("19" + v.Substring(6, 6)).AsSpan());
        return false;
    }

    /// <summary>Masks mobile numbers and ID numbers that appear inside free text.</summary>
    public static string MaskInText(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        if (IsMobile(text) || IsLandline(text)) return MaskPhone(text);
        if (IsIdNumber(text)) return MaskIdNumber(text);
        text = EmbeddedId().Replace(text, m => IsIdNumber(m.Value) ? MaskIdNumber(m.Value) : m.Value);
        return EmbeddedMobile().Replace(text, m => MaskPhone(m.Value));
    }

    /// <summary>
    /// Masks every string value in a JSON document that is or contains a phone or ID number.
    /// Property names are left alone. Text that is not JSON is masked as plain text.
    /// </summary>
    public static string MaskInJson(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return json;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return MaskInText(json);
        }
        if (root is null) return json;
        if (Replacement(root) is { } masked) return masked.ToJsonString(MaskedJson);
        MaskChildren(root);
        return root.ToJsonString(MaskedJson);
    }

    private static readonly JsonSerializerOptions MaskedJson = new()
    {
        // Keep Chinese readable in the text; it is escaped again wherever it is rendered.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void MaskChildren(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                if (child is null) continue;
                if (Replacement(child) is { } masked) obj[name] = masked;
                else MaskChildren(child);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not { } child) continue;
                if (Replacement(child) is { } masked) array[i] = masked;
                else MaskChildren(child);
            }
        }
    }

    /// <summary>The masked value for a string or number that needs masking, otherwise null.</summary>
    private static JsonValue? Replacement(JsonNode node)
    {
        if (node is not JsonValue value) return null;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                var masked = MaskInText(text);
                return masked == text ? null : JsonValue.Create(masked);
            case JsonValueKind.Number:
                // A phone number stored as a number is still a phone number.
                var raw = value.ToJsonString();
                return IsMobile(raw) || IsIdNumber(raw) ? JsonValue.Create(MaskInText(raw)) : null;
            default:
                return null;
        }
    }

    private static bool PlausibleDate(ReadOnlySpan<char> yyyymmdd) =>
        int.TryParse(yyyymmdd[..4], out var year) && int.TryParse(yyyymmdd.Slice(4, 2), out var month)
        && int.TryParse(yyyymmdd.Slice(6, 2), out var day)
        && year is >= 1900 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static string KeepLastFour(string value) =>
        value.Length <= 4 ? new string('*', value.Length) : new string('*', value.Length - 4) + value[^4..];

    [GeneratedRegex(@"^(?<prefix>(?:\+?86[\s-]?)?)(?<number>1[3-9]\d{9})$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^(?<area>0\d{2,3})(?<sep>[\s-]?)(?<local>\d{7,8})(?<ext>(?:-\d{1,6})?)$")]
    private static partial Regex Landline();

    [GeneratedRegex(@"^[1-8]\d{16}[\dXx]$")]
    private static partial Regex IdNumber18();

    [GeneratedRegex(@"^[1-8]\d{14}$")]
    private static partial Regex IdNumber15();

    [GeneratedRegex(@"(?<![\dA-Za-z])[1-8]\d{16}[\dXx](?![\dA-Za-z])")]
    private static partial Regex EmbeddedId();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex EmbeddedMobile();
}
