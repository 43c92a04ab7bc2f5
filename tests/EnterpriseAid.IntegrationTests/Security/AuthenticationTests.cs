using System.Net;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Security;

public sealed class AuthenticationTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Anonymous_requests_to_every_protected_page_redirect_to_the_login_page()
    {
        var routes = RouteCatalog().Where(r => !r.AllowsAnonymous && r.IsGet).ToList();
        routes.ShouldNotBeEmpty();
        var client = portal.Factory.CreatePortalClient();

        foreach (var route in routes)
        {
            var url = route.Url(_ => "1");
            var response = await client.GetAsync(url);

            // The REST API is for systems with a key: it answers 401 with a problem document, not a login page.
            if (url.StartsWith("/api/v1/", StringComparison.Ordinal))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, url);
                continue;
            }
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.OriginalString.ShouldStartWith("https://localhost/account/login?returnUrl=", customMessage: url);
        }
    }

    [Fact]
    public async Task The_right_password_signs_in_and_returns_to_the_page_asked_for()
    {
        var client = portal.Factory.CreatePortalClient();
        var login = await client.GetAsync("/enterprises");
        var loginUrl = login.Headers.Location!.PathAndQuery;

        var response = await Forms.PostAsync(client, loginUrl, "login",
            [Forms.F("Input.UserName", "leader"), Forms.F("Input.Password", PortalFactory.DemoPassword)]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Local(response).ShouldBe("/enterprises");
        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ea.auth="));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("secure", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
    }

    [Fact]
    public async Task A_return_address_off_the_site_is_ignored()
    {
        var client = portal.Factory.CreatePortalClient();

        var response = await Forms.PostAsync(client, "/account/login?returnUrl=%2F%2Fevil.example%2F", "login",
            [Forms.F("Input.UserName", "leader"), Forms.F("Input.Password", PortalFactory.DemoPassword)]);

        Local(response).ShouldBe("/");
    }

    /// <summary>The redirect target, which must stay on this host.</summary>
    private static string Local(HttpResponseMessage response)
    {
        var target = new Uri(new Uri("https://localhost"), response.Headers.Location!);
        target.Host.ShouldBe("localhost");
        return target.PathAndQuery;
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes()
    {
        var client = portal.Factory.CreatePortalClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await PortalFactory.SignInAsync(client, "dispatcher", "Wrong-password-1");
            wrong.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var right = await PortalFactory.SignInAsync(client, "dispatcher", PortalFactory.DemoPassword);

        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await right.Content.ReadAsStringAsync()).ShouldContain("账号已锁定，请15分钟后再试");
        var lockedFor = await portal.Database.ScalarAsync<double>(
            "SELECT (extract(epoch FROM lockout_end - now()) / 60)::float8 FROM users WHERE user_name = 'dispatcher'");
        lockedFor.ShouldBeInRange(14, 15.1);
        await portal.Database.ExecuteAsync("UPDATE users SET lockout_end = NULL, access_failed_count = 0 WHERE user_name = 'dispatcher'");
    }

    [Fact]
    public async Task A_wrong_password_says_so_in_Chinese_without_telling_which_part_was_wrong()
    {
        var unknown = await PortalFactory.SignInAsync(portal.Factory.CreatePortalClient(), "nobody", "Whatever-123");
        var wrong = await PortalFactory.SignInAsync(portal.Factory.CreatePortalClient(), "handler", "Whatever-123");

        (await unknown.Content.ReadAsStringAsync()).ShouldContain("用户名或密码不正确");
        (await wrong.Content.ReadAsStringAsync()).ShouldContain("用户名或密码不正确");
        await portal.Database.ExecuteAsync("UPDATE users SET access_failed_count = 0 WHERE user_name = 'handler'");
    }

    [Fact]
    public async Task A_disabled_account_cannot_sign_in()
    {
        await portal.Database.ExecuteAsync("UPDATE users SET is_disabled = true WHERE user_name = 'enterprise'");
        try
        {
            var response = await PortalFactory.SignInAsync(portal.Factory.CreatePortalClient(), "enterprise", PortalFactory.DemoPassword);

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).ShouldContain("该账号已停用");
        }
        finally
        {
            await portal.Database.ExecuteAsync("UPDATE users SET is_disabled = false WHERE user_name = 'enterprise'");
        }
    }

    [Fact]
    public async Task Signing_out_needs_the_form_token_and_ends_the_session()
    {
        var client = await portal.Factory.SignedInClientAsync("official");
        var withoutToken = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        withoutToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = await client.GetStringAsync("/enterprises");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var signOut = await client.PostAsync("/account/logout",
            new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]));

        signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private IReadOnlyList<PortalRoute> RouteCatalog() => PortalRoute.Discover(portal.Factory.Services);
}

/// <summary>Session lifetimes, with a clock the test moves.</summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private TestDatabase _db = null!;
    private PortalFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("sess");
        _factory = new PortalFactory(_db.ConnectionString, clock: _clock);
        _factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_session_idle_for_more_than_thirty_minutes_is_refused()
    {
        var client = await _factory.SignedInClientAsync("leader");
        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.OK);

        _clock.Advance(TimeSpan.FromMinutes(31));

        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_active_session_ends_twelve_hours_after_signing_in()
    {
        var client = await _factory.SignedInClientAsync("official");
        // Activity every 20 minutes keeps the sliding window open…
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.9); elapsed += TimeSpan.FromMinutes(20))
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.OK, $"after {elapsed}");
        }

        // …but not past the absolute lifetime.
        _clock.Advance(TimeSpan.FromMinutes(20));

        (await client.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
