using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using Npgsql;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Policies;

public sealed partial class PolicyLibraryTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private Task<HttpClient> DispatcherAsync() => portal.Factory.SignedInClientAsync("dispatcher");

    private Task<long> PolicyIdAsync(string documentNo) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM policies WHERE document_no = '{documentNo}'");

    private Task<long> DepartmentAsync(string code) => portal.Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE code = '{code}'");

    private static IReadOnlyList<string> ListedTitles(string html) =>
        ListedTitle().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<a class=\"fw-semibold text-break\" href=\"/policies/\\d+\">([^<]+)</a>")]
    private static partial Regex ListedTitle();

    private async Task<List<KeyValuePair<string, string>>> ValidFormAsync(string title = "新河区支持企业开展技术改造的实施办法")
    {
        var department = await DepartmentAsync("XH-D02");
        return
        [
            F("Model.Title", title), F("Model.DocumentNo", "新科工信发〔2026〕19号"), F("Model.IssuingDepartmentId", department.ToString()),
            F("Model.Category", "FiscalReward"), F("Model.EffectiveFrom", "2026-06-01"), F("Model.EffectiveTo", "2027-05-31"),
            F("Model.Summary", "对企业智能化改造项目给予补助。"),
            F("Model.Clauses", "第一条 对设备投资额500万元以上的技改项目，按投资额8%给予补助。\n\n第二条 单个企业年度补助最高300万元。"),
            F("Model.ImplementingRules", "每年二季度集中申报。"),
            F("Model.ScaleClasses", "industry_above"), F("Model.Tags", "specialized"), F("Model.Tags", "high_tech"),
            F("Model.EmployeesMin", "20"), F("Model.EmployeesMax", "2000"), F("Model.RegisteredMonthsMin", "12"),
        ];
    }

    [Theory]
    [InlineData("专精特新", "新河区支持专精特新中小企业高质量发展的若干措施")]
    // Two-character words: below the trigram length, still found by the same ILIKE.
    [InlineData("稳岗", "关于做好2026年稳岗返还和扩岗补助工作的通知")]
    [InlineData("贴息", "新河区普惠小微企业贷款贴息和风险补偿办法")]
    // A word that only a clause contains, and a 文号.
    [InlineData("展位费", "关于支持外贸企业稳订单拓市场的若干措施")]
    [InlineData("新审批发〔2026〕3号", "新河区企业投资项目审批“拿地即开工”改革实施方案")]
    public async Task Search_finds_chinese_substrings_of_titles_clauses_and_document_numbers(string q, string expected)
    {
        var client = await DispatcherAsync();

        var titles = ListedTitles(await client.GetStringAsync($"/policies?q={Uri.EscapeDataString(q)}"));

        titles.ShouldContain(expected);
        titles.ShouldAllBe(t => t != "新河区高层次人才引进和培养支持办法" || q == "人才");
    }

    [Fact]
    public async Task Several_words_must_all_occur_and_unknown_words_find_nothing()
    {
        var client = await DispatcherAsync();

        ListedTitles(await client.GetStringAsync($"/policies?q={Uri.EscapeDataString("补助 高校毕业生")}"))
            .ShouldBe(["关于做好2026年稳岗返还和扩岗补助工作的通知"]);
        var none = await client.GetStringAsync($"/policies?q={Uri.EscapeDataString("量子计算")}");
        none.ShouldContain("共 0 项政策");
        // LIKE wildcards typed by the user are taken literally.
        (await client.GetStringAsync("/policies?q=%25")).ShouldContain("共 0 项政策");
    }

    [Fact]
    public async Task The_trigram_index_serves_searches_of_three_characters_or_more()
    {
        await using var dataSource = portal.Database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection)) await off.ExecuteNonQueryAsync();
        async Task<string> PlanAsync(string word)
        {
            await using var explain = new NpgsqlCommand($"EXPLAIN SELECT id FROM policies WHERE search_text ILIKE '%{word}%'", connection);
            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            return string.Join('\n', lines);
        }

        (await PlanAsync("专精特新")).ShouldContain("ix_policies_search_text");
        (await PlanAsync("展位费")).ShouldContain("ix_policies_search_text");
    }

    [Fact]
    public async Task Filters_by_category_department_and_status()
    {
        var client = await DispatcherAsync();
        var hrss = await DepartmentAsync("XH-D04");

        ListedTitles(await client.GetStringAsync("/policies?category=Employment")).ShouldBe(["关于做好2026年稳岗返还和扩岗补助工作的通知"]);
        ListedTitles(await client.GetStringAsync($"/policies?department={hrss}")).Count.ShouldBe(2);
        ListedTitles(await client.GetStringAsync("/policies?status=expired")).ShouldBe(["新河区国有房屋租金减免实施细则"]);
        ListedTitles(await client.GetStringAsync("/policies?status=upcoming")).ShouldBe(["新河区促进消费恢复提振的若干措施"]);
        var inEffect = ListedTitles(await client.GetStringAsync("/policies?status=effective"));
        inEffect.ShouldNotContain("新河区国有房屋租金减免实施细则");
        inEffect.ShouldNotContain("新河区促进消费恢复提振的若干措施");
    }

    [Fact]
    public async Task An_empty_form_is_refused_with_chinese_messages_and_nothing_is_saved()
    {
        var client = await DispatcherAsync();
        var before = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM policies");

        var response = await PostAsync(client, "/policies/new", "policy",
            [F("Model.Title", " "), F("Model.EffectiveFrom", "2026/13/01"), F("Model.EmployeesMin", "abc")]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var messages = ValidationMessages(await response.Content.ReadAsStringAsync());
        messages.ShouldContain("请填写政策标题");
        messages.ShouldContain("请填写文号");
        messages.ShouldContain("请选择发文单位");
        messages.ShouldContain("请选择政策类别");
        messages.ShouldContain("生效日期格式应为 年-月-日，如 2015-06-30");
        messages.ShouldContain("请填写0至1000000之间的整数");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM policies")).ShouldBe(before);
    }

    [Fact]
    public async Task Inconsistent_ranges_are_refused_and_the_typed_input_is_kept()
    {
        var client = await DispatcherAsync();
        var form = await ValidFormAsync("保留输入的政策标题");
        form.RemoveAll(f => f.Key is "Model.EffectiveTo" or "Model.EmployeesMax");
        form.Add(F("Model.EffectiveTo", "2026-05-31"));
        form.Add(F("Model.EmployeesMax", "10"));

        var response = await PostAsync(client, "/policies/new", "policy", form);

        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldBe(["失效日期不能早于生效日期", "从业人数上限不能小于下限"], ignoreOrder: true);
        html.ShouldContain("value=\"保留输入的政策标题\"");
        html.ShouldContain("第二条 单个企业年度补助最高300万元。");
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM policies WHERE title = '保留输入的政策标题'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_dispatcher_publishes_a_policy_with_clauses_and_eligibility()
    {
        var client = await DispatcherAsync();

        var response = await PostAsync(client, "/policies/new", "policy", await ValidFormAsync("新河区支持企业开展技术改造的实施办法"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var url = response.Headers.Location!.PathAndQuery;
        url.ShouldStartWith("/policies/");
        var page = await client.GetStringAsync(url);
        page.ShouldContain("政策已保存");
        page.ShouldContain("第二条 单个企业年度补助最高300万元。");
        page.ShouldContain("规上工业");
        page.ShouldContain("专精特新、高新技术企业（具备其一即可）");
        page.ShouldContain("20至2000人");
        page.ShouldContain("成立满12个月");
        (await portal.Database.ScalarAsync<string>("SELECT array_to_string(clauses, '|') FROM policies WHERE title = '新河区支持企业开展技术改造的实施办法'"))
            .ShouldBe("第一条 对设备投资额500万元以上的技改项目，按投资额8%给予补助。|第二条 单个企业年度补助最高300万元。");
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_the_current_state_and_the_typed_input_kept()
    {
        // A policy of this test's own, so the seeded ones stay as other tests expect them.
        var first = await DispatcherAsync();
        var created = await PostAsync(first, "/policies/new", "policy", await ValidFormAsync("两人同时编辑的政策"));
        var id = long.Parse(created.Headers.Location!.AbsolutePath.Split('/')[^1]);
        var second = await portal.Factory.SignedInClientAsync("admin");
        var version = VersionField().Match(await second.GetStringAsync($"/policies/{id}/edit")).Groups[1].Value;
        var form = await ValidFormAsync("两人同时编辑的政策（修订）");

        var firstVersion = VersionField().Match(await first.GetStringAsync($"/policies/{id}/edit")).Groups[1].Value;
        (await PostAsync(first, $"/policies/{id}/edit", "policy", form.Append(F("Model.Version", firstVersion)).ToList())).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var stale = form.Where(f => f.Key != "Model.Title").Append(F("Model.Title", "管理员的标题")).Append(F("Model.Version", version)).ToList();
        var response = await PostAsync(second, $"/policies/{id}/edit", "policy", stale);

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("value=\"管理员的标题\"");
        html.ShouldContain("两人同时编辑的政策（修订）");
        (await portal.Database.ScalarAsync<string>($"SELECT title FROM policies WHERE id = {id}")).ShouldBe("两人同时编辑的政策（修订）");

        // The refused form now carries the current version: a deliberate second save applies the user's values.
        var current = VersionField().Match(html).Groups[1].Value;
        var again = await PostAsync(second, $"/policies/{id}/edit", "policy",
            stale.Where(f => f.Key != "Model.Version").Append(F("Model.Version", current)).ToList());
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<string>($"SELECT title FROM policies WHERE id = {id}")).ShouldBe("管理员的标题");
    }

    [GeneratedRegex("name=\"Model.Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [Theory]
    [InlineData("official", "/policies", HttpStatusCode.OK)]
    [InlineData("leader", "/policies", HttpStatusCode.OK)]
    [InlineData("handler", "/policies", HttpStatusCode.OK)]
    [InlineData("official", "/policies/new", HttpStatusCode.Forbidden)]
    [InlineData("leader", "/policies/new", HttpStatusCode.Forbidden)]
    [InlineData("enterprise", "/policies", HttpStatusCode.Forbidden)]
    public async Task Officials_and_supervisors_read_the_library_only_editors_change_it(string user, string url, HttpStatusCode status)
    {
        var client = await portal.Factory.SignedInClientAsync(user);
        (await client.GetAsync(url)).StatusCode.ShouldBe(status);
    }

    [Theory]
    [InlineData("official")]
    [InlineData("handler")]
    public async Task Staff_of_a_street_or_a_department_read_their_districts_policies_and_filter_by_its_departments(string user)
    {
        var client = await portal.Factory.SignedInClientAsync(user);
        var hrss = await DepartmentAsync("XH-D04");

        var html = await client.GetStringAsync("/policies");

        var district = await portal.Database.ScalarAsync<long>(
            "SELECT count(*) FROM policies p JOIN org_units r ON r.id = p.region_id WHERE r.code = 'XH'");
        district.ShouldBeGreaterThanOrEqualTo(12);
        html.ShouldContain($"共 {district} 项政策");
        html.ShouldContain($"<option value=\"{hrss}\">新河区人力资源和社会保障局</option>");
        ListedTitles(await client.GetStringAsync($"/policies?department={hrss}")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task The_library_reads_in_english_too()
    {
        var id = await PolicyIdAsync("新审批发〔2026〕3号");
        var client = await DispatcherAsync();
        await client.GetAsync("/culture?culture=en-US&returnUrl=%2Fpolicies");

        var list = await client.GetStringAsync("/policies?category=Approval");
        var detail = WebUtility.HtmlDecode(await client.GetStringAsync($"/policies/{id}"));
        var push = await client.GetAsync($"/policies/{id}/push");

        list.ShouldContain("Policy library");
        list.ShouldContain("Easier approvals");
        detail.ShouldContain("Eligibility");
        detail.ShouldContain("青山镇, 柳林镇, 白沙镇");
        detail.ShouldContain("no end date");
        push.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await push.Content.ReadAsStringAsync()).ShouldContain("Enterprises that fit");
    }

    [Fact]
    public async Task Reading_users_see_no_edit_or_push_buttons()
    {
        var id = await PolicyIdAsync("新政办发〔2026〕3号");
        var client = await portal.Factory.SignedInClientAsync("official");

        var page = await client.GetStringAsync($"/policies/{id}");

        page.ShouldContain("新河区支持专精特新中小企业高质量发展的若干措施");
        page.ShouldNotContain($"/policies/{id}/edit");
        page.ShouldNotContain($"/policies/{id}/push");
        (await client.GetAsync($"/policies/{id}/push")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_attachment_with_a_chinese_name_is_uploaded_and_downloaded_under_that_name()
    {
        var id = await PolicyIdAsync("新金发〔2026〕2号");
        var client = await DispatcherAsync();
        var bytes = "%PDF-1.4 贴息申报表"u8.ToArray();

        var response = await UploadAsync(client, id, "附件1：贴息申报表.pdf", bytes);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe($"/policies/{id}?uploaded=1#attachments");
        var page = await client.GetStringAsync($"/policies/{id}");
        var link = AttachmentLink().Match(page);
        link.Success.ShouldBeTrue();
        WebUtility.HtmlDecode(link.Groups[2].Value).ShouldBe("附件1：贴息申报表.pdf");

        var download = await (await portal.Factory.SignedInClientAsync("official")).GetAsync(link.Groups[1].Value);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var disposition = download.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldBe("附件1：贴息申报表.pdf");
        (await download.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);

        // The audit log says who added which file, and records its content by size only.
        var audit = await portal.Database.ScalarAsync<string>(
            "SELECT changes::text FROM audit_log WHERE entity_type = 'PolicyAttachment' AND action = 'Created' ORDER BY id DESC LIMIT 1");
        audit.ShouldContain("附件1：贴息申报表.pdf");
        audit.ShouldContain($"{bytes.Length} bytes");
        (await portal.Database.ScalarAsync<string>("SELECT user_name FROM audit_log WHERE entity_type = 'PolicyAttachment' ORDER BY id DESC LIMIT 1"))
            .ShouldBe("dispatcher");
    }

    [Theory]
    [InlineData("setup.exe", "附件只能是PDF、OFD、Word、WPS、Excel或图片文件。")]
    [InlineData("空白.docx", "所选文件是空文件。")]
    public async Task A_wrong_file_is_refused_with_the_reason(string fileName, string message)
    {
        var id = await PolicyIdAsync("新人才办发〔2026〕1号");
        var client = await DispatcherAsync();
        var before = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM policy_attachments");

        var response = await UploadAsync(client, id, fileName, fileName.EndsWith(".exe") ? [0x4d, 0x5a] : []);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        page.ShouldContain(message);
        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM policy_attachments")).ShouldBe(before);
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_before_it_is_read()
    {
        var id = await PolicyIdAsync("新人才办发〔2026〕1号");
        var client = await DispatcherAsync();

        var response = await UploadAsync(client, id, "大文件.pdf", new byte[10 * 1024 * 1024 + 1]);

        response.Headers.Location!.OriginalString.ShouldBe($"/policies/{id}?error=too-large#attachments");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, long policyId, string fileName, byte[] content)
    {
        var page = await client.GetStringAsync($"/policies/{policyId}");
        var token = Token().Match(page).Groups[1].Value;
        var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/policies/{policyId}/attachments", form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<a class=\"text-break\" href=\"(/policies/\\d+/attachments/\\d+)\" download>([^<]+)</a>")]
    private static partial Regex AttachmentLink();
}
