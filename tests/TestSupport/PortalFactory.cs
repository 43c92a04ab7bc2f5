using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnterpriseAid.TestSupport;

/// <summary>
/// The real portal (Program.cs) against a test database. With <c>kestrel: true</c> it listens on a
/// random loopback port so a browser can reach it.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private readonly TimeProvider? _clock;

    public PortalFactory(string connectionString, bool seedDemo = true, bool kestrel = false,
        IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        _clock = clock;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = connectionString,
            ["Seed:DemoDistrict"] = seedDemo ? "true" : "false",
            // The escalation job's passes would race the tests' own; the tests that need it turn it on.
            ["Escalation:Enabled"] = "false",
            // Likewise the dashboard's snapshots: figures are counted live unless a test turns them on.
            ["Dashboard:Snapshots:Enabled"] = "false",
            // Tests sign the same demo accounts in many times a minute; the limit itself is tested with the real figure.
            ["RateLimiting:LoginPermitLimit"] = "100000",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
        if (kestrel) UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: the friendly error page and production middleware are what is tested.
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // Keep test output to what matters: warnings and errors, not one line per request.
        builder.ConfigureLogging(l => l.AddFilter((_, level) => level >= LogLevel.Warning));
        if (_clock is not null) builder.ConfigureServices(s => s.AddSingleton(_clock));
    }

    /// <summary>For Kestrel hosts: the http://127.0.0.1:port address the server listens on.</summary>
    public string ServerAddress
    {
        get
        {
            StartServer();
            return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
    }

    /// <summary>
    /// An anonymous client. HTTPS, because outside Development the sign-in cookie is Secure and a
    /// cookie container would not send it over plain HTTP.
    /// </summary>
    public HttpClient CreatePortalClient() =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = true,
            BaseAddress = new Uri("https://localhost"),
        });

    /// <summary>A client signed in as one of the demo accounts (admin, leader, dispatcher, official, handler, enterprise).</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string? password = null)
    {
        var client = CreatePortalClient();
        var response = await SignInAsync(client, userName, password ?? DemoPassword);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}");
        return client;
    }

    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password) =>
        Forms.PostAsync(client, "/account/login", "login",
            [Forms.F("Input.UserName", userName), Forms.F("Input.Password", password)]);

    public const string DemoPassword = EnterpriseAid.Infrastructure.Seeding.DemoAccountsSeeder.Password;
}
