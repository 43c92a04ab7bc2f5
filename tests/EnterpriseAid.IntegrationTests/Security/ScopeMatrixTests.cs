using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Security;

/// <summary>
/// For every route the portal exposes (discovered from its endpoints, so new pages are covered
/// without editing this test) and every role, a record outside the user's scope is never shown:
/// not by URL, not by form post, not in lists or searches. Asking for it answers 404.
/// </summary>
public sealed partial class ScopeMatrixTests(ScopeMatrixTests.Fixture fx) : IClassFixture<ScopeMatrixTests.Fixture>
{
    public sealed record Target(long Id, string Name, string Uscc);

    public sealed class Fixture : IAsyncLifetime
    {
        public PortalFixture Portal { get; } = new();
        /// <summary>In the demo district but not in 城关街道.</summary>
        public Target OtherTown { get; private set; } = null!;
        /// <summary>In a second district, outside every demo account but the administrator's.</summary>
        public Target OtherDistrict { get; private set; } = null!;
        public Dictionary<string, long?> InScope { get; } = [];
        /// <summary>A problem of each out-of-scope enterprise, by the target's name in <see cref="Cases"/>.</summary>
        public Dictionary<string, (long Id, string Number, string Title)> Problems { get; } = [];
        /// <summary>A 督办单 on each of those problems, addressed to a department other than the demo handler's.</summary>
        public Dictionary<string, long> Notices { get; } = [];
        /// <summary>A policy of the second district's department: outside every demo account but the administrator's.</summary>
        public long OtherPolicy { get; private set; }
        public const string OtherPolicyTitle = "东城区隐秘扶持政策";
        /// <summary>A 兑现项目 under the other district's policy: outside every demo account but the administrator's.</summary>
        public long OtherProgram { get; private set; }
        /// <summary>A 兑现申请 of each out-of-scope enterprise, by the target's name in <see cref="Cases"/>.</summary>
        public Dictionary<string, long> Applications { get; } = [];
        /// <summary>A 三个一批 project in each out-of-scope enterprise's town, with that enterprise as investor.</summary>
        public Dictionary<string, (long Id, string Name)> Projects { get; } = [];
        /// <summary>An import job of the administrator's: another user's job is not found, whatever their role.</summary>
        public long OtherImportJob { get; private set; }

        public async Task InitializeAsync()
        {
            await Portal.InitializeAsync();
            var db = Portal.Database;
            OtherTown = await TargetAsync("SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code <> 'XH-T01' ORDER BY e.id LIMIT 1");

            var city = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'JC'");
            var district = await db.ScalarAsync<long>($"""
                INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC', '东城区', 'District', {city}, '/', 2) RETURNING id
                """);
            await db.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {city}) || id || '/' WHERE id = {district}");
            var town = await db.ScalarAsync<long>($"""
                INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC-T01', '东城街道', 'Street', {district}, '/', 1) RETURNING id
                """);
            await db.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {district}) || id || '/' WHERE id = {town}");
            var id = await db.ScalarAsync<long>($"""
                INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
                VALUES ('{Uscc.NewValid()}', '东城隐秘精工有限公司', 'industry_above', 'C', {town}, ARRAY[]::text[], 50, now(), now(), '[]') RETURNING id
                """);
            OtherDistrict = await TargetAsync($"SELECT {id}::bigint");
            var department = await db.ScalarAsync<long>($"""
                INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('DC-D01', '东城区商务局', 'Department', {district}, '/', 9) RETURNING id
                """);
            await db.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {district}) || id || '/' WHERE id = {department}");
            OtherPolicy = await db.ScalarAsync<long>($"""
                INSERT INTO policies (title, document_no, issuing_department_id, region_id, category, effective_from, clauses, implementing_rules,
                                      mian_shen_ji_xiang, eligible_scale_classes, eligible_industry_sections, eligible_tags, eligible_town_ids,
                                      search_text, created_at, updated_at)
                VALUES ('{OtherPolicyTitle}', '东商发〔2020〕1号', {department}, {district}, 'Other', '2020-01-01', ARRAY[]::text[], ARRAY[]::text[],
                        false, ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::text[], ARRAY[]::bigint[], '{OtherPolicyTitle}', now(), now()) RETURNING id
                """);
            OtherProgram = await ProgramAsync(OtherPolicy, district);
            var districtPolicy = await db.ScalarAsync<long>("SELECT id FROM policies WHERE document_no = '新政办发〔2026〕3号'");
            var xinhe = await db.ScalarAsync<long>($"SELECT region_id FROM policies WHERE id = {districtPolicy}");
            Applications[nameof(OtherDistrict)] = await ApplicationAsync(OtherProgram, OtherDistrict.Id);
            Applications[nameof(OtherTown)] = await ApplicationAsync(await ProgramAsync(districtPolicy, xinhe), OtherTown.Id);
            Problems[nameof(OtherTown)] = await ProblemAsync(OtherTown.Id, "2020-000001", "城西隐秘问题甲");
            Problems[nameof(OtherDistrict)] = await ProblemAsync(OtherDistrict.Id, "2020-000002", "东城隐秘问题乙");
            Notices[nameof(OtherTown)] = await NoticeAsync(Problems[nameof(OtherTown)], OtherTown.Name, "督办〔2020〕1号");
            Notices[nameof(OtherDistrict)] = await NoticeAsync(Problems[nameof(OtherDistrict)], OtherDistrict.Name, "督办〔2020〕2号");
            Projects[nameof(OtherTown)] = await ProjectAsync(OtherTown.Id, "城西隐秘投资项目甲");
            Projects[nameof(OtherDistrict)] = await ProjectAsync(OtherDistrict.Id, "东城隐秘投资项目乙");
            OtherImportJob = await db.ScalarAsync<long>($"""
                INSERT INTO import_jobs (kind, status, file_name, file_format, file_size, content, headers, user_id, user_name, scope_sees_all,
                                         progress, rows_read, created_at, updated_at)
                VALUES ('enterprises', 'Mapping', '{OtherDistrict.Name}.xlsx', 'xlsx', 0, ''::bytea, ARRAY['{OtherDistrict.Uscc}'],
                        (SELECT id FROM users WHERE user_name = 'admin'), 'admin', true, 0, 0, now(), now()) RETURNING id
                """);

            InScope["admin"] = null;
            InScope["leader"] = await db.ScalarAsync<long>("SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code LIKE 'XH-%' ORDER BY e.id LIMIT 1");
            InScope["dispatcher"] = InScope["leader"];
            InScope["official"] = await db.ScalarAsync<long>("SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id LIMIT 1");
            InScope["enterprise"] = await db.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
            InScope["handler"] = null;
        }

        private async Task<Target> TargetAsync(string idSql)
        {
            var id = await Portal.Database.ScalarAsync<long>(idSql);
            return new Target(id,
                await Portal.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {id}"),
                await Portal.Database.ScalarAsync<string>($"SELECT uscc FROM enterprises WHERE id = {id}"));
        }

        private async Task<(long, string, string)> ProblemAsync(long enterpriseId, string number, string title)
        {
            var problemId = await Portal.Database.ScalarAsync<long>($"""
                INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, resolved_on_spot,
                                      reopen_count, extension_count, registered_by_user_id, created_at, updated_at)
                VALUES ('{number}', {enterpriseId}, 'policy', 'Ordinary', 'Visit', '{title}', '{title}的描述', 'Reported', false,
                        0, 0, (SELECT id FROM users WHERE user_name = 'admin'), now(), now()) RETURNING id
                """);
            return (problemId, number, title);
        }

        private Task<long> ProgramAsync(long policyId, long regionId) => Portal.Database.ScalarAsync<long>($"""
            INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                          notice_days, stage, created_at, created_by_user_id)
            VALUES ({policyId}, {regionId}, '隐秘兑现项目', '2020年第一批', 100000, 0, current_date - 1, current_date + 30, false,
                    7, 'Open', now(), (SELECT id FROM users WHERE user_name = 'admin')) RETURNING id
            """);

        private Task<long> ApplicationAsync(long programId, long enterpriseId) => Portal.Database.ScalarAsync<long>($"""
            INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, automatic, created_at, updated_at)
            VALUES ({programId}, {enterpriseId}, 'Submitted', 5000, false, now(), now()) RETURNING id
            """);

        private Task<long> NoticeAsync((long Id, string Number, string Title) problem, string enterpriseName, string number) =>
            Portal.Database.ScalarAsync<long>($"""
                INSERT INTO supervision_notices (number, problem_id, problem_number, problem_title, enterprise_name, department_id,
                                                 department_name, level, requirement, reply_due, issued_by_user_id, issued_by_name, issued_at)
                SELECT '{number}', {problem.Id}, '{problem.Number}', '{problem.Title}', '{enterpriseName}', o.id, o.name, 'Red',
                       '请于三日内回复', current_date + 3, (SELECT id FROM users WHERE user_name = 'admin'), '系统管理员', now()
                FROM org_units o WHERE o.kind = 'Department' AND o.name LIKE '%财政局' RETURNING id
                """);

        private async Task<(long, string)> ProjectAsync(long enterpriseId, string name) =>
            (await Portal.Database.ScalarAsync<long>($"""
                INSERT INTO projects (name, enterprise_id, region_id, industry_section, level, batch, total_investment, stage, created_at, updated_at)
                SELECT '{name}', e.id, e.town_id, 'C', 'city', '第一期', 100000000, 0, now(), now() FROM enterprises e WHERE e.id = {enterpriseId} RETURNING id
                """), name);

        public Task DisposeAsync() => Portal.DisposeAsync();
    }

    public static TheoryData<string, string, string> Cases => new()
    {
        // user, role, which record lies outside that user's scope
        { "leader", PortalRoles.Supervisor, nameof(Fixture.OtherDistrict) },
        { "dispatcher", PortalRoles.Dispatcher, nameof(Fixture.OtherDistrict) },
        { "official", PortalRoles.Official, nameof(Fixture.OtherTown) },
        { "official", PortalRoles.Official, nameof(Fixture.OtherDistrict) },
        { "handler", PortalRoles.DepartmentHandler, nameof(Fixture.OtherTown) },
        { "enterprise", PortalRoles.Enterprise, nameof(Fixture.OtherTown) },
        { "enterprise", PortalRoles.Enterprise, nameof(Fixture.OtherDistrict) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_record_outside_the_users_scope_is_never_returned(string user, string role, string which)
    {
        var target = which == nameof(Fixture.OtherTown) ? fx.OtherTown : fx.OtherDistrict;
        var problem = fx.Problems[which];
        var client = await fx.Portal.Factory.SignedInClientAsync(user);
        var routes = PortalRoute.Discover(fx.Portal.Factory.Services);
        var before = await RowVersionAsync(target.Id);

        foreach (var route in routes.Where(r => r.IsGet))
        {
            var kind = Classify(route);
            var url = route.Url(_ => kind switch
            {
                RouteKind.Status => "404",
                RouteKind.Problem or RouteKind.Api => problem.Id.ToString(),
                RouteKind.Notice => fx.Notices[which].ToString(),
                RouteKind.Policy => fx.OtherPolicy.ToString(),
                RouteKind.SubsidyProgram or RouteKind.PublicNotice => fx.OtherProgram.ToString(),
                RouteKind.SubsidyApplication => fx.Applications[which].ToString(),
                RouteKind.Project => fx.Projects[which].Id.ToString(),
                RouteKind.ImportJob => fx.OtherImportJob.ToString(),
                _ => target.Id.ToString(),
            });
            var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            NoLeak(body, target, $"GET {url} as {user}");
            NoProblemLeak(body, problem, $"GET {url} as {user}");
            body.ShouldNotContain(Fixture.OtherPolicyTitle, customMessage: $"GET {url} as {user}");
            body.ShouldNotContain(fx.Projects[which].Name, customMessage: $"GET {url} as {user}");

            // The API answers keys only: a signed-in browser's cookie gets 401, whatever the record.
            if (kind == RouteKind.Api || route.Pattern.StartsWith("/api/v1/problems", StringComparison.Ordinal))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"GET {url} as {user}");
            }
            if (kind is RouteKind.Enterprise or RouteKind.Problem or RouteKind.Notice or RouteKind.Policy or RouteKind.SubsidyProgram or RouteKind.SubsidyApplication or RouteKind.Project or RouteKind.ImportJob)
            {
                response.StatusCode.ShouldBe(route.AllowsRole(role) ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, $"GET {url} as {user}");
            }
            if (route.Parameters.Count == 0 && response.StatusCode == HttpStatusCode.OK)
            {
                // Lists and searches: asking for the record by name or code finds nothing.
                foreach (var q in new[] { target.Name, target.Uscc })
                {
                    var search = await client.GetAsync($"{url}?q={Uri.EscapeDataString(q)}");
                    NoLeak(WithoutEchoOf(q, await search.Content.ReadAsStringAsync()), target, $"GET {url}?q= as {user}");
                }
            }
        }

        foreach (var route in routes.Where(r => r.IsPost && Classify(r) == RouteKind.Enterprise && r.AllowsRole(role)))
        {
            // Take a real form of this user's (a record in scope) and aim it at the record out of scope.
            if (fx.InScope[user] is not { } own) continue;
            var form = await client.GetStringAsync(route.Url(_ => own.ToString()));
            var fields = FormFields(form);
            if (!fields.Any(f => f.Key == "_handler")) continue;
            var url = route.Url(_ => target.Id.ToString());

            var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"POST {url} as {user}");
            NoLeak(await response.Content.ReadAsStringAsync(), target, $"POST {url} as {user}");
        }

        (await RowVersionAsync(target.Id)).ShouldBe(before, "the out-of-scope record was changed");

        // Each action form of a problem page, aimed at the out-of-scope problem, answers 404 and changes nothing.
        var problemBefore = await ProblemVersionAsync(problem.Id);
        var token = AntiforgeryToken().Match(await client.GetStringAsync("/account/password")).Groups[1].Value;
        foreach (var route in routes.Where(r => r.IsPost && Classify(r) == RouteKind.Problem && r.AllowsRole(role)))
        {
            var url = route.Url(_ => problem.Id.ToString());
            foreach (var action in Enum.GetNames<EnterpriseAid.Domain.Problems.ProblemAction>())
            {
                var response = await client.PostAsync(url, new FormUrlEncodedContent(
                [
                    new("_handler", "problem-" + action.ToLowerInvariant()), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
                    new("Version", "0"), new("Text", "越权操作的说明文字"), new("Satisfaction", "Satisfied"),
                ]));
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"POST {url} {action} as {user}");
                var body = await response.Content.ReadAsStringAsync();
                NoLeak(body, target, $"POST {url} as {user}");
                NoProblemLeak(body, problem, $"POST {url} as {user}");
            }
        }
        (await ProblemVersionAsync(problem.Id)).ShouldBe(problemBefore, "the out-of-scope problem was changed");

        // Each policy form and endpoint (edit, push, attachments), aimed at the other district's policy, answers 404 and changes nothing.
        var policyBefore = await PolicyStateAsync();
        foreach (var route in routes.Where(r => r.IsPost && Classify(r) == RouteKind.Policy && r.AllowsRole(role)))
        {
            var url = route.Url(_ => fx.OtherPolicy.ToString());
            // The edit and push pages' forms, and the attachment endpoints (which take no form name); pages without a form are skipped.
            string[] handlers = route.Pattern.EndsWith("/edit") ? ["policy"] : route.Pattern.EndsWith("/push") ? ["push"]
                : route.Pattern.Contains("/attachments") ? [""] : [];
            foreach (var handler in handlers)
            {
                var response = await client.PostAsync(url, new FormUrlEncodedContent(
                [
                    new("_handler", handler), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
                    new("Model.Title", "越权修改的标题"), new("Model.Version", "0"),
                ]));
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"POST {url} {handler} as {user}");
                (await response.Content.ReadAsStringAsync()).ShouldNotContain(Fixture.OtherPolicyTitle, customMessage: $"POST {url} as {user}");
            }
        }
        (await PolicyStateAsync()).ShouldBe(policyBefore, "the out-of-scope policy was changed");

        // Each 政策兑现 form, aimed at the out-of-scope programme or application, answers 404 and changes nothing.
        var subsidyBefore = await SubsidyStateAsync();
        foreach (var route in routes.Where(r => r.IsPost && Classify(r) is RouteKind.SubsidyProgram or RouteKind.SubsidyApplication && r.AllowsRole(role)))
        {
            var program = Classify(route) == RouteKind.SubsidyProgram;
            var url = route.Url(_ => program ? fx.OtherProgram.ToString() : fx.Applications[which].ToString());
            string[] handlers = program ? ["notice-start", "notice-end", "auto", "apply"] : ["approve", "reject", "objection", "disburse"];
            foreach (var handler in handlers)
            {
                var response = await client.PostAsync(url, new FormUrlEncodedContent(
                [
                    new("_handler", handler), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
                    new("Form.Version", "0"), new("Form.Amount", "1"), new("Form.Text", "越权操作"), new("Form.Date", "2020-01-01"),
                    new("Form.EnterpriseId", target.Id.ToString()),
                ]));
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"POST {url} {handler} as {user}");
                NoLeak(await response.Content.ReadAsStringAsync(), target, $"POST {url} as {user}");
            }
        }
        (await SubsidyStateAsync()).ShouldBe(subsidyBefore, "an out-of-scope programme or application was changed");
        // Each form of a project's pages, aimed at the out-of-scope project, answers 404 and changes nothing.
        var project = fx.Projects[which];
        var projectBefore = await fx.Portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM projects WHERE id = {project.Id}");
        foreach (var route in routes.Where(r => r.IsPost && Classify(r) == RouteKind.Project && r.AllowsRole(role)))
        {
            var url = route.Url(_ => project.Id.ToString());
            string[] forms = route.Pattern.EndsWith("/edit", StringComparison.Ordinal)
                ? ["project"] : ["project-advance", "project-report", "project-procedures", "procedure-add"];
            foreach (var form in forms)
            {
                var response = await client.PostAsync(url, new FormUrlEncodedContent(
                [
                    new("_handler", form), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
                    new("Advance.Stage", "Signed"), new("Advance.Date", "2020-01-01"), new("Advance.Version", "0"),
                    new("Report.Month", "2020-01"), new("Report.Amount", "1"), new("AddProc.Name", "越权手续"), new("Model.Name", "越权改名"),
                ]));
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"POST {url} {form} as {user}");
                (await response.Content.ReadAsStringAsync()).ShouldNotContain(project.Name, customMessage: $"POST {url} as {user}");
            }
        }
        (await fx.Portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM projects WHERE id = {project.Id}")).ShouldBe(projectBefore, "the out-of-scope project was changed");
        (await fx.Portal.Database.ScalarAsync<long>($"SELECT count(*) FROM project_procedures WHERE project_id = {project.Id}")).ShouldBe(0);
    }

    private Task<string> SubsidyStateAsync() => fx.Portal.Database.ScalarAsync<string>(
        "SELECT coalesce(string_agg(a.xmin::text || a.status, ',' ORDER BY a.id), '') || (SELECT string_agg(p.xmin::text || p.stage, ',' ORDER BY p.id) FROM subsidy_programs p) || (SELECT count(*) FROM subsidy_events) FROM subsidy_applications a");

    private Task<string> PolicyStateAsync() => fx.Portal.Database.ScalarAsync<string>(
        $"SELECT p.xmin::text || p.title || (SELECT count(*) FROM policy_pushes WHERE policy_id = p.id) || (SELECT count(*) FROM policy_attachments WHERE policy_id = p.id) FROM policies p WHERE p.id = {fx.OtherPolicy}");

    [Fact]
    public async Task The_administrator_sees_every_district()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("admin");

        (await client.GetAsync($"/enterprises/{fx.OtherDistrict.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetStringAsync($"/enterprises?q={Uri.EscapeDataString(fx.OtherDistrict.Name)}")).ShouldContain(fx.OtherDistrict.Name);
    }

    [Fact]
    public async Task A_region_user_sees_exactly_the_enterprises_of_their_subtree()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("official");
        var expected = await fx.Portal.Database.ScalarAsync<long>(
            "SELECT count(*) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01'");

        var html = await client.GetStringAsync("/enterprises");

        html.ShouldContain($"共 {expected} 家企业");
    }

    [Fact]
    public async Task An_enterprise_user_sees_only_its_own_enterprise()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("enterprise");
        var own = fx.InScope["enterprise"]!.Value;

        (await client.GetStringAsync("/enterprises")).ShouldContain("共 1 家企业");
        (await client.GetAsync($"/enterprises/{own}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_parameterised_route_is_classified_for_the_scope_matrix()
    {
        foreach (var route in PortalRoute.Discover(fx.Portal.Factory.Services).Where(r => r.Parameters.Count > 0))
        {
            Should.NotThrow(() => Classify(route), route.Pattern);
        }
    }

    [Theory]
    [InlineData(nameof(Fixture.OtherTown))]
    [InlineData(nameof(Fixture.OtherDistrict))]
    public async Task An_API_key_scoped_to_a_town_never_reads_another_towns_problems(string which)
    {
        // A key for 城关街道 (the official's town), read and write, through every API route that takes a record.
        var town = await fx.Portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
        using var scope = fx.Portal.Factory.Services.CreateScope();
        var issued = await scope.ServiceProvider.GetRequiredService<EnterpriseAid.Web.Features.Api.ApiClientCommands>()
            .IssueAsync(new() { Name = "范围测试", RegionId = town.ToString(), Access = "write" });
        var key = ((EnterpriseAid.Web.Features.Api.ApiClientIssueResult.Issued)issued).Key;
        var client = fx.Portal.Factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        var problem = fx.Problems[which];
        var target = which == nameof(Fixture.OtherTown) ? fx.OtherTown : fx.OtherDistrict;

        var routes = PortalRoute.Discover(fx.Portal.Factory.Services).Where(r => r.IsGet && Classify(r) == RouteKind.Api).ToList();
        routes.ShouldNotBeEmpty();
        foreach (var route in routes)
        {
            foreach (var value in new[] { problem.Id.ToString(), problem.Number })
            {
                var url = route.Url(_ => value);
                var response = await client.GetAsync(url);
                response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"GET {url} with a town key");
                var body = await response.Content.ReadAsStringAsync();
                NoLeak(body, target, url);
                NoProblemLeak(body, problem, url);
            }
        }
        var changes = await client.GetStringAsync("/api/v1/problems/changes?since=2000-01-01T00:00:00Z&limit=500");
        NoProblemLeak(changes, problem, "changes");
        NoLeak(changes, target, "changes");
    }

    private enum RouteKind { Enterprise, Problem, Notice, Policy, SubsidyProgram, SubsidyApplication, PublicNotice, Project, ImportJob, AdminOnly, Status, Api, Plain }

    /// <summary>
    /// What a route's parameter identifies. A new parameterised route fails here until it is
    /// classified, so that no record-bearing page escapes the matrix.
    /// </summary>
    private static RouteKind Classify(PortalRoute route)
    {
        if (route.Parameters.Count == 0) return RouteKind.Plain;
        // Every page under an enterprise's address, /enterprises/{Id}/assignments (包联) and /operating (经营状况) included, is about that enterprise.
        if (route.Pattern.StartsWith("/enterprises/")) return RouteKind.Enterprise;
        if (route.Pattern.StartsWith("/problems/")) return RouteKind.Problem;
        if (route.Pattern.StartsWith("/supervision/notices/")) return RouteKind.Notice;
        // 政策库 pages and the enterprise portal's policy page: the parameter is a policy (and an attachment of it).
        if (route.Pattern.StartsWith("/policies/") || route.Pattern.StartsWith("/portal/policies/")) return RouteKind.Policy;
        // 政策兑现: an application's page, a programme's page, and the programme's public 公示 (anonymous, 404 until the notice starts).
        if (route.Pattern.StartsWith("/subsidies/applications/")) return RouteKind.SubsidyApplication;
        if (route.Pattern.StartsWith("/subsidies/")) return RouteKind.SubsidyProgram;
        if (route.Pattern.StartsWith("/public/subsidies/")) return RouteKind.PublicNotice;
        // 三个一批: /projects/{Id} and /projects/{Id}/edit, scoped by the project's region (ADR-020).
        if (route.Pattern.StartsWith("/projects/")) return RouteKind.Project;
        // 数据导入: /imports/{id}, its progress fragment and report; a job is its uploader's alone (ADR-027).
        if (route.Pattern.StartsWith("/imports/")) return RouteKind.ImportJob;
        if (route.Pattern.StartsWith("/status/")) return RouteKind.Status;
        // /api/v1 (ADR-028): authenticated by API key only, scoped by the key's region; the parameter is a problem (id or number).
        if (route.Pattern.StartsWith("/api/v1/problems/")) return RouteKind.Api;
        if (route.Pattern.StartsWith("/admin/") && route.Roles.SequenceEqual([PortalRoles.Administrator])) return RouteKind.AdminOnly;
        throw new InvalidOperationException(
            $"Route {route.Pattern} takes parameters the scope matrix does not know: classify it in {nameof(ScopeMatrixTests)}.{nameof(Classify)}.");
    }

    private static void NoProblemLeak(string body, (long Id, string Number, string Title) problem, string what)
    {
        body.ShouldNotContain(problem.Number, customMessage: what);
        body.ShouldNotContain(problem.Title, customMessage: what);
    }

    private Task<string> ProblemVersionAsync(long id) =>
        fx.Portal.Database.ScalarAsync<string>($"SELECT xmin::text || status || updated_at::text FROM problems WHERE id = {id}");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static void NoLeak(string body, Target target, string what)
    {
        body.ShouldNotContain(target.Name, customMessage: what);
        body.ShouldNotContain(target.Uscc, customMessage: what);
    }

    /// <summary>
    /// The page repeats what the user typed (the search box, a form's action, the language
    /// switch's return address); that is the user's own text, not the record.
    /// </summary>
    private static string WithoutEchoOf(string q, string body)
    {
        body = Regex.Replace(body, "href=\"/culture\\?[^\"]*\"", "");
        body = Regex.Replace(body, "action=\"[^\"]*\"", "");
        // The list's export links carry the list's query, search text included.
        body = Regex.Replace(body, "href=\"[^\"]*/export\\.(xlsx|csv)\\?[^\"]*\"", "");
        return body.Replace($"value=\"{WebUtility.HtmlEncode(q)}\"", "").Replace($"value=\"{q}\"", "");
    }

    private Task<string> RowVersionAsync(long id) =>
        fx.Portal.Database.ScalarAsync<string>($"SELECT xmin::text || name || updated_at::text FROM enterprises WHERE id = {id}");

    /// <summary>The fields a browser would post from the page's named form (the one with a _handler).</summary>
    private static List<KeyValuePair<string, string>> FormFields(string page)
    {
        var html = FormTag().Matches(page).Select(m => m.Value).FirstOrDefault(f => f.Contains("name=\"_handler\"")) ?? "";
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            if (name is null) continue;
            var type = Attribute(tag, "type") ?? "text";
            if (type is "checkbox" or "radio" && !tag.Contains(" checked")) continue;
            fields.Add(new(WebUtility.HtmlDecode(name), WebUtility.HtmlDecode(Attribute(tag, "value") ?? "")));
        }
        foreach (Match select in SelectTag().Matches(html))
        {
            var name = Attribute(select.Groups[1].Value, "name");
            var selected = Regex.Match(select.Groups[2].Value, "<option value=\"([^\"]*)\"[^>]*selected");
            if (name is not null) fields.Add(new(WebUtility.HtmlDecode(name), selected.Success ? selected.Groups[1].Value : ""));
        }
        return fields;
    }

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormTag();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<select([^>]*)>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectTag();
}
