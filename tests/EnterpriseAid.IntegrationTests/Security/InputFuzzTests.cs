using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.TestSupport;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace EnterpriseAid.IntegrationTests.Security;

/// <summary>
/// Bad input on every form and endpoint. The routes are discovered from the endpoint data
/// sources, the forms from the pages that render them (so a new form is covered without
/// editing this test), and every user-settable field of every form gets every payload class.
/// Each answer must be below 500; a refusal must be a 4xx or the form shown again with a
/// Chinese message and must leave every business table as it was; a payload that was
/// accepted must come back HTML-encoded wherever a page shows it. A post without the
/// antiforgery token answers 400 on every POST route.
/// </summary>
public sealed partial class InputFuzzTests(PortalFixture portal, ITestOutputHelper output) : IClassFixture<PortalFixture>
{
    public enum PayloadClass { Empty, Overlong, WrongType, Negative, Overflow, PastDate, FutureDate, ControlCharacters, MixedScripts, Sql, Html }

    private const string Marker = "eafz";
    private const string HtmlPayload = "<script>alert('" + Marker + "')</script><img src=x onerror=alert('" + Marker + "')>";
    private static readonly string[] LiveMarkup = ["<script>alert('" + Marker, "<img src=x onerror=alert('" + Marker];

    /// <summary>
    /// POST endpoints that are not pages, are reached by no rendered form and read no JSON body
    /// (JSON endpoints are fuzzed property by property). Empty today. A new endpoint must be posted
    /// by a form the crawl finds, read JSON, or be listed here with the reason it needs neither.
    /// </summary>
    private static readonly Dictionary<string, string> PostEndpointsWithoutForm = new()
    {
    };

    private sealed record Failure(string What, string Detail);

    private sealed class Figures
    {
        public int Routes { get; set; }
        public int PostRoutes { get; set; }
        public int GetRoutesWithQuery { get; set; }
        public int QueryParameters { get; set; }
        public int Forms { get; set; }
        public int Fields { get; set; }
        public int FormInputs { get; set; }
        public int QueryInputs { get; set; }
        public int MissingTokenPosts { get; set; }
        public int Accepted { get; set; }
        public int Refused { get; set; }
        public int PagesCheckedForEncoding { get; set; }
        public int PagesShowingPayloadEncoded { get; set; }
        public Dictionary<string, int> InputsPerClass { get; } = [];
        public Dictionary<string, int> Failures { get; } = [];
        public double FormSeconds { get; set; }
        public double QuerySeconds { get; set; }
        public double Seconds { get; set; }
    }

    [Fact]
    public async Task Bad_input_on_every_form_and_endpoint_is_refused_cleanly_and_shown_inert()
    {
        var watch = Stopwatch.StartNew();
        var figures = new Figures();
        var failures = new List<Failure>();
        var routes = PortalRoute.Discover(portal.Factory.Services);
        var endpoints = EndpointsByPattern();
        figures.Routes = routes.Count;
        await RouteParameters.SeedAsync(portal);
        var parameters = new RouteParameters(portal.Database);
        await parameters.LoadAsync();
        var clients = new Dictionary<string, HttpClient>();
        async Task<HttpClient> ClientFor(string? user) =>
            clients.TryGetValue(user ?? "", out var c) ? c
                : clients[user ?? ""] = user is null ? portal.Factory.CreatePortalClient() : await portal.Factory.SignedInClientAsync(user);

        // 1. Every page the users can open, and the POST forms on it.
        var forms = new Dictionary<string, (HtmlForm Form, string? User, string Page)>();
        var pageUrls = new List<(string Url, string? User)>();
        foreach (var route in routes.Where(r => r.IsGet && IsPage(endpoints[r.Pattern])))
        {
            var user = RouteParameters.UserFor(route);
            var url = route.Url(p => parameters.For(route, p));
            pageUrls.Add((url, user));
            var client = await ClientFor(user);
            var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            foreach (var form in HtmlForms.Parse(await response.Content.ReadAsStringAsync(), url))
            {
                var key = FormKey(form);
                if (!forms.ContainsKey(key)) forms[key] = (form, user, url);
            }
        }

        // 3. No token, no effect: every POST route answers 400 and saves nothing.
        var postRoutes = routes.Where(r => r.IsPost && r.Pattern != "/status/{code:int}").ToList();
        figures.PostRoutes = postRoutes.Count;
        var state = new TableState(portal.Database.ConnectionString);
        await state.OpenAsync();
        foreach (var route in postRoutes)
        {
            var client = await ClientFor(RouteParameters.UserFor(route));
            var url = route.Url(p => parameters.For(route, p));
            var handler = forms.Values.FirstOrDefault(f => PathOf(f.Form.Action) == url).Form?.Handler ?? "form";
            var before = await state.ReadAsync();
            var response = await client.PostAsync(url, new FormUrlEncodedContent([new(HtmlForm.HandlerField, handler)]));
            figures.MissingTokenPosts++;
            // An endpoint that reads JSON (an API, no cookie form) refuses a form post by its content type; a form endpoint by its token.
            var refused = JsonBody(endpoints[route.Pattern]) is null ? response.StatusCode == HttpStatusCode.BadRequest : (int)response.StatusCode is >= 400 and < 500;
            if (!refused)
                failures.Add(new("missing token not refused", $"POST {url} without a token answered {(int)response.StatusCode}"));
            if (await state.ReadAsync() != before) failures.Add(new("saved without a token", $"POST {url}"));
        }

        // 4. Every field of every form, every payload class.
        var today = DateTime.UtcNow.AddHours(8);
        var current = await state.ReadAsync();
        // Forms a page shows only after an accepted post (the briefing's Word export after composing it) join the queue.
        var queue = new Queue<string>(forms.Keys.OrderBy(k => k, StringComparer.Ordinal));
        while (queue.TryDequeue(out var key))
        {
            var (form, user, page) = forms[key];
            figures.Forms++;
            var signsOut = PathOf(form.Action) == "/account/logout";
            var fields = form.UserFields.ToList();
            figures.Fields += fields.Count;
            var fuzzUser = PathOf(form.Action) == "/account/password" ? "cg.lina" : user;
            foreach (var field in fields)
            {
                foreach (var payloadClass in Enum.GetValues<PayloadClass>())
                {
                    // Signing out ends the session: each of those posts gets a fresh one (several accounts, to stay under the sign-in rate limit).
                    var client = signsOut ? await portal.Factory.SignedInClientAsync(Rotating(figures.FormInputs)) : await ClientFor(fuzzUser);
                    var token = form.Token ?? await TokenAsync(client, page);
                    if (signsOut || fuzzUser != user) token = await TokenAsync(client, page);
                    var response = await SendAsync(client, form, token, field, payloadClass, today);
                    var body = await response.Content.ReadAsStringAsync();
                    figures.FormInputs++;
                    figures.InputsPerClass[payloadClass.ToString()] = figures.InputsPerClass.GetValueOrDefault(payloadClass.ToString()) + 1;
                    var what = $"POST {form.Action} [{form.Handler}] {field.Name} ← {payloadClass}";
                    var outcome = Judge(response, body);
                    if (outcome == Outcome.ServerError) failures.Add(new("5xx", $"{what}: {(int)response.StatusCode}"));
                    else if (outcome == Outcome.RefusedWithoutMessage) failures.Add(new("refused without a Chinese message", $"{what}: {(int)response.StatusCode}"));
                    // One fingerprint a post: the one after the previous post is the one before this.
                    var after = await state.ReadAsync();
                    if (outcome == Outcome.Accepted && (int)response.StatusCode == 200)
                    {
                        foreach (var found in HtmlForms.Parse(body, form.Action).Where(f => !forms.ContainsKey(FormKey(f))))
                        {
                            forms[FormKey(found)] = (found, user, page);
                            queue.Enqueue(FormKey(found));
                        }
                    }
                    if (outcome == Outcome.Accepted) figures.Accepted++;
                    else
                    {
                        figures.Refused++;
                        if (after != current) failures.Add(new("half-saved", what));
                    }
                    current = after;
                    if (LiveMarkup.Any(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)))
                        failures.Add(new("payload shown as markup", what));
                }
            }
        }

        // 4b. Every POST route is reached by a form found above, is a page (checked for its token below), or is classified.
        foreach (var route in postRoutes.Where(r => !IsPage(endpoints[r.Pattern])))
        {
            var covered = forms.Values.Any(f => RouteRegex(route).IsMatch(PathOf(f.Form.Action))) || JsonBody(endpoints[route.Pattern]) is not null;
            if (!covered && !PostEndpointsWithoutForm.ContainsKey(route.Pattern))
                failures.Add(new("unclassified POST route", $"{route.Pattern}: no page renders a form that posts to it; classify it in {nameof(InputFuzzTests)}.{nameof(PostEndpointsWithoutForm)}"));
        }
        foreach (var form in forms.Values)
        {
            if (!postRoutes.Any(r => RouteRegex(r).IsMatch(PathOf(form.Form.Action))))
                failures.Add(new("form posts nowhere", $"{form.Page}: form {form.Form.Handler} posts to {form.Form.Action}, which no POST route matches"));
        }

        // 4c. Endpoints that read a JSON body (an API): every property of the body type gets every payload class, as a JSON string.
        foreach (var route in postRoutes.Where(r => JsonBody(endpoints[r.Pattern]) is not null))
        {
            var type = JsonBody(endpoints[route.Pattern])!;
            var client = await ClientFor(RouteParameters.UserFor(route));
            var url = route.Url(p => parameters.For(route, p));
            figures.Forms++;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                figures.Fields++;
                foreach (var payloadClass in Enum.GetValues<PayloadClass>())
                {
                    var body = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
                        .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p == property
                            ? (object)Payload(payloadClass, "text", null, today)[0] : JsonBase(p.PropertyType, today));
                    var response = await client.PostAsync(url, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
                    var text = await response.Content.ReadAsStringAsync();
                    figures.FormInputs++;
                    figures.InputsPerClass[payloadClass.ToString()] = figures.InputsPerClass.GetValueOrDefault(payloadClass.ToString()) + 1;
                    var what = $"POST {url} (JSON) {property.Name} ← {payloadClass}";
                    var after = await state.ReadAsync();
                    if ((int)response.StatusCode >= 500) failures.Add(new("5xx", $"{what}: {(int)response.StatusCode}"));
                    if ((int)response.StatusCode >= 400) { figures.Refused++; if (after != current) failures.Add(new("half-saved", what)); }
                    else figures.Accepted++;
                    current = after;
                    if (LiveMarkup.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)) && response.Content.Headers.ContentType?.MediaType == "text/html")
                        failures.Add(new("payload shown as markup", what));
                }
            }
        }

        // 5. Query parameters of GET routes: no state is compared, so three routes at a time.
        figures.FormSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
        var queryRoutes = new List<(string Url, HttpClient Client, IReadOnlyList<string> Names)>();
        foreach (var route in routes.Where(r => r.IsGet))
        {
            var names = QueryParameters(endpoints[route.Pattern]);
            if (names.Count == 0) continue;
            figures.GetRoutesWithQuery++;
            figures.QueryParameters += names.Count;
            queryRoutes.Add((route.Url(p => parameters.For(route, p)), await ClientFor(RouteParameters.UserFor(route)), names));
        }
        var queryFailures = new System.Collections.Concurrent.ConcurrentBag<Failure>();
        await Parallel.ForEachAsync(queryRoutes, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (q, ct) =>
        {
            foreach (var name in q.Names)
            {
                foreach (var payloadClass in Enum.GetValues<PayloadClass>())
                {
                    var query = string.Join("&", Payload(payloadClass, "text", null, today).Select(v => $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(v)}"));
                    var response = await q.Client.GetAsync($"{q.Url}?{query}", ct);
                    var body = await response.Content.ReadAsStringAsync(ct);
                    var what = $"GET {q.Url}?{name}= ← {payloadClass}";
                    if ((int)response.StatusCode >= 500) queryFailures.Add(new("5xx", $"{what}: {(int)response.StatusCode}"));
                    // Markup only where a browser renders it: a JSON or plain-text answer (sent with nosniff) stays text.
                    if (LiveMarkup.Any(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)) && response.Content.Headers.ContentType?.MediaType is "text/html" or null)
                        queryFailures.Add(new("payload shown as markup", what));
                }
            }
        });
        failures.AddRange(queryFailures);
        foreach (var payloadClass in Enum.GetValues<PayloadClass>())
            figures.InputsPerClass[payloadClass.ToString()] = figures.InputsPerClass.GetValueOrDefault(payloadClass.ToString()) + figures.QueryParameters;
        figures.QueryInputs = figures.QueryParameters * Enum.GetValues<PayloadClass>().Length;
        figures.QuerySeconds = Math.Round(watch.Elapsed.TotalSeconds - figures.FormSeconds, 1);

        // 6. What was accepted is shown inert: every page again, at the records used above and at the newest ones (what the fuzz created).
        await parameters.LoadAsync();
        var again = routes.Where(r => r.IsGet && IsPage(endpoints[r.Pattern]))
            .Select(r => (Url: r.Url(p => parameters.For(r, p)), User: RouteParameters.UserFor(r)));
        foreach (var (url, user) in pageUrls.Concat(again).Distinct())
        {
            var response = await (await ClientFor(user)).GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            figures.PagesCheckedForEncoding++;
            if ((int)response.StatusCode >= 500) failures.Add(new("5xx", $"GET {url} after the fuzz: {(int)response.StatusCode}"));
            if (LiveMarkup.Any(m => body.Contains(m, StringComparison.OrdinalIgnoreCase)))
                failures.Add(new("payload shown as markup", $"GET {url} as {user}"));
            if (body.Contains("&lt;script&gt;alert(", StringComparison.Ordinal)) figures.PagesShowingPayloadEncoded++;
        }

        await state.DisposeAsync();
        figures.Seconds = Math.Round(watch.Elapsed.TotalSeconds, 1);
        foreach (var g in failures.GroupBy(f => f.What)) figures.Failures[g.Key] = g.Count();
        WriteFigures("fuzz-figures.json", figures);
        foreach (var f in failures) output.WriteLine($"{f.What}: {f.Detail}");
        output.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));

        figures.Forms.ShouldBeGreaterThan(20, "the crawl should find the portal's forms");
        figures.PagesShowingPayloadEncoded.ShouldBeGreaterThan(0, "some accepted payload should be shown (encoded) somewhere, or the last check saw nothing");
        failures.Select(f => $"{f.What}: {f.Detail}").ToList().ShouldBeEmpty();
    }

    private enum Outcome { Accepted, Refused, RefusedWithoutMessage, ServerError }

    private static Outcome Judge(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) return Outcome.ServerError;
        if (status >= 400) return Chinese().IsMatch(body) ? Outcome.Refused : Outcome.RefusedWithoutMessage;
        if (status is >= 300 and < 400)
            return response.Headers.Location?.OriginalString.Contains("error=", StringComparison.Ordinal) == true ? Outcome.Refused : Outcome.Accepted;
        return ErrorShown().IsMatch(body) ? Outcome.Refused : Outcome.Accepted;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HtmlForm form, string token, HtmlField target,
        PayloadClass payloadClass, DateTime today)
    {
        var pairs = new List<KeyValuePair<string, string>> { new(HtmlForm.TokenField, token) };
        if (form.Handler is not null) pairs.Add(new(HtmlForm.HandlerField, form.Handler));
        var files = new List<(string Name, string FileName, byte[] Content)>();
        foreach (var group in form.Fields.Where(f => f.Name is not HtmlForm.TokenField and not HtmlForm.HandlerField).GroupBy(f => f.Name))
        {
            var field = group.First();
            if (field.Name == target.Name)
            {
                var values = Payload(payloadClass, field.Kind, field.MaxLength, today);
                // A file field gets the payload as its content and, as far as a header can carry it, as its name; empty means no file chosen.
                if (field.IsFile) files.AddRange(values.Where(v => v.Length > 0).Select(v => (field.Name, FileName(v), Encoding.UTF8.GetBytes(v))));
                else pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(field.Name, v)));
                continue;
            }
            if (field.IsFile) { files.Add((field.Name, "测试.csv", Encoding.UTF8.GetBytes("日期,类型\n"))); continue; }
            if (field.IsChoice)
            {
                // Checkboxes post when ticked; a radio group posts its ticked (or first) option.
                if (field.Kind == "radio") pairs.Add(new(field.Name, (group.FirstOrDefault(f => f.Checked) ?? field).Value));
                else pairs.AddRange(group.Where(f => f.Checked).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
                continue;
            }
            pairs.Add(new(field.Name, BaseValue(field, today)));
        }
        HttpContent content;
        if (form.Multipart)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (k, v) in pairs) multipart.Add(new StringContent(v), k);
            foreach (var (name, fileName, bytes) in files) multipart.Add(new ByteArrayContent(bytes), name, fileName);
            content = multipart;
        }
        else content = new FormUrlEncodedContent(pairs);
        return await client.PostAsync(form.Action, content);
    }

    private static string FileName(string payload) =>
        new string(payload.Where(c => c >= ' ' && c != '"').ToArray()) is { Length: > 0 } name ? name : "fuzz.csv";

    /// <summary>What a user would plausibly type into a field left empty, so that many posts get past "required".</summary>
    private static string BaseValue(HtmlField field, DateTime today)
    {
        if (field.Value.Length > 0) return field.Value;
        return field.Kind switch
        {
            "hidden" or "button" => "",
            "select" => field.Options.FirstOrDefault(o => o.Length > 0) ?? "",
            "number" => "1",
            "date" => today.ToString("yyyy-MM-dd"),
            "month" => today.ToString("yyyy-MM"),
            "datetime-local" => today.ToString("yyyy-MM-ddTHH:mm"),
            "email" => "fuzz@example.com",
            "tel" => "0371-12345678",
            "password" => PortalFactory.DemoPassword,
            "url" => "https://example.com/",
            _ => "测试内容",
        };
    }

    /// <summary>The values sent for a field (two for a wrong type on free text: a list where one value belongs).</summary>
    private static string[] Payload(PayloadClass payloadClass, string kind, int? maxLength, DateTime today)
    {
        var month = kind == "month";
        return payloadClass switch
        {
            PayloadClass.Empty => [""],
            PayloadClass.Overlong => [new string('长', Math.Min(10 * (maxLength ?? 400), 100_000))],
            PayloadClass.WrongType => kind is "text" or "textarea" or "search" or "password" or "email" or "tel" or "file"
                ? ["甲", "乙"] : ["非数字abc"],
            PayloadClass.Negative => ["-1"],
            PayloadClass.Overflow => ["99999999999999999999999999.99"],
            PayloadClass.PastDate => [month ? "0001-01" : "0001-01-01"],
            PayloadClass.FutureDate => [month ? "9999-12" : "9999-12-31"],
            PayloadClass.ControlCharacters => ["控制\u0000\u0001\u0007\u001b\u007f\u200b\u202e字符"],
            PayloadClass.MixedScripts => ["Ωμέγα мир 中文 ㄅㄆ 𠀀 עברית العربية 😀 ｆｕｌｌ"],
            PayloadClass.Sql => ["' OR '1'='1'; DROP TABLE enterprises; --"],
            PayloadClass.Html => [HtmlPayload],
            _ => throw new ArgumentOutOfRangeException(nameof(payloadClass)),
        };
    }

    private static string Rotating(int n) => new[] { "xh.liuzhiqiang", "xh.chenxiaoyan", "xh.wangjianguo", "xh.zhaominghui", "dh.sunpeng", "qs.zhoutao", "ll.wumin" }[n % 7];

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var m = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private static string FormKey(HtmlForm form) => RouteShape().Replace(PathOf(form.Action), "/N") + " " + form.Handler;

    private static string PathOf(string action) => action.Split('?', '#')[0];

    private static Regex RouteRegex(PortalRoute route) =>
        new("^" + Regex.Replace(Regex.Escape(route.Pattern).Replace("\\{", "{"), "{[^}]*}", "[^/]+") + "$");

    private Dictionary<string, Endpoint> EndpointsByPattern() =>
        portal.Factory.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .GroupBy(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToDictionary(g => g.Key, g => (Endpoint)g.First());

    /// <summary>The type of the JSON body an endpoint reads (an API endpoint), or null for a page or form endpoint.</summary>
    private static Type? JsonBody(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: { } type } accepts
        && accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase)) ? type : null;

    /// <summary>A plausible value of a JSON body property, so that the fuzzed property is what decides.</summary>
    private static object? JsonBase(Type type, DateTime today)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "测试内容";
        if (t == typeof(bool)) return false;
        if (t.IsPrimitive || t == typeof(decimal)) return 1;
        if (t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset)) return today.ToString("yyyy-MM-dd");
        if (t.IsEnum) return Enum.GetNames(t).FirstOrDefault();
        return null;
    }

    private static bool IsPage(Endpoint endpoint) => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    /// <summary>A page's [SupplyParameterFromQuery] properties; an endpoint's simple parameters that are not in the route.</summary>
    private static IReadOnlyList<string> QueryParameters(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is { } component)
        {
            return component.Type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Select(p => (p, a: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
                .Where(x => x.a is not null).Select(x => x.a!.Name ?? x.p.Name).Distinct().ToList();
        }
        if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } method || endpoint is not RouteEndpoint route) return [];
        var routeNames = route.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                names.AddRange(p.ParameterType.GetProperties().Where(x => IsSimple(x.PropertyType) && !routeNames.Contains(x.Name))
                    .Select(x => x.GetCustomAttribute<FromQueryAttribute>()?.Name ?? x.Name));
                continue;
            }
            if (p.GetCustomAttribute<FromServicesAttribute>() is not null || p.GetCustomAttribute<FromFormAttribute>() is not null) continue;
            if (!IsSimple(p.ParameterType) || routeNames.Contains(p.Name!)) continue;
            names.Add(p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!);
        }
        return names;
    }

    private static bool IsSimple(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateOnly) || t == typeof(DateTime)
            || t == typeof(DateTimeOffset) || t == typeof(Guid) || (t.IsArray && IsSimple(t.GetElementType()!));
    }

    internal static void WriteFigures(string fileName, object figures)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EnterpriseAid.sln"))) dir = dir.Parent;
        if (dir is null) return;
        var target = Path.Combine(dir.FullName, "artifacts", "test-results");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, fileName), JsonSerializer.Serialize(figures, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    [GeneratedRegex("[\u4e00-\u9fff]")]
    private static partial Regex Chinese();

    /// <summary>A validation message beside a field, a validation summary, or an error alert, in Chinese.</summary>
    [GeneratedRegex("(invalid-feedback d-block|validation-message|alert-danger|alert alert-warning)[^>]*>[^<]*[\u4e00-\u9fff]")]
    private static partial Regex ErrorShown();

    [GeneratedRegex("/\\d+")]
    private static partial Regex RouteShape();

    /// <summary>
    /// A fingerprint of every business table: row count and newest row version (xmin) per table,
    /// read in one round trip. Equal fingerprints mean nothing was inserted, updated or deleted.
    /// The audit log (account events are written on refused sign-ins) and housekeeping tables are left out.
    /// </summary>
    private sealed class TableState(string connectionString) : IAsyncDisposable
    {
        private static readonly string[] Ignored = ["audit_log", "data_protection_keys", "dashboard_snapshots", "escalation_runs", "schema_migrations"];
        private NpgsqlConnection _conn = null!;
        private string _sql = "";

        public async Task OpenAsync()
        {
            _conn = new NpgsqlConnection(connectionString);
            await _conn.OpenAsync();
            var tables = new List<string>();
            await using (var cmd = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name", _conn))
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
            }
            _sql = "SELECT " + string.Join(" || ", tables.Where(t => !Ignored.Contains(t)).Select(t =>
                $"(SELECT '{t}:' || count(*) || '/' || coalesce(max(xmin::text::bigint), 0) || ';' FROM \"{t}\")"));
        }

        public async Task<string> ReadAsync()
        {
            await using var cmd = new NpgsqlCommand(_sql, _conn);
            return (string)(await cmd.ExecuteScalarAsync())!;
        }

        public ValueTask DisposeAsync() => _conn.DisposeAsync();
    }
}
