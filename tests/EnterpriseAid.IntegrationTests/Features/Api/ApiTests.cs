using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseAid.Infrastructure.Api;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Api;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Api;

/// <summary>/api/v1 as the 12345 hotline uses it: keys, scope, idempotent pushes, status, changes, audit, limits.</summary>
public sealed class ApiTests(ApiTests.Fixture fx) : IClassFixture<ApiTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public PortalFixture Portal { get; } = new();
        /// <summary>An enterprise of 城关街道 (XH-T01) and one of another town of the district.</summary>
        public (long Id, string Uscc) TownA { get; private set; }
        public (long Id, string Uscc) TownB { get; private set; }
        public long TownAUnit { get; private set; }
        public long TownBUnit { get; private set; }

        public async Task InitializeAsync()
        {
            await Portal.InitializeAsync();
            var db = Portal.Database;
            TownAUnit = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
            TownBUnit = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'");
            TownA = await EnterpriseAsync(TownAUnit);
            TownB = await EnterpriseAsync(TownBUnit);
        }

        private async Task<(long, string)> EnterpriseAsync(long town)
        {
            var id = await Portal.Database.ScalarAsync<long>($"SELECT id FROM enterprises WHERE town_id = {town} ORDER BY id LIMIT 1");
            return (id, await Portal.Database.ScalarAsync<string>($"SELECT uscc FROM enterprises WHERE id = {id}"));
        }

        /// <summary>Issues a key the way the administrator's page does.</summary>
        public async Task<(long ClientId, string Key)> IssueAsync(long region, bool write, string name = "12345热线")
        {
            using var scope = Portal.Factory.Services.CreateScope();
            var result = await scope.ServiceProvider.GetRequiredService<ApiClientCommands>().IssueAsync(new ApiClientFormModel
            {
                Name = name, RegionId = region.ToString(), Access = write ? ApiClientCommands.WriteAccess : ApiClientCommands.ReadAccess,
            });
            var key = result.ShouldBeOfType<ApiClientIssueResult.Issued>().Key;
            var prefix = ApiClient.PrefixOf(key);
            return (await Portal.Database.ScalarAsync<long>($"SELECT id FROM api_clients WHERE key_prefix = '{prefix}'"), key);
        }

        public HttpClient Client(string? key, bool header = false)
        {
            var client = Portal.Factory.CreatePortalClient();
            if (key is null) return client;
            if (header) client.DefaultRequestHeaders.Add("X-Api-Key", key);
            else client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        public Task DisposeAsync() => Portal.DisposeAsync();
    }

    private static object Push(string uscc, string description = "企业反映用电报装迟迟未办理，影响新生产线投产", string? reference = "GD20261207001") => new
    {
        uscc, category = "energy", description, sourceSystem = "12345政务服务便民热线", reporterContact = "王先生 138****0000", externalReference = reference,
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/problems") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var json = await JsonAsync(response);
        json.GetProperty("status").GetInt32().ShouldBe((int)status);
        json.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        json.GetProperty("detail").GetString()!.ShouldMatch("\\p{IsCJKUnifiedIdeographs}");
    }

    [Fact]
    public async Task Creating_with_the_same_idempotency_key_twice_makes_one_problem()
    {
        var (_, key) = await fx.IssueAsync(fx.TownAUnit, write: true);
        var client = fx.Client(key);
        var idempotencyKey = Guid.NewGuid().ToString();
        var before = await fx.Portal.Database.ScalarAsync<long>("SELECT count(*) FROM problems");

        var first = await PostAsync(client, Push(fx.TownA.Uscc), idempotencyKey);
        var second = await PostAsync(client, Push(fx.TownA.Uscc), idempotencyKey);

        first.StatusCode.ShouldBe(HttpStatusCode.Created, await first.Content.ReadAsStringAsync());
        second.StatusCode.ShouldBe(HttpStatusCode.Created);
        var created = await JsonAsync(first);
        var id = created.GetProperty("id").GetInt64();
        (await JsonAsync(second)).GetProperty("id").GetInt64().ShouldBe(id);
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/problems/{id}");
        second.Headers.Location!.ToString().ShouldBe($"/api/v1/problems/{id}");
        second.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await fx.Portal.Database.ScalarAsync<long>("SELECT count(*) FROM problems")).ShouldBe(before + 1);

        // The same key with another body is a mistake of the caller's, not a new problem.
        var different = await PostAsync(client, Push(fx.TownA.Uscc, "另一个问题：招工难，缺少熟练焊工"), idempotencyKey);
        await ShouldBeProblemAsync(different, HttpStatusCode.UnprocessableEntity);
        (await fx.Portal.Database.ScalarAsync<long>("SELECT count(*) FROM problems")).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_pushed_problem_goes_through_the_portal_workflow_and_names_its_source()
    {
        var (clientId, key) = await fx.IssueAsync(fx.TownAUnit, write: true, name: "热线平台");
        var response = await PostAsync(fx.Client(key), Push(fx.TownA.Uscc, reference: "GD-77"), Guid.NewGuid().ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var json = await JsonAsync(response);
        json.GetProperty("number").GetString()!.ShouldMatch(@"^\d{4}-\d{6}$");
        json.GetProperty("status").GetString().ShouldBe("Reported");
        json.GetProperty("statusName").GetString().ShouldBe("登记");
        json.GetProperty("title").GetString().ShouldBe("企业反映用电报装迟迟未办理，影响新生产线投产");
        json.GetProperty("enterprise").GetProperty("uscc").GetString().ShouldBe(fx.TownA.Uscc);
        json.GetProperty("source").GetProperty("externalReference").GetString().ShouldBe("GD-77");
        json.GetProperty("registeredAt").GetString()!.ShouldEndWith("+08:00");
        var registered = json.GetProperty("timeline")[0];
        registered.GetProperty("kind").GetString().ShouldBe("Registered");
        registered.GetProperty("summary").GetString()!.ShouldContain("12345政务服务便民热线");
        registered.GetProperty("summary").GetString()!.ShouldContain("热线");

        var id = json.GetProperty("id").GetInt64();
        (await fx.Portal.Database.ScalarAsync<string>($"SELECT source FROM problems WHERE id = {id}")).ShouldBe("Hotline");
        (await fx.Portal.Database.ScalarAsync<string>($"SELECT u.display_name FROM problems p JOIN users u ON u.id = p.registered_by_user_id WHERE p.id = {id}"))
            .ShouldBe("热线平台");
        // Readable by number too, and the staff see it in the portal.
        var byNumber = await fx.Client(key).GetAsync($"/api/v1/problems/{json.GetProperty("number").GetString()}");
        (await JsonAsync(byNumber)).GetProperty("id").GetInt64().ShouldBe(id);
        var admin = await fx.Portal.Factory.SignedInClientAsync("admin");
        (await admin.GetStringAsync($"/problems/{id}")).ShouldContain("12345政务服务便民热线");

        // Every call is audited: client, endpoint, status, problem.
        var audit = await fx.Portal.Database.ScalarAsync<string>(
            $"SELECT string_agg(detail, ' | ' ORDER BY id) FROM audit_log WHERE action = 'ApiCall' AND entity_id = '{clientId}'");
        audit.ShouldContain($"POST /api/v1/problems → 201 problem={id}");
        audit.ShouldContain($"GET /api/v1/problems/{json.GetProperty("number").GetString()} → 200 problem={id}");
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var (clientId, key) = await fx.IssueAsync(fx.TownAUnit, write: false);
        var client = fx.Client(key, header: true);
        (await client.GetAsync("/api/v1/problems/changes?since=2020-01-01T00:00:00%2B08:00")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var scope = fx.Portal.Factory.Services.CreateScope())
        {
            var version = await fx.Portal.Database.ScalarAsync<long>($"SELECT xmin::text::bigint FROM api_clients WHERE id = {clientId}");
            (await scope.ServiceProvider.GetRequiredService<ApiClientCommands>().RevokeAsync(clientId, (uint)version)).ShouldBeTrue();
        }

        var refused = await client.GetAsync("/api/v1/problems/changes?since=2020-01-01T00:00:00%2B08:00");
        await ShouldBeProblemAsync(refused, HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        (await fx.Portal.Database.ScalarAsync<string>(
            $"SELECT detail FROM audit_log WHERE action = 'ApiCall' AND entity_id IS NULL AND detail LIKE '%key={ApiClient.PrefixOf(key)}%' ORDER BY id DESC LIMIT 1"))
            .ShouldContain("→ 401");
    }

    [Fact]
    public async Task A_key_scoped_to_town_A_cannot_read_town_B_problems()
    {
        var (_, writerB) = await fx.IssueAsync(fx.TownBUnit, write: true);
        var pushed = await JsonAsync(await PostAsync(fx.Client(writerB), Push(fx.TownB.Uscc, "乙镇企业反映道路施工影响物流"), Guid.NewGuid().ToString()));
        var id = pushed.GetProperty("id").GetInt64();
        var number = pushed.GetProperty("number").GetString()!;
        var (_, readerA) = await fx.IssueAsync(fx.TownAUnit, write: true);
        var a = fx.Client(readerA);

        await ShouldBeProblemAsync(await a.GetAsync($"/api/v1/problems/{id}"), HttpStatusCode.NotFound);
        var byNumber = await a.GetAsync($"/api/v1/problems/{number}");
        await ShouldBeProblemAsync(byNumber, HttpStatusCode.NotFound);
        (await byNumber.Content.ReadAsStringAsync()).ShouldNotContain("乙镇企业");
        var changes = await a.GetStringAsync("/api/v1/problems/changes?since=2000-01-01T00:00:00%2B08:00&limit=500");
        changes.ShouldNotContain(number);
        // Nor push into town B: the enterprise reads as unknown.
        var push = await PostAsync(a, Push(fx.TownB.Uscc), Guid.NewGuid().ToString());
        await ShouldBeProblemAsync(push, HttpStatusCode.BadRequest);
        (await JsonAsync(push)).GetProperty("errors").GetProperty("uscc")[0].GetString()!.ShouldContain("统一社会信用代码");
        // The key of town B reads its own.
        (await fx.Client(writerB).GetAsync($"/api/v1/problems/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_read_only_key_may_not_push_and_bad_input_is_named_field_by_field()
    {
        var (_, reader) = await fx.IssueAsync(fx.TownAUnit, write: false);
        await ShouldBeProblemAsync(await PostAsync(fx.Client(reader), Push(fx.TownA.Uscc), "k1"), HttpStatusCode.Forbidden);

        var (_, writer) = await fx.IssueAsync(fx.TownAUnit, write: true);
        await ShouldBeProblemAsync(await PostAsync(fx.Client(writer), Push(fx.TownA.Uscc), null), HttpStatusCode.BadRequest);
        var bad = await PostAsync(fx.Client(writer), new { uscc = "123", category = "nonsense", description = "", sourceSystem = "" }, "k2");
        await ShouldBeProblemAsync(bad, HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        errors.GetProperty("uscc")[0].GetString().ShouldBe("请填写有效的18位统一社会信用代码");
        errors.GetProperty("category")[0].GetString()!.ShouldStartWith("问题类别应为");
        errors.GetProperty("description")[0].GetString().ShouldBe("请填写问题描述");
        errors.GetProperty("sourceSystem")[0].GetString().ShouldBe("请填写来源系统名称");
        var notJson = new HttpRequestMessage(HttpMethod.Post, "/api/v1/problems") { Content = new StringContent("{oops", System.Text.Encoding.UTF8, "application/json") };
        notJson.Headers.Add("Idempotency-Key", "k3");
        await ShouldBeProblemAsync(await fx.Client(writer).SendAsync(notJson), HttpStatusCode.BadRequest);
        await ShouldBeProblemAsync(await fx.Client(writer).GetAsync("/api/v1/problems/changes?since=yesterday"), HttpStatusCode.BadRequest);
        await ShouldBeProblemAsync(await fx.Client(writer).GetAsync("/api/v1/problems/changes?cursor=zz"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Cookies_do_not_reach_the_API_and_keys_do_not_reach_pages()
    {
        var browser = await fx.Portal.Factory.SignedInClientAsync("admin");
        await ShouldBeProblemAsync(await browser.GetAsync("/api/v1/problems/changes?since=2020-01-01T00:00:00Z"), HttpStatusCode.Unauthorized);
        await ShouldBeProblemAsync(await fx.Client(null).GetAsync("/api/v1/problems/1"), HttpStatusCode.Unauthorized);
        await ShouldBeProblemAsync(await fx.Client("ea_nonsense_key").GetAsync("/api/v1/problems/1"), HttpStatusCode.Unauthorized);

        var (_, key) = await fx.IssueAsync(fx.TownAUnit, write: true);
        var page = await fx.Client(key).GetAsync("/problems");
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/account/login");
        (await fx.Client(key, header: true).GetAsync($"/enterprises/{fx.TownA.Id}")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Changes_are_paged_in_a_stable_order_with_a_cursor_to_poll_again()
    {
        var (_, key) = await fx.IssueAsync(fx.TownAUnit, write: true);
        var client = fx.Client(key);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
            ids.Add((await JsonAsync(await PostAsync(client, Push(fx.TownA.Uscc, $"第{i}个同步测试问题"), Guid.NewGuid().ToString()))).GetProperty("id").GetInt64());

        var seen = new List<long>();
        var url = $"/api/v1/problems/changes?since={Uri.EscapeDataString(since.ToString("O"))}&limit=2";
        string? cursor = null;
        for (var page = 0; page < 5; page++)
        {
            var json = await JsonAsync(await client.GetAsync(url));
            seen.AddRange(json.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()));
            cursor = json.GetProperty("nextCursor").GetString();
            if (!json.GetProperty("hasMore").GetBoolean()) break;
            url = $"/api/v1/problems/changes?cursor={cursor}&limit=2";
        }

        seen.Where(ids.Contains).ShouldBe(ids);
        // Nothing new: the same cursor comes back, ready for the next poll.
        var idle = await JsonAsync(await client.GetAsync($"/api/v1/problems/changes?cursor={cursor}"));
        idle.GetProperty("items").GetArrayLength().ShouldBe(0);
        idle.GetProperty("nextCursor").GetString().ShouldBe(cursor);
    }

    [Fact]
    public async Task Too_many_calls_answer_429_with_retry_after()
    {
        var (_, key) = await fx.IssueAsync(fx.TownAUnit, write: false);
        await using var limited = new PortalFactory(fx.Portal.Database.ConnectionString, seedDemo: false,
            settings: new Dictionary<string, string?> { ["Api:RateLimit:PermitLimit"] = "2", ["Api:RateLimit:WindowSeconds"] = "3600" });
        var client = limited.CreatePortalClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        for (var i = 0; i < 2; i++) (await client.GetAsync("/api/v1/problems/changes?since=2026-01-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await client.GetAsync("/api/v1/problems/changes?since=2026-01-01T00:00:00Z");

        await ShouldBeProblemAsync(refused, (HttpStatusCode)429);
        int.Parse(refused.Headers.GetValues("Retry-After").Single()).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_only_the_API()
    {
        var response = await fx.Client(null).GetAsync("/api/v1/openapi.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await JsonAsync(response);
        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldBe(["/api/v1/problems", "/api/v1/problems/changes", "/api/v1/problems/{idOrNumber}"], ignoreOrder: true);
        json.GetProperty("components").GetProperty("schemas").TryGetProperty("ApiProblemCreate", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task The_administrator_issues_a_key_shown_once_and_revokes_it_on_the_page()
    {
        var admin = await fx.Portal.Factory.SignedInClientAsync("admin");
        var invalid = await Forms.PostAsync(admin, "/admin/api-clients", "api-client-issue", [Forms.F("Model.Name", ""), Forms.F("Model.Access", "write")]);
        Forms.ValidationMessages(await invalid.Content.ReadAsStringAsync()).ShouldBe(["请填写调用方名称", "请选择密钥可访问的区域"]);

        var issued = await Forms.PostAsync(admin, "/admin/api-clients", "api-client-issue",
            [Forms.F("Model.Name", "园区服务平台"), Forms.F("Model.RegionId", fx.TownAUnit.ToString()), Forms.F("Model.Access", "read")]);
        var html = await issued.Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"key\">([^<]+)<").Groups[1].Value;
        key.ShouldStartWith("ea_");
        (await fx.Client(key).GetAsync("/api/v1/problems/changes?since=2026-01-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Shown once: the list shows the prefix only, and the database holds a hash.
        var list = await admin.GetStringAsync("/admin/api-clients");
        list.ShouldNotContain(key);
        list.ShouldContain(ApiClient.PrefixOf(key)!);
        (await fx.Portal.Database.ScalarAsync<long>($"SELECT count(*) FROM api_clients WHERE key_hash = sha256(convert_to('{key}', 'UTF8'))")).ShouldBe(1);

        var id = await fx.Portal.Database.ScalarAsync<long>($"SELECT id FROM api_clients WHERE key_prefix = '{ApiClient.PrefixOf(key)}'");
        var token = System.Text.RegularExpressions.Regex.Match(list, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var version = await fx.Portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM api_clients WHERE id = {id}");
        var revoke = await admin.PostAsync($"/admin/api-clients/{id}/revoke",
            new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), new("version", version)]));
        revoke.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        revoke.Headers.Location!.ToString().ShouldBe("/admin/api-clients?revoked=1");
        (await fx.Client(key).GetAsync("/api/v1/problems/changes?since=2026-01-01T00:00:00Z")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await fx.Portal.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE entity_type = 'ApiClient' AND entity_id = '{id}' AND action IN ('Created', 'Updated')"))
            .ShouldBe(2);
    }
}
