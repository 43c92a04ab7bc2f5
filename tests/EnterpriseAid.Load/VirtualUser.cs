using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace EnterpriseAid.Load;

/// <summary>
/// One signed-in person: its own cookies (kept by hand, as the portal's cookies are Secure and the
/// load runs over plain loopback HTTP), every request timed and recorded under a kind.
/// </summary>
public sealed partial class VirtualUser(LoadAccount account, HttpClient http, Recorder recorder)
{
    private readonly Dictionary<string, string> _cookies = [];

    public LoadAccount Account { get; } = account;

    public sealed record Reply(HttpStatusCode Status, string Body, string? Location);

    public async Task<Reply?> SendAsync(string kind, HttpMethod method, string url, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var c in set)
                {
                    var pair = c.Split(';', 2)[0];
                    var eq = pair.IndexOf('=');
                    if (eq <= 0) continue;
                    var value = pair[(eq + 1)..];
                    if (value.Length == 0 || c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(pair[..eq]);
                    else _cookies[pair[..eq]] = value;
                }
            }
            recorder.Add(kind, watch.Elapsed, (int)response.StatusCode, $"{method} {Strip(url)}");
            return new Reply(response.StatusCode, body, response.Headers.Location?.OriginalString);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            recorder.Add(kind, watch.Elapsed, 0, $"{method} {Strip(url)}: {ex.GetType().Name} {ex.Message}");
            return null;
        }
    }

    public Task<Reply?> GetAsync(string kind, string url) => SendAsync(kind, HttpMethod.Get, url);

    /// <summary>Posts a form with the antiforgery token of the page it was on, as the browser would.</summary>
    public Task<Reply?> PostFormAsync(string kind, string url, string page, string formName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = Token().Match(page);
        if (!token.Success) throw new InvalidOperationException($"No antiforgery token on {url}");
        return SendAsync(kind, HttpMethod.Post, url,
            [new("_handler", formName), new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)), .. fields]);
    }

    public async Task<bool> SignInAsync(string password)
    {
        var page = await GetAsync("signin", "/account/login");
        if (page?.Status != HttpStatusCode.OK) return false;
        var reply = await PostFormAsync("signin", "/account/login", page.Body, "login",
            [new("Input.UserName", Account.UserName), new("Input.Password", password)]);
        return reply?.Status == HttpStatusCode.Redirect && _cookies.Keys.Any(k => k == "ea.auth");
    }

    private static string Strip(string url) => DigitRun().Replace(url.Split('?')[0], "{id}");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("\\d+")]
    private static partial Regex DigitRun();
}
