using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using Xunit.Abstractions;

namespace EnterpriseAid.IntegrationTests.ScaleOut;

/// <summary>A fact that needs Debian's nginx (./test.sh installs it through scripts/prerequisites.sh test).</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (!File.Exists("/usr/sbin/nginx"))
            Skip = "nginx is not installed (/usr/sbin/nginx): apt-get install nginx-light, or run ./test.sh as root, which installs it";
    }
}

/// <summary>
/// The scale-out, proven (ADR-026): scripts/two-nodes.sh starts two real web nodes (separate processes) on one
/// database with nginx round-robin in front, no sticky sessions. Sign-in, form tokens and cookies made by one
/// node are accepted by the other; the escalation job runs once per cycle across both nodes; and when one node
/// is killed (kill -9) the other serves every request, at most after one client retry.
/// </summary>
public sealed partial class TwoNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int IntervalSeconds = 4;
    private TestDatabase _db = null!;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ea-two-nodes-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int[] _ports = FreePorts(3);
    private bool _started;

    public async Task InitializeAsync() => _db = await TestPostgres.CreateDatabaseAsync("twonodes");

    public async Task DisposeAsync()
    {
        if (_started) await ScriptAsync("stop");
        await _db.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [NginxFact]
    public async Task Two_nodes_behind_round_robin_nginx_share_sign_in_and_forms_run_each_escalation_cycle_once_and_survive_losing_one()
    {
        var clock = Stopwatch.StartNew();
        var (code, log) = await ScriptAsync("start");
        _started = true;
        code.ShouldBe(0, log);
        output.WriteLine($"nodes up after {clock.Elapsed.TotalSeconds:F1} s");
        var lb = new Uri($"http://127.0.0.1:{_ports[0]}");

        // 1. Signing in: the login form is fetched from one node and posted to the other, in both directions.
        var directions = new HashSet<string>();
        Browser signedIn = null!;
        for (var i = 0; i < 4; i++)
        {
            var browser = new Browser(lb);
            if (i % 2 == 1) await browser.SendAsync(HttpMethod.Get, "/health"); // shifts which node gets the form
            var (form, post) = await browser.PostFormAsync("/account/login", "login",
                [new("Input.UserName", "leader"), new("Input.Password", PortalFactory.DemoPassword)]);
            post.Status.ShouldBe(HttpStatusCode.Redirect, $"sign-in: form from {form.Node}, posted to {post.Node}");
            if (form.Node != post.Node) directions.Add($"{form.Node}→{post.Node}");
            signedIn = browser;
        }
        directions.ShouldBe(["node-a→node-b", "node-b→node-a"], ignoreOrder: true);

        // 2. The auth cookie one node issued is valid on both.
        var pages = new List<Answer>();
        for (var i = 0; i < 4; i++) pages.Add(await signedIn.SendAsync(HttpMethod.Get, "/problems"));
        pages.ShouldAllBe(p => p.Status == HttpStatusCode.OK);
        pages.Select(p => p.Node).Distinct().ShouldBe(["node-a", "node-b"], ignoreOrder: true);

        // 3. A form that changes something, fetched from one node and posted to the other; the new password then
        // signs in (through whichever node answers).
        var password = PortalFactory.DemoPassword;
        var crossed = false;
        for (var attempt = 0; attempt < 3 && !crossed; attempt++)
        {
            var next = $"Nodes@2026x{attempt}";
            var (form, post) = await signedIn.PostFormAsync("/account/password", "change-password",
                [new("Input.CurrentPassword", password), new("Input.NewPassword", next), new("Input.ConfirmPassword", next)]);
            post.Status.ShouldBe(HttpStatusCode.OK);
            Forms.ValidationMessages(post.Body).ShouldBeEmpty();
            password = next;
            crossed = form.Node != post.Node;
            if (!crossed) signedIn = await SignInAsync(lb, "leader", password);
        }
        crossed.ShouldBeTrue("the password form was never posted to the node other than the one that rendered it");
        var again = new Browser(lb);
        (await again.PostFormAsync("/account/login", "login", [new("Input.UserName", "leader"), new("Input.Password", password)]))
            .Post.Status.ShouldBe(HttpStatusCode.Redirect);

        // 4. The escalation job: every node tries each interval, one pass per cycle across both. Counted from now, when
        // both nodes are up and warm (a node's first pass after start-up can take seconds on a loaded machine).
        var since = await _db.ScalarAsync<DateTime>("SELECT clock_timestamp()");
        var runs = await EscalationRunsAsync(since, minimum: 4, TimeSpan.FromSeconds(90));
        output.WriteLine("escalation passes: " + string.Join(", ", runs.Select(r => $"{r.At:HH:mm:ss.fff} {r.Node}")));
        runs.Count.ShouldBeGreaterThanOrEqualTo(4);
        runs.Select(r => r.Node).ShouldAllBe(n => n == "node-a" || n == "node-b");
        for (var i = 1; i < runs.Count; i++)
        {
            var gap = (runs[i].At - runs[i - 1].At).TotalSeconds;
            // No two passes in one cycle (the runner refuses a pass within half an interval of the last) ...
            gap.ShouldBeGreaterThanOrEqualTo(IntervalSeconds / 2.0 - 0.05, $"passes {i - 1} and {i}");
            // ... and no cycle without one (generous: the machine may be loaded).
            gap.ShouldBeLessThanOrEqualTo(IntervalSeconds * 2.5, $"passes {i - 1} and {i}");
        }
        // On average one pass per interval over the whole span, whichever node made it.
        var span = (runs[^1].At - runs[0].At).TotalSeconds;
        (runs.Count - 1).ShouldBeLessThanOrEqualTo((int)(span / IntervalSeconds) + 1, $"{runs.Count} passes in {span:F1} s");
        foreach (var port in _ports.Skip(1))
            (await new Browser(new Uri($"http://127.0.0.1:{port}")).SendAsync(HttpMethod.Get, "/health")).Status.ShouldBe(HttpStatusCode.OK);

        // 5. kill -9 node-a while a client keeps asking; each failed request is retried once.
        var victim = Process.GetProcessById(int.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "node-a.pid"))));
        var results = new List<(Answer Answer, bool Retried, bool AfterKill)>();
        var killed = false;
        var loop = Stopwatch.StartNew();
        while (loop.Elapsed < TimeSpan.FromSeconds(6) || results.Count < 20)
        {
            if (!killed && loop.Elapsed > TimeSpan.FromSeconds(1.5))
            {
                victim.Kill();
                killed = true;
            }
            var retried = false;
            var answer = await signedIn.TrySendAsync(HttpMethod.Get, "/problems");
            if (answer.Status != HttpStatusCode.OK)
            {
                retried = true;
                answer = await signedIn.TrySendAsync(HttpMethod.Get, "/problems");
            }
            results.Add((answer, retried, killed));
        }
        await victim.WaitForExitAsync();
        var retries = results.Count(r => r.Retried);
        output.WriteLine($"{results.Count} requests while node-a was killed, {retries} needed the retry, " +
                         $"{results.Count(r => r.Answer.Status != HttpStatusCode.OK)} failed after it; total {clock.Elapsed.TotalSeconds:F1} s");
        results.ShouldAllBe(r => r.Answer.Status == HttpStatusCode.OK);
        results.Where(r => r.AfterKill).Skip(1).ShouldAllBe(r => r.Answer.Node == "node-b");
        results.Count(r => r.AfterKill).ShouldBeGreaterThan(5);
        retries.ShouldBeLessThanOrEqualTo(2);
    }

    private static async Task<Browser> SignInAsync(Uri lb, string user, string password)
    {
        var browser = new Browser(lb);
        (await browser.PostFormAsync("/account/login", "login", [new("Input.UserName", user), new("Input.Password", password)]))
            .Post.Status.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private async Task<List<(DateTime At, string Node)>> EscalationRunsAsync(DateTime since, int minimum, TimeSpan timeout)
    {
        await using var source = _db.CreateDataSource();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var runs = new List<(DateTime, string)>();
            await using var cmd = source.CreateCommand(
                "SELECT started_at, node FROM escalation_runs WHERE started_at >= @since ORDER BY started_at");
            cmd.Parameters.AddWithValue("since", DateTime.SpecifyKind(since, DateTimeKind.Utc));
            await using (var reader = await cmd.ExecuteReaderAsync())
                while (await reader.ReadAsync()) runs.Add((reader.GetDateTime(0), reader.GetString(1)));
            if (runs.Count >= minimum || deadline.Elapsed > timeout) return runs;
            await Task.Delay(500);
        }
    }

    private async Task<(int Code, string Log)> ScriptAsync(string verb)
    {
        var root = RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "two-nodes.sh"), verb])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = start.Environment;
        env["ConnectionStrings__Default"] = _db.ConnectionString;
        env["EA_LB_PORT"] = _ports[0].ToString();
        env["EA_NODE_PORTS"] = $"{_ports[1]} {_ports[2]}";
        env["EA_TWO_NODES_DIR"] = _dir;
        env["EA_NO_BUILD"] = "1";
        env["EA_WEB_CONFIGURATION"] = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        env["Seed__DemoDistrict"] = "true";
        env["Escalation__IntervalSeconds"] = IntervalSeconds.ToString();
        env["Escalation__StartDelaySeconds"] = "1";
        env["Dashboard__Snapshots__Enabled"] = "false";
        env["Serilog__MinimumLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var log = await stdout + await stderr;
        output.WriteLine($"two-nodes.sh {verb}: {log.Trim()}");
        return (process.ExitCode, log);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "scripts", "two-nodes.sh"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("scripts/two-nodes.sh not found above " + AppContext.BaseDirectory);
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    public sealed record Answer(HttpStatusCode Status, string? Node, string Body);

    /// <summary>
    /// A client with its own cookie jar. The auth cookie is Secure outside Development, which HttpClient's cookie
    /// container would not send over the plain-HTTP loopback, so cookies are kept here as a browser behind TLS would.
    /// </summary>
    private sealed partial class Browser(Uri baseAddress)
    {
        private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        private readonly Dictionary<string, string> _cookies = [];

        public async Task<Answer> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            using var response = await _http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                foreach (var header in setCookies)
                {
                    var pair = header.Split(';')[0];
                    var eq = pair.IndexOf('=');
                    var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
                    if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) _cookies.Remove(name);
                    else _cookies[name] = value;
                }
            var node = response.Headers.TryGetValues("X-EA-Node", out var nodes) ? nodes.First() : null;
            return new Answer(response.StatusCode, node, await response.Content.ReadAsStringAsync());
        }

        /// <summary>Like <see cref="SendAsync"/>, but a failed connection is an answer (status 0), not an exception.</summary>
        public async Task<Answer> TrySendAsync(HttpMethod method, string path)
        {
            try
            {
                return await SendAsync(method, path);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                return new Answer(0, null, ex.Message);
            }
        }

        /// <summary>GET the page, take its antiforgery token, POST the named form: two requests, possibly two nodes.</summary>
        public async Task<(Answer Form, Answer Post)> PostFormAsync(string path, string formName, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var page = await SendAsync(HttpMethod.Get, path);
            page.Status.ShouldBe(HttpStatusCode.OK, $"GET {path}");
            var token = Token().Match(page.Body);
            token.Success.ShouldBeTrue($"no antiforgery token on {path}");
            var post = await SendAsync(HttpMethod.Post, path,
            [
                new("_handler", formName),
                new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)),
                .. fields,
            ]);
            return (page, post);
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex Token();
    }
}
