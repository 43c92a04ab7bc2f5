using System.Net;
using System.Text.RegularExpressions;

namespace EnterpriseAid.IntegrationTests.Security;

/// <summary>A field of a rendered form, as a browser would see it.</summary>
public sealed record HtmlField(string Name, string Kind, string Value, int? MaxLength, IReadOnlyList<string> Options, bool Checked)
{
    public bool IsFile => Kind == "file";
    public bool IsChoice => Kind is "checkbox" or "radio";
}

/// <summary>A POST form of a rendered page: where it posts, its form name, its fields.</summary>
public sealed partial record HtmlForm(string Action, string? Handler, bool Multipart, IReadOnlyList<HtmlField> Fields)
{
    public const string TokenField = "__RequestVerificationToken";
    public const string HandlerField = "_handler";

    /// <summary>The fields to fuzz: everything a user can set, not the form name or token.</summary>
    /// <remarks>A repeated row's fields (Contacts[0].Phone, Contacts[1].Phone) are one field: the first row stands for all.</remarks>
    public IEnumerable<HtmlField> UserFields =>
        Fields.Where(f => f.Name is not TokenField and not HandlerField).DistinctBy(f => RowIndex().Replace(f.Name, "[]"));

    [System.Text.RegularExpressions.GeneratedRegex("\\[\\d+\\]")]
    private static partial System.Text.RegularExpressions.Regex RowIndex();

    public string? Token => Fields.FirstOrDefault(f => f.Name == TokenField)?.Value;
}

/// <summary>Reads the POST forms out of a server-rendered page (the portal's HTML is regular enough for this).</summary>
public static partial class HtmlForms
{
    public static IReadOnlyList<HtmlForm> Parse(string html, string pageUrl)
    {
        var forms = new List<HtmlForm>();
        foreach (Match form in FormTag().Matches(html))
        {
            var open = form.Groups["open"].Value;
            if (!string.Equals(Attribute(open, "method"), "post", StringComparison.OrdinalIgnoreCase)) continue;
            var body = form.Groups["body"].Value;
            var fields = new List<HtmlField>();
            foreach (Match input in InputTag().Matches(body))
            {
                var tag = input.Value;
                if (Attribute(tag, "name") is not { } name) continue;
                var kind = (Attribute(tag, "type") ?? "text").ToLowerInvariant();
                if (kind is "submit" or "button" or "reset" or "image") continue;
                fields.Add(new HtmlField(name, kind, Attribute(tag, "value") ?? "", MaxLength(tag), [], HasFlag(tag, "checked")));
            }
            foreach (Match area in TextareaTag().Matches(body))
            {
                if (Attribute(area.Groups["open"].Value, "name") is not { } name) continue;
                fields.Add(new HtmlField(name, "textarea", WebUtility.HtmlDecode(area.Groups["text"].Value), MaxLength(area.Groups["open"].Value), [], false));
            }
            foreach (Match select in SelectTag().Matches(body))
            {
                if (Attribute(select.Groups["open"].Value, "name") is not { } name) continue;
                var options = OptionTag().Matches(select.Groups["options"].Value)
                    .Select(o => (Value: Attribute(o.Value, "value") ?? "", Selected: HasFlag(o.Value, "selected"))).ToList();
                var chosen = options.FirstOrDefault(o => o.Selected).Value ?? "";
                fields.Add(new HtmlField(name, "select", chosen, null, options.Select(o => o.Value).ToList(), false));
            }
            // A named submit button (several actions in one form) posts its value.
            foreach (Match button in ButtonTag().Matches(body))
            {
                if (Attribute(button.Value, "name") is not { } name || fields.Any(f => f.Name == name)) continue;
                fields.Add(new HtmlField(name, "button", Attribute(button.Value, "value") ?? "", null, [], true));
            }
            var action = Attribute(open, "action");
            forms.Add(new HtmlForm(
                string.IsNullOrEmpty(action) ? pageUrl : action,
                fields.FirstOrDefault(f => f.Name == HtmlForm.HandlerField)?.Value,
                (Attribute(open, "enctype") ?? "").Contains("multipart", StringComparison.OrdinalIgnoreCase),
                fields));
        }
        return forms;
    }

    private static int? MaxLength(string tag) => int.TryParse(Attribute(tag, "maxlength"), out var n) ? n : null;

    private static bool HasFlag(string tag, string name) => Regex.IsMatch(tag, $"\\s{name}(\\s|=|>|/)", RegexOptions.IgnoreCase);

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"", RegexOptions.IgnoreCase);
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    [GeneratedRegex("(?<open><form\\b[^>]*>)(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormTag();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("(?<open><textarea\\b[^>]*>)(?<text>.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextareaTag();

    [GeneratedRegex("(?<open><select\\b[^>]*>)(?<options>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectTag();

    [GeneratedRegex("<option\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionTag();

    [GeneratedRegex("<button\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ButtonTag();
}
