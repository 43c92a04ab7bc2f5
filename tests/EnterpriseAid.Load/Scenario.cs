using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace EnterpriseAid.Load;

/// <summary>What the server confirmed: visits (with how many problems each), and per problem its status and timeline length.</summary>
public sealed class Ledger
{
    public sealed class Tracked(long id)
    {
        public long Id { get; } = id;
        public string Status { get; set; } = "Reported";
        public int Events { get; set; } = 1; // 登记
    }

    public ConcurrentDictionary<long, int> Visits { get; } = new();
    public ConcurrentDictionary<long, Tracked> Problems { get; } = new();
    public ConcurrentQueue<Tracked> ToDispatch { get; } = new();
    public ConcurrentQueue<Tracked> ToAccept { get; } = new();
    public ConcurrentQueue<Tracked> InProgress { get; } = new();
    private int _conflicts;
    private int _visitPostsUnanswered;
    /// <summary>Visit posts that got no answer (time-out, transport error, 5xx): the server may or may not have saved them.</summary>
    public int VisitPostsUnanswered => Volatile.Read(ref _visitPostsUnanswered);
    public void VisitPostUnanswered() => Interlocked.Increment(ref _visitPostsUnanswered);
    public int Conflicts => Volatile.Read(ref _conflicts);
    public void Conflict() => Interlocked.Increment(ref _conflicts);
}

/// <summary>
/// The mix each role runs. A problem is handed from role to role through the ledger's queues, so exactly
/// one person acts on it at a time and every action taken is legal: each is expected to be confirmed.
/// </summary>
public sealed partial class Scenario(LoadOptions options, Ledger ledger, Recorder recorder, long handlerDepartment)
{
    private static readonly string[] Categories = ["labor", "policy", "logistics", "approval", "energy"];
    private const string Stale = "已被他人更新";

    private static string ChinaToday => DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async Task RunAsync(VirtualUser user, Func<bool> go)
    {
        var random = new Random(unchecked((int)user.Account.Id * 7919));
        var seq = 0;
        while (go())
        {
            seq++;
            switch (user.Account.Role)
            {
                case LoadRole.Official:
                    var roll = random.Next(100);
                    if (roll < 35) await ListAsync(user, random, "/my/enterprises", "/problems", "/visits", "/my/tasks");
                    else if (roll < 60) await ExpectOkAsync(user, "detail", $"/enterprises/{Pick(random, user.Account.Enterprises)}");
                    else await LogVisitAsync(user, random, seq);
                    break;
                case LoadRole.Dispatcher:
                    if (random.Next(100) < 70 && ledger.ToDispatch.TryDequeue(out var reported))
                        await ActAsync(user, reported, "problem-dispatch", "Assigned", ledger.ToAccept,
                            [new("LeadId", handlerDepartment.ToString(CultureInfo.InvariantCulture)),
                             new("Deadline", DateTime.UtcNow.AddHours(8).AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))]);
                    else if (random.Next(2) == 0 && ledger.Problems.Keys.FirstOrDefault() is > 0 and var any)
                        await ExpectOkAsync(user, "detail", $"/problems/{any}");
                    else await ListAsync(user, random, "/problems?status=Reported", "/problems", "/my/tasks", "/supervision");
                    break;
                case LoadRole.Handler:
                    if (random.Next(100) < 70 && ledger.ToAccept.TryDequeue(out var assigned))
                        await ActAsync(user, assigned, "problem-accept", "InProgress", ledger.InProgress, []);
                    else if (random.Next(100) < 70 && ledger.InProgress.TryDequeue(out var open))
                    {
                        if (random.Next(100) < 70)
                            await ActAsync(user, open, "problem-noteprogress", "InProgress", ledger.InProgress,
                                [new("Text", $"LOAD {user.Account.UserName} {seq} 已与企业对接，正在协调办理")]);
                        else
                            await ActAsync(user, open, "problem-resolve", "Resolved", null, [new("Text", "LOAD 已协调解决")]);
                    }
                    else await ListAsync(user, random, "/my/tasks", "/problems");
                    break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next((int)options.ThinkMin.TotalMilliseconds, (int)options.ThinkMax.TotalMilliseconds + 1)));
        }
    }

    private Task ListAsync(VirtualUser user, Random random, params string[] pages) => ExpectOkAsync(user, "list", pages[random.Next(pages.Length)]);

    private async Task<VirtualUser.Reply?> ExpectOkAsync(VirtualUser user, string kind, string url)
    {
        var reply = await user.GetAsync(kind, url);
        if (reply is not null && reply.Status != HttpStatusCode.OK && (int)reply.Status < 500)
            recorder.Unexpected($"{(int)reply.Status} GET {url} as {user.Account.UserName}");
        return reply?.Status == HttpStatusCode.OK ? reply : null;
    }

    /// <summary>走访登记 on one of the official's enterprises; half of them raise a problem in the same form.</summary>
    private async Task LogVisitAsync(VirtualUser user, Random random, int seq)
    {
        var form = await ExpectOkAsync(user, "form", "/visits/new");
        if (form is null) return;
        var tag = $"LOAD {user.Account.UserName} {seq}";
        var withProblem = random.Next(2) == 0;
        List<KeyValuePair<string, string>> fields =
        [
            new("Model.Kind", "OnSite"), new("Model.VisitedOn", ChinaToday),
            new("Model.OfficialIds", user.Account.Id.ToString(CultureInfo.InvariantCulture)),
            new("Model.EnterpriseIds", Pick(random, user.Account.Enterprises).ToString(CultureInfo.InvariantCulture)),
            new("Model.Summary", tag + " 走访企业，了解生产经营情况。"),
        ];
        if (withProblem)
        {
            fields.AddRange([new("Model.ProblemRows[0].Category", Categories[random.Next(Categories.Length)]),
                new("Model.ProblemRows[0].Urgency", "ordinary"), new("Model.ProblemRows[0].Title", tag + " 问题"),
                new("Model.ProblemRows[0].Description", "企业反映用工、审批等方面的困难，希望协调解决。")]);
        }
        var reply = await user.PostFormAsync(withProblem ? "visit+problem" : "visit", "/visits/new", form.Body, "visit", fields);
        if (reply is null || (int)reply.Status >= 500)
        {
            ledger.VisitPostUnanswered();
            return;
        }
        var saved = reply.Location is { } location ? SavedVisit().Match(location) : Match.Empty;
        if (reply.Status != HttpStatusCode.Redirect || !saved.Success)
        {
            recorder.Unexpected($"visit not saved ({(int)reply.Status}) as {user.Account.UserName}: {Snippet(reply.Body)}");
            return;
        }
        var visitId = long.Parse(saved.Groups[1].Value, CultureInfo.InvariantCulture);
        ledger.Visits[visitId] = withProblem ? 1 : 0;
        if (!withProblem) return;
        // The confirmation page names the problem registered with the visit.
        var page = await ExpectOkAsync(user, "form", reply.Location!);
        var problem = page is null ? Match.Empty : ProblemId().Match(page.Body);
        if (!problem.Success) return; // counted by visit at the end all the same
        var tracked = new Ledger.Tracked(long.Parse(problem.Groups[1].Value, CultureInfo.InvariantCulture));
        ledger.Problems[tracked.Id] = tracked;
        ledger.ToDispatch.Enqueue(tracked);
    }

    /// <summary>One action from the problem page: read it (version and token), post the form, expect the redirect.</summary>
    private async Task ActAsync(VirtualUser user, Ledger.Tracked problem, string form, string status,
        ConcurrentQueue<Ledger.Tracked>? next, List<KeyValuePair<string, string>> fields)
    {
        var url = $"/problems/{problem.Id}";
        var page = await ExpectOkAsync(user, "detail", url);
        var version = page is null ? Match.Empty : Version().Match(page.Body);
        if (!version.Success)
        {
            if (page is not null) recorder.Unexpected($"no {form} form on {url} for {user.Account.UserName}");
            return; // the problem is dropped from the flow; its confirmed history stays as it was
        }
        var reply = await user.PostFormAsync("action", url, page!.Body, form, [new("Version", version.Groups[1].Value), .. fields]);
        if (reply is null || (int)reply.Status >= 500) return;
        if (reply.Status == HttpStatusCode.Redirect)
        {
            problem.Status = status;
            problem.Events++;
            next?.Enqueue(problem);
        }
        else if (WebUtility.HtmlDecode(reply.Body).Contains(Stale, StringComparison.Ordinal))
        {
            ledger.Conflict(); // refused as stale, nothing saved: try again later
            QueueOf(form).Enqueue(problem);
        }
        else recorder.Unexpected($"{form} on {url} refused ({(int)reply.Status}) for {user.Account.UserName}: {Snippet(reply.Body)}");
    }

    private ConcurrentQueue<Ledger.Tracked> QueueOf(string form) => form switch
    {
        "problem-dispatch" => ledger.ToDispatch,
        "problem-accept" => ledger.ToAccept,
        _ => ledger.InProgress,
    };

    private static long Pick(Random random, long[] from) => from[random.Next(from.Length)];

    private static string Snippet(string html)
    {
        var alerts = Alert().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value.Trim()));
        return string.Join(" | ", alerts).Trim() is { Length: > 0 } s ? s : html[..Math.Min(200, html.Length)];
    }

    [GeneratedRegex(@"saved=(\d+)")]
    private static partial Regex SavedVisit();

    [GeneratedRegex("data-problem-id=\"(\\d+)\"")]
    private static partial Regex ProblemId();

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex Version();

    [GeneratedRegex("(?:invalid-feedback d-block|alert alert-danger[^\"]*)\"[^>]*>([^<]+)<")]
    private static partial Regex Alert();
}
