using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Xunit.Abstractions;

namespace EnterpriseAid.IntegrationTests.Security;

/// <summary>
/// The security checks of the reliability list (docs/reliability.md): headers on every page,
/// no full mobile or ID number on any page or in the log, sign-out that ends the session on the
/// server, login errors that do not tell whether an account exists, and the sign-in rate limit.
/// Pages are discovered from the endpoint data sources, as in <see cref="ScopeMatrixTests"/>.
/// </summary>
public sealed partial class SecurityChecksTests(PortalFixture portal, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    /// <summary>Numbers seeded into the records; distinct from anything the demo district holds.</summary>
    private const string Mobile = "13957310428";
    private const string OtherMobile = "18674029153";
    private const string IdNumber = "330106198807150418";

    /// <summary>
    /// The forms where the number is typed and corrected: they show the saved value in its field, and
    /// only to those who may change the record. Every other page shows it masked.
    /// </summary>
    private static readonly string[] FormsThatEditTheNumber = ["/admin/users/{Id:long}/edit", "/enterprises/{Id:long}/edit"];

    [Fact]
    public async Task Every_page_carries_the_security_headers_and_hsts_outside_development()
    {
        await RouteParameters.SeedAsync(portal);
        var parameters = new RouteParameters(portal.Database);
        await parameters.LoadAsync();
        // As the public host name would be asked, over HTTPS: UseHsts leaves localhost out.
        var anonymous = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://portal.example") });
        var clients = new Dictionary<string, HttpClient>();
        var checkedResponses = 0;
        var routes = PortalRoute.Discover(portal.Factory.Services).Where(r => r.IsGet).ToList();

        foreach (var route in routes)
        {
            var url = route.Url(p => parameters.For(route, p));
            var user = RouteParameters.UserFor(route);
            // Each page as the user who may open it, and anonymously (the redirect to sign-in, or the page itself when public).
            foreach (var client in new[] { anonymous, user is null ? null : clients.TryGetValue(user, out var c) ? c : clients[user] = await SignedInAsync(user) })
            {
                if (client is null) continue;
                var response = await client.GetAsync(url);
                checkedResponses++;
                // Pages send the anonymous to sign in; the API (keys only) answers 401 with a problem document.
                if (client == anonymous && !route.AllowsAnonymous)
                    response.StatusCode.ShouldBe(route.Pattern.StartsWith("/api/", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect, url);
                foreach (var (name, value) in SecurityHeaders.All)
                {
                    response.Headers.TryGetValues(name, out var values).ShouldBeTrue($"GET {url} ({(int)response.StatusCode}) lacks {name}");
                    values!.ShouldBe([value], $"GET {url}: {name}");
                }
                response.Headers.Contains("Strict-Transport-Security").ShouldBeTrue($"GET {url} lacks HSTS");
            }
        }

        // In Development the portal is served over plain HTTP on a developer's machine: no HSTS there.
        await using var development = portal.Factory.WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var dev = development.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://portal.example") });
        foreach (var url in new[] { "/account/login", "/health", "/" })
        {
            (await dev.GetAsync(url)).Headers.Contains("Strict-Transport-Security").ShouldBeFalse($"GET {url} in Development");
        }

        output.WriteLine($"{routes.Count} GET routes, {checkedResponses} responses checked");
        Figures["headers"] = new { getRoutes = routes.Count, responsesChecked = checkedResponses, headersPerResponse = SecurityHeaders.All.Count + 1 };
        WriteFigures();
    }

    [Fact]
    public async Task No_page_and_no_log_line_shows_a_full_mobile_or_id_number()
    {
        await RouteParameters.SeedAsync(portal);
        var enterprise = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        // Through the forms, so the audit log records the numbers as a user would leave them there.
        var admin = await SignedInAsync("admin");
        var userId = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'll.wumin'");
        await portal.Database.ExecuteAsync($"""
            UPDATE users SET phone_number = '{OtherMobile}' WHERE id = {userId};
            UPDATE enterprises SET contacts = jsonb_build_array(jsonb_build_object('Name', '王经理', 'Title', '总经理', 'Phone', '{Mobile}', 'IsPrimary', true)) WHERE id = {enterprise};
            UPDATE problems SET description = '企业联系人身份证号{IdNumber}，手机{Mobile}，请电话联系。' WHERE id = (SELECT max(id) FROM problems);
            """);
        // The account form, as an administrator fills it in, so the audit log holds the number too.
        var editUrl = $"/admin/users/{userId}/edit";
        var form = HtmlForms.Parse(await admin.GetStringAsync(editUrl), editUrl).First(f => f.Fields.Any(x => x.Name.EndsWith("PhoneNumber")));
        var fields = form.Fields.Where(f => !f.IsChoice || f.Checked)
            .Select(f => new KeyValuePair<string, string>(f.Name, f.Name.EndsWith("PhoneNumber") ? Mobile : f.Value)).ToList();
        (await admin.PostAsync(editUrl, new FormUrlEncodedContent(fields))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "saving the account");
        (await portal.Database.ScalarAsync<string>($"SELECT phone_number FROM users WHERE id = {userId}")).ShouldBe(Mobile);
        var parameters = new RouteParameters(portal.Database);
        await parameters.LoadAsync();

        var pages = 0;
        var leaks = new List<string>();
        foreach (var route in PortalRoute.Discover(portal.Factory.Services).Where(r => r.IsGet && !r.Pattern.EndsWith(".xlsx") && !r.Pattern.EndsWith(".docx")
                     && !FormsThatEditTheNumber.Contains(r.Pattern)))
        {
            var url = route.Url(p => parameters.For(route, p));
            {
                var response = await admin.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                pages++;
                foreach (var number in new[] { Mobile, OtherMobile, IdNumber })
                {
                    if (body.Contains(number, StringComparison.Ordinal)) leaks.Add($"GET {url} shows {number}");
                }
            }
        }

        // The log files the portal wrote during this run (Serilog's rolling file, relative to the test's working directory).
        var logs = Directory.Exists("logs") ? Directory.GetFiles("logs", "enterpriseaid-*.log") : [];
        long logBytes = 0;
        foreach (var file in logs)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var text = await new StreamReader(stream).ReadToEndAsync();
            logBytes += stream.Length;
            foreach (var number in new[] { Mobile, OtherMobile, IdNumber })
            {
                if (text.Contains(number, StringComparison.Ordinal)) leaks.Add($"{file} contains {number}");
            }
        }

        output.WriteLine($"{pages} pages, {logs.Length} log files ({logBytes} bytes)");
        Figures["personalData"] = new { pages, logFiles = logs.Length, logBytes, numbersSeeded = 3, leaks = leaks.Count };
        WriteFigures();
        pages.ShouldBeGreaterThan(50);
        leaks.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_copy_of_the_cookie_kept_from_before_sign_out_is_refused()
    {
        var cookies = new CookieContainer();
        var client = await SignedInAsync("leader", cookies);
        var cookie = cookies.GetCookieHeader(new Uri("https://portal.example/"));
        cookie.ShouldContain("ea.auth=");
        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = Regex.Match(await client.GetStringAsync("/enterprises"), "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        (await client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token))])))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        // Another client sends the old cookie, as someone who copied it would.
        var replay = portal.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://portal.example") });
        var request = new HttpRequestMessage(HttpMethod.Get, "/enterprises");
        request.Headers.Add("Cookie", cookie);
        var response = await replay.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/account/login");
        Figures["signOut"] = new { replayedCookieStatus = (int)response.StatusCode };
        WriteFigures();
    }

    [Fact]
    public async Task An_unknown_user_and_a_wrong_password_get_the_same_answer_in_comparable_time()
    {
        const int attempts = 4;
        var unknown = new List<double>();
        var wrong = new List<double>();
        (int Status, string Message)? first = null;
        for (var i = 0; i < attempts; i++)
        {
            foreach (var (user, times) in new[] { ($"nobody{i}", unknown), ("dispatcher", wrong) })
            {
                var client = portal.Factory.CreatePortalClient();
                await client.GetAsync("/account/login");
                var watch = Stopwatch.StartNew();
                var response = await PortalFactory.SignInAsync(client, user, "Whatever-123");
                times.Add(watch.Elapsed.TotalMilliseconds);
                var answer = ((int)response.StatusCode, LoginError().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value);
                answer.Item2.ShouldNotBeEmpty();
                (first ??= answer).ShouldBe(answer, $"{user}");
            }
        }
        await portal.Database.ExecuteAsync("UPDATE users SET access_failed_count = 0, lockout_end = NULL WHERE user_name = 'dispatcher'");

        first!.Value.Message.ShouldBe("用户名或密码不正确");
        var (u, w) = (Median(unknown), Median(wrong));
        output.WriteLine($"median sign-in time: unknown user {u:0.0} ms, wrong password {w:0.0} ms");
        Figures["loginErrors"] = new { attempts = attempts * 2, status = first.Value.Status, message = first.Value.Message, unknownUserMedianMs = Math.Round(u, 1), wrongPasswordMedianMs = Math.Round(w, 1) };
        WriteFigures();
        // Both hash the password: an unknown name is not answered in a fraction of the time.
        u.ShouldBeGreaterThan(w / 3);
    }

    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_per_address_and_user_name_with_a_chinese_page()
    {
        // The portal with the limit as configured in production (the test factory raises it for the other tests).
        await using var limited = portal.Factory.WithWebHostBuilder(b => b.UseSetting(RateLimiting.LoginPermitLimitSetting, RateLimiting.LoginPermitLimit.ToString()));
        var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var answers = new List<int>();
        for (var i = 0; i < RateLimiting.LoginPermitLimit + 2; i++)
        {
            answers.Add((int)(await PortalFactory.SignInAsync(client, "rate.probe", "Whatever-123")).StatusCode);
        }
        var refused = await PortalFactory.SignInAsync(client, "rate.probe", "Whatever-123");
        var body = await refused.Content.ReadAsStringAsync();

        answers.Take(RateLimiting.LoginPermitLimit).ShouldAllBe(s => s == 200);
        answers.Skip(RateLimiting.LoginPermitLimit).ShouldAllBe(s => s == 429);
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        body.ShouldContain("尝试过于频繁");
        refused.Headers.Contains("Retry-After").ShouldBeTrue();
        // Another user name from the same address, and the form itself, are not held up.
        (await PortalFactory.SignInAsync(client, "rate.other", "Whatever-123")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/account/login")).StatusCode.ShouldBe(HttpStatusCode.OK);
        Figures["rateLimit"] = new { permitPerMinute = RateLimiting.LoginPermitLimit, attempts = answers.Count + 1, refused = answers.Count(s => s == 429) + 1 };
        WriteFigures();
    }

    /// <summary>Signed in on the public host name (HSTS is not sent to localhost); the cookies are kept in <paramref name="cookies"/> when given.</summary>
    private async Task<HttpClient> SignedInAsync(string user, CookieContainer? cookies = null)
    {
        var client = portal.Factory.CreateDefaultClient(new Uri("https://portal.example"), new CookieContainerHandler(cookies ?? new CookieContainer()));
        var response = await PortalFactory.SignInAsync(client, user, PortalFactory.DemoPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"signing in as {user}");
        return client;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static readonly Dictionary<string, object> Figures = [];
    private static readonly object FiguresLock = new();

    private static void WriteFigures()
    {
        lock (FiguresLock) InputFuzzTests.WriteFigures("security-figures.json", Figures);
    }

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();
}
