using System.Diagnostics;
using System.Text.Json;
using EnterpriseAid.Infrastructure.Seeding;
using EnterpriseAid.Load;
using Npgsql;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var total = Stopwatch.StartNew();
await using var db = NpgsqlDataSource.Create(options.Database);
var (accounts, department) = await LoadAccounts.CreateAsync(db, options.Users);
Console.WriteLine($"load: {accounts.Count} accounts ({accounts.Count(a => a.Role == LoadRole.Official)} officials, " +
                  $"{accounts.Count(a => a.Role == LoadRole.Dispatcher)} dispatchers, {accounts.Count(a => a.Role == LoadRole.Handler)} handlers)");

using var http = new HttpClient(new SocketsHttpHandler
{
    UseCookies = false,
    AllowAutoRedirect = false,
    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
})
{ BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };

var recorder = new Recorder();
var ledger = new Ledger();
var window = new Stopwatch();
var startCount = 0;
Verification.Result? check = null;
var users = accounts.Select(a => new VirtualUser(a, http, recorder)).ToList();
var signIn = Stopwatch.StartNew();
var signedIn = 0;
await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, _) =>
{
    if (await user.SignInAsync(DemoAccountsSeeder.Password)) Interlocked.Increment(ref signedIn);
    else recorder.Unexpected($"sign-in failed for {user.Account.UserName}");
});
Console.WriteLine($"load: {signedIn} users signed in in {signIn.Elapsed.TotalSeconds:F1} s");
if (signedIn != users.Count) return Report(1);

var scenario = new Scenario(options, ledger, recorder, department);
startCount = recorder.Count;
window.Start();
bool Go() => window.Elapsed < options.Duration && recorder.Count - startCount < options.MaxRequests;
await Task.WhenAll(users.Select(u => Task.Run(() => scenario.RunAsync(u, Go))));
window.Stop();

// The count: what the server confirmed against what the database holds.
check = await Verification.RunAsync(db, ledger);
return Report(recorder.Errors.Count == 0 && check.Lost == 0 && check.Duplicated == 0 && check.Mismatched == 0 ? 0 : 1);

int Report(int exitCode)
{
    var figures = new
    {
        users = users.Count,
        seconds = Math.Round(window.Elapsed.TotalSeconds, 1),
        thinkMs = $"{options.ThinkMin.TotalMilliseconds}-{options.ThinkMax.TotalMilliseconds}",
        requests = recorder.Count - startCount,
        requestsPerSecond = window.Elapsed.TotalSeconds == 0 ? 0 : Math.Round((recorder.Count - startCount) / window.Elapsed.TotalSeconds, 1),
        errors = recorder.Errors.Count,
        firstErrors = recorder.Errors.Take(20).ToList(),
        latencyMs = recorder.Figures(kind => kind != "signin"),
        writes = new
        {
            visitsConfirmed = ledger.Visits.Count,
            problemsConfirmed = ledger.Visits.Values.Sum(),
            problemActionsConfirmed = ledger.Problems.Values.Sum(p => p.Events - 1),
            conflictsRefused = ledger.Conflicts,
            lost = check?.Lost, duplicated = check?.Duplicated, mismatched = check?.Mismatched,
            visitPostsUnanswered = ledger.VisitPostsUnanswered, savedButUnconfirmed = check?.SavedUnconfirmed, notes = check?.Notes,
        },
        setupAndCheckSeconds = Math.Round(total.Elapsed.TotalSeconds - window.Elapsed.TotalSeconds, 1),
    };
    var json = JsonSerializer.Serialize(figures, new JsonSerializerOptions
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
    File.WriteAllText(options.Output, json);
    Console.WriteLine(json);
    Console.WriteLine(exitCode == 0 ? "load: PASS" : "load: FAIL (errors, lost, duplicated or mismatched writes above)");
    return exitCode;
}
