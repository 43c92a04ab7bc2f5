using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EnterpriseAid.IntegrationTests.Hosting;

public sealed partial class SecurityHeadersTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string ExpectedCsp =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["Content-Security-Policy"] = ExpectedCsp,
        ["X-Content-Type-Options"] = "nosniff",
        ["Referrer-Policy"] = "strict-origin-when-cross-origin",
        ["X-Frame-Options"] = "DENY",
        ["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()",
        ["Cross-Origin-Opener-Policy"] = "same-origin",
    };

    [Theory]
    [InlineData("GET", "/")]                              // the redirect to sign-in
    [InlineData("GET", "/no-such-page")]                  // the same, for a page that does not exist
    [InlineData("GET", "/account/login")]                 // carries a form: antiforgery adds its own X-Frame-Options
    [InlineData("GET", "/health")]                        // JSON
    [InlineData("GET", "/status/404")]                    // the 404 status page
    [InlineData("POST", "/account/login")]                // 400 status page re-executed for a missing form token
    [InlineData("GET", "/lib/htmx/htmx.min.js")]          // static file
    public async Task Every_response_carries_the_security_headers(string method, string url)
    {
        var response = await portal.Factory.CreatePortalClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "POST" ? new FormUrlEncodedContent([new("_handler", "login")]) : null,
        });

        AssertHeaders(response, $"{method} {url}");
    }

    [Fact]
    public async Task A_page_not_found_for_a_signed_in_user_carries_the_security_headers()
    {
        var client = await portal.Factory.SignedInClientAsync("admin");

        var response = await client.GetAsync("/no-such-page");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        AssertHeaders(response, "GET /no-such-page (signed in)");
    }

    [Fact]
    public void The_policy_in_code_is_the_one_documented_here()
    {
        SecurityHeaders.All.ShouldBe(Expected, ignoreOrder: true);
    }

    [Fact]
    public void Scripts_may_come_only_from_the_portal_itself()
    {
        var directives = ExpectedCsp.Split(';', StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToList());

        directives["script-src"].ShouldBe(["'self'"]);
        directives.Values.SelectMany(v => v).ShouldNotContain("'unsafe-eval'");
        directives["object-src"].ShouldBe(["'none'"]);
        directives["frame-ancestors"].ShouldBe(["'none'"]);
    }

    [Fact]
    public async Task The_sign_in_page_has_no_inline_script_and_configures_htmx_for_the_policy()
    {
        var response = await portal.Factory.CreatePortalClient().GetAsync("/account/login");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);

        AssertCompliesWithPolicy(await response.Content.ReadAsStringAsync(), "/account/login");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/enterprises")]
    [InlineData("/enterprises/new")]
    [InlineData("/no-such-page")]
    public async Task Signed_in_pages_have_no_inline_script(string url)
    {
        var client = await portal.Factory.SignedInClientAsync("admin");
        var response = await client.GetAsync(url);

        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        AssertCompliesWithPolicy(await response.Content.ReadAsStringAsync(), url);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_to_a_real_host_name()
    {
        // UseHsts leaves localhost out, so ask as the portal's public name would be asked.
        var https = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://portal.example"),
        });
        var http = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("http://portal.example"),
        });

        var secure = await https.GetAsync("/health");
        var plain = await http.GetAsync("/health");

        secure.Headers.TryGetValues("Strict-Transport-Security", out var hsts).ShouldBeTrue();
        hsts!.Single().ShouldStartWith("max-age=");
        plain.Headers.Contains("Strict-Transport-Security").ShouldBeFalse();
    }

    private static void AssertHeaders(HttpResponseMessage response, string label)
    {
        foreach (var (name, value) in Expected)
        {
            response.Headers.TryGetValues(name, out var values).ShouldBeTrue($"{label} ({(int)response.StatusCode}) lacks {name}");
            values!.ToList().ShouldBe([value], $"{label}: {name}");
        }
    }

    private static void AssertCompliesWithPolicy(string html, string url)
    {
        html.ShouldContain("<script src=", customMessage: $"{url} should load its scripts as files");
        InlineScript().Matches(html).Select(m => m.Value).ShouldBeEmpty($"{url} has an inline <script>, which the policy blocks");
        EventHandlerAttribute().Matches(html).Select(m => m.Value).ShouldBeEmpty($"{url} has an inline event handler, which the policy blocks");

        var meta = HtmxConfig().Match(html);
        meta.Success.ShouldBeTrue($"{url} lacks the htmx-config meta element");
        using var config = JsonDocument.Parse(WebUtility.HtmlDecode(meta.Groups["json"].Value));
        foreach (var setting in new[] { "includeIndicatorStyles", "allowEval", "allowScriptTags" })
        {
            config.RootElement.GetProperty(setting).GetBoolean().ShouldBeFalse(setting);
        }
    }

    // A <script> start tag without a src attribute.
    [GeneratedRegex(@"<script\b(?![^>]*\bsrc\s*=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    // onclick="…" and the like inside a tag.
    [GeneratedRegex(@"<[a-z][^>]*\son[a-z]+\s*=[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex("""<meta name="htmx-config" content=(?<q>["'])(?<json>.*?)\k<q>""")]
    private static partial Regex HtmxConfig();
}
