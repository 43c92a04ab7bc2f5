using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EnterpriseAid.Infrastructure.DataProtection;
using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.TestSupport;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseAid.IntegrationTests.Hosting;

/// <summary>
/// Web nodes are stateless: two portals on one database (two "nodes") share the Data Protection
/// key ring, so what one protects (cookies, form tokens) the other reads, also after a restart.
/// </summary>
public sealed partial class DataProtectionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private readonly List<PortalFactory> _nodes = [];

    public async Task InitializeAsync() => _db = await TestPostgres.CreateDatabaseAsync("dp");

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await _db.DisposeAsync();
    }

    private PortalFactory StartNode(bool seedDemo = false)
    {
        var node = new PortalFactory(_db.ConnectionString, seedDemo);
        _nodes.Add(node);
        node.StartServer();
        return node;
    }

    private static IDataProtector Protector(PortalFactory node) =>
        node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("x");

    [Fact]
    public async Task A_value_protected_by_one_node_is_read_by_another_and_both_use_one_key_from_the_database()
    {
        var a = StartNode();
        var b = StartNode();

        var payload = Protector(a).Protect("助企");

        Protector(b).Unprotect(payload).ShouldBe("助企");
        Protector(b).Unprotect(Protector(b).Protect("back")).ShouldBe("back");
        // The first node made the key at start-up; the second found it instead of making its own.
        (await _db.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys")).ShouldBe(1);
        (await _db.ScalarAsync<string>("SELECT friendly_name FROM data_protection_keys")).ShouldStartWith("key-");
        XElement.Parse(await _db.ScalarAsync<string>("SELECT xml FROM data_protection_keys")).Name.LocalName.ShouldBe("key");
    }

    [Fact]
    public async Task Keys_survive_a_restart()
    {
        var a = StartNode();
        var payload = Protector(a).Protect("kept");
        _nodes.Remove(a);
        await a.DisposeAsync();

        var c = StartNode();

        Protector(c).Unprotect(payload).ShouldBe("kept");
        (await _db.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys")).ShouldBe(1);
    }

    [Fact]
    public async Task A_form_token_issued_by_one_node_is_accepted_by_another()
    {
        var a = StartNode();
        var b = StartNode();
        var fromA = Client(a);
        var toB = Client(b);

        var form = await fromA.GetAsync("/account/login");
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        var token = WebUtility.HtmlDecode(AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        var cookies = CookiesOf(form);
        token.ShouldNotBeEmpty();
        cookies.ShouldContain(".AspNetCore.Antiforgery.");

        // An empty sign-in form: a valid token gets the "enter your user name" message, not the expired-page 400.
        var accepted = await toB.SendAsync(Post("/account/login", cookies, token));
        var refused = await toB.SendAsync(Post("/account/login", cookies, "forged" + token));

        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await accepted.Content.ReadAsStringAsync()).ShouldContain("data-testid=\"login-error\"");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_user_signed_in_on_one_node_stays_signed_in_on_another()
    {
        var a = StartNode(seedDemo: true);
        var b = StartNode();
        var signIn = await PortalFactory.SignInAsync(RecordingClient(a, out var jar), "admin", PortalFactory.DemoPassword);
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var request = new HttpRequestMessage(HttpMethod.Get, "/enterprises");
        request.Headers.Add("Cookie", jar.GetCookieHeader(new Uri("https://localhost/")));
        var page = await Client(b).SendAsync(request);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void The_database_is_migrated_before_Data_Protection_loads_its_key_ring_at_start_up()
    {
        var node = new PortalFactory(_db.ConnectionString, seedDemo: false);
        _nodes.Add(node);

        // Hosted services start one after another in registration order; Data Protection's loads
        // (and on an empty table creates) the key ring, so the table must exist by then.
        var order = node.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();

        order.ShouldContain(nameof(DatabaseStartup));
        order.ShouldContain("DataProtectionHostedService");
        order.IndexOf(nameof(DatabaseStartup)).ShouldBeLessThan(order.IndexOf("DataProtectionHostedService"));
    }

    [Fact]
    public async Task The_repository_stores_an_element_once_and_reads_it_back()
    {
        await using var dataSource = _db.CreateDataSource();
        await new SqlMigrationRunner(dataSource, NullLogger<SqlMigrationRunner>.Instance).MigrateAsync();
        var repository = new PostgresXmlRepository(dataSource, NullLogger<PostgresXmlRepository>.Instance);

        repository.StoreElement(new XElement("key", new XAttribute("id", "1")), "key-1");
        repository.StoreElement(new XElement("key", new XAttribute("id", "2")), "key-1");
        repository.StoreElement(new XElement("revocation"), "");

        var elements = repository.GetAllElements();
        elements.Select(e => e.Name.LocalName).ShouldBe(["key", "revocation"]);
        elements.First().Attribute("id")!.Value.ShouldBe("1");
    }

    private static HttpClient Client(PortalFactory node) =>
        node.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri("https://localhost"),
        });

    private static HttpClient RecordingClient(PortalFactory node, out CookieContainer jar)
    {
        jar = new CookieContainer();
        return node.CreateDefaultClient(new Uri("https://localhost"), new CookieRecorder(jar));
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0])
            : []);

    private static HttpRequestMessage Post(string url, string cookies, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(
            [
                new("_handler", "login"), new("__RequestVerificationToken", token),
                new("Input.UserName", ""), new("Input.Password", ""),
            ]),
        };
        request.Headers.Add("Cookie", cookies);
        return request;
    }

    /// <summary>Keeps cookies like a browser, in a jar the test can read, and does not follow redirects.</summary>
    private sealed class CookieRecorder(CookieContainer jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var uri = request.RequestUri!;
            var header = jar.GetCookieHeader(uri);
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies) jar.SetCookies(uri, setCookie);
            }
            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
