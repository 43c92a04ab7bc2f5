using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Audit;

public enum AuditChangeKind
{
    /// <summary>Updated: before → after.</summary>
    Changed,
    /// <summary>Created: the value it was given.</summary>
    Set,
    /// <summary>Deleted: the value it had.</summary>
    Removed,
    /// <summary>A secret (password hash, security stamp): changed, value not logged.</summary>
    Secret,
}

public sealed record AuditFieldChange(string Field, string? From, string? To, AuditChangeKind Kind);

/// <summary>Turns the changes JSON of an audit row into "field: before → after" lines for display.</summary>
public static class AuditChangeList
{
    private const int MaxValueLength = 200;

    /// <param name="display">Optional display name of a code value, given the field it belongs to.</param>
    public static IReadOnlyList<AuditFieldChange> Parse(string? json, IStringLocalizer l, Func<string, string, string>? display = null)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return [];
        }
        if (root is null) return [];

        var result = new List<AuditFieldChange>();
        foreach (var (field, node) in root)
        {
            var show = display is null ? (Func<string, string>)(v => v) : v => display(field, v);
            if (node is not JsonObject change)
            {
                result.Add(new AuditFieldChange(field, null, Text(node, l, show), AuditChangeKind.Changed));
                continue;
            }
            var hasFrom = change.ContainsKey("from");
            var hasTo = change.ContainsKey("to");
            if (!hasFrom && !hasTo)
            {
                result.Add(new AuditFieldChange(field, null, null, AuditChangeKind.Secret));
                continue;
            }
            var kind = hasFrom && hasTo ? AuditChangeKind.Changed : hasTo ? AuditChangeKind.Set : AuditChangeKind.Removed;
            result.Add(new AuditFieldChange(field,
                hasFrom ? Text(change["from"], l, show) : null, hasTo ? Text(change["to"], l, show) : null, kind));
        }
        return result;
    }

    /// <summary>A field's label: "Audit.Field.{EntityType}.{Field}" from the resources, else the code name.</summary>
    public static string FieldLabel(string? entityType, string field, IStringLocalizer l)
    {
        var label = l[$"Audit.Field.{entityType}.{field}"];
        return string.Format(l["Audit.FieldLabel"], label.ResourceNotFound ? field : label.Value);
    }

    /// <summary>Display text of a value; null for an empty one.</summary>
    private static string? Text(JsonNode? node, IStringLocalizer l, Func<string, string> show)
    {
        string? text = node switch
        {
            null => null,
            JsonArray array => array.Count == 0 ? null : string.Join("、", array.Select(i => Text(i, l, show)).Where(t => t is not null)),
            JsonObject obj => string.Join(" ", obj.Select(p => Text(p.Value, l, show)).Where(t => !string.IsNullOrEmpty(t))),
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.String => show(Scalar(value.GetValue<string>())),
                JsonValueKind.True => l["Audit.Value.Yes"],
                JsonValueKind.False => l["Audit.Value.No"],
                _ => value.ToJsonString(),
            },
            _ => node.ToJsonString(),
        };
        if (string.IsNullOrEmpty(text)) return null;
        return text.Length <= MaxValueLength ? text : text[..MaxValueLength] + "…";
    }

    /// <summary>Times in the log are UTC ISO 8601; people read them in China time.</summary>
    private static string Scalar(string text) =>
        text.Length >= 20 && text[10] == 'T'
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? AuditTime.ToChina(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : text;
}
