using System.Net;
using System.Text.RegularExpressions;

namespace EnterpriseAid.TestSupport;

/// <summary>Submits the portal's server-rendered forms the way a browser does: GET, take the antiforgery token, POST.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string formName,
        IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetAsync(url);
        var html = await page.Content.ReadAsStringAsync();
        if (page.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {url} answered {(int)page.StatusCode}, expected a form");
        var token = AntiforgeryToken().Match(html);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {url}");

        var body = new List<KeyValuePair<string, string>>
        {
            new("_handler", formName),
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
        };
        body.AddRange(fields);
        return await client.PostAsync(url, new FormUrlEncodedContent(body));
    }

    public static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>The Chinese validation messages shown next to fields.</summary>
    public static IReadOnlyList<string> ValidationMessages(string html) =>
        Message().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<div class=\"invalid-feedback d-block\">([^<]+)</div>")]
    private static partial Regex Message();
}
