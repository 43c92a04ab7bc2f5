using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Organization;

public sealed partial class OrgUnitAdminTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    /// <summary>The one place that decides who these tests act as: the demo administrator.</summary>
    private Task<HttpClient> AdminClientAsync() => portal.Factory.SignedInClientAsync("admin");

    private Task<long> IdAsync(string code) => portal.Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE code = '{code}'");

    private Task<string> VersionAsync(long id) => portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM org_units WHERE id = {id}");

    private Task<long> CountAsync() => portal.Database.ScalarAsync<long>("SELECT count(*) FROM org_units");

    private static List<KeyValuePair<string, string>> UnitForm(string kind, string code, string name, string sortOrder = "200") =>
        [F("Model.Kind", kind), F("Model.Code", code), F("Model.Name", name), F("Model.SortOrder", sortOrder)];

    private async Task<long> CreateAsync(HttpClient client, long parentId, string kind, string code, string name)
    {
        var response = await PostAsync(client, $"/admin/org-units/new?parent={parentId}", "org-unit", UnitForm(kind, code, name));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(SavedId().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    private async Task<HttpResponseMessage> DeleteAsync(HttpClient client, long id, string? version = null, bool confirmed = true)
    {
        List<KeyValuePair<string, string>> form = [F("Delete.Version", version ?? await VersionAsync(id))];
        if (confirmed) form.Add(F("Delete.Confirmed", "true"));
        return await PostAsync(client, $"/admin/org-units/{id}/edit", "org-unit-delete", form);
    }

    [Fact]
    public async Task The_tree_lists_the_demo_district_with_its_towns_before_its_departments()
    {
        var client = await AdminClientAsync();
        var district = await IdAsync("XH");

        var html = await client.GetStringAsync("/admin/org-units");

        var rows = Rows(html);
        rows.Count.ShouldBe((int)await CountAsync());
        var at = rows.FindIndex(r => r.Id == district);
        rows[at].Kind.ShouldBe("District");
        var children = rows.Skip(at + 1).TakeWhile(r => r.Depth > rows[at].Depth).ToList();
        children.ShouldAllBe(r => r.Depth == rows[at].Depth + 1);
        string.Join(",", children.Select(r => r.Id)).ShouldBe(await portal.Database.ScalarAsync<string>(
            $"SELECT string_agg(id::text, ',' ORDER BY kind = 'Department', sort_order, name, id) FROM org_units WHERE parent_id = {district}"));
        var isDepartment = children.Select(r => r.Kind == "Department").ToList();
        isDepartment.ShouldBe(isDepartment.Order().ToList(), "towns and streets come before departments");
        children.Count(r => r.Kind is "Town" or "Street").ShouldBeGreaterThanOrEqualTo(10);
        children.Count(r => r.Kind == "Department").ShouldBeGreaterThanOrEqualTo(15);
        foreach (var name in new[] { "新河区", "城关街道", "青山镇", "新河区商务局", "国网江城市新河区供电公司" }) html.ShouldContain(name);
    }

    [Fact]
    public async Task Each_row_shows_its_kind_its_children_and_the_enterprises_registered_in_a_town()
    {
        var client = await AdminClientAsync();
        var district = await IdAsync("XH");
        var town = await IdAsync("XH-T07");
        var enterprises = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {town}");
        enterprises.ShouldBeGreaterThan(0);

        var html = await client.GetStringAsync("/admin/org-units");

        var townRow = RowHtml(html, town);
        townRow.ShouldContain("青山镇");
        townRow.ShouldContain(">镇</span>");
        townRow.ShouldContain($"<a href=\"/enterprises?town={town}\">{enterprises}</a>");
        townRow.ShouldContain("<td class=\"text-end\" data-testid=\"children\">0</td>");
        townRow.ShouldContain($"href=\"/admin/org-units/{town}/edit\"");
        townRow.ShouldNotContain("/admin/org-units/new?parent=");
        var districtRow = RowHtml(html, district);
        districtRow.ShouldContain(">区</span>");
        districtRow.ShouldContain($"<td class=\"text-end\" data-testid=\"children\">{await ChildrenAsync(district)}</td>");
        districtRow.ShouldContain($"href=\"/admin/org-units/new?parent={district}\"");
        RowHtml(html, await IdAsync("XH-D03")).ShouldContain(">部门</span>");
    }

    [Theory]
    [InlineData("/admin/org-units")]
    [InlineData("/admin/org-units/new?parent=1")]
    public async Task Only_administrators_may_open_the_org_pages(string url)
    {
        var anonymous = await portal.Factory.CreatePortalClient().GetAsync(url);
        var official = await (await portal.Factory.SignedInClientAsync("official")).GetAsync(url);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.ShouldContain("/account/login");
        // Access denied is answered with 403 or with a redirect to the 403 page, depending on the cookie settings.
        official.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        if (official.StatusCode == HttpStatusCode.Redirect) official.Headers.Location!.OriginalString.ShouldContain("/status/403");
        (await official.Content.ReadAsStringAsync()).ShouldNotContain("新河区商务局");
    }

    [Fact]
    public async Task Creating_a_street_under_the_district_saves_it_with_the_parent_path_and_its_own_id()
    {
        var client = await AdminClientAsync();
        var district = await IdAsync("XH");

        var response = await PostAsync(client, $"/admin/org-units/new?parent={district}", "org-unit",
            UnitForm("Street", " XH-T21 ", " 滨江街道 ", "105"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = long.Parse(SavedId().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
        (await portal.Database.ScalarAsync<bool>(
            $"SELECT path = (SELECT path FROM org_units WHERE id = {district}) || id || '/' FROM org_units WHERE id = {id}")).ShouldBeTrue();
        (await portal.Database.ScalarAsync<string>(
            $"SELECT concat_ws('|', code, name, kind, parent_id, sort_order) FROM org_units WHERE id = {id}"))
            .ShouldBe($"XH-T21|滨江街道|Street|{district}|105");
        var tree = await client.GetStringAsync(response.Headers.Location);
        tree.ShouldContain("已保存");
        RowHtml(tree, id).ShouldContain("table-success");
    }

    [Fact]
    public async Task The_new_form_offers_only_the_kinds_allowed_under_the_parent()
    {
        var client = await AdminClientAsync();

        var underCity = await client.GetStringAsync($"/admin/org-units/new?parent={await IdAsync("JC")}");
        var underDistrict = await client.GetStringAsync($"/admin/org-units/new?parent={await IdAsync("XH")}");
        var underTown = await client.GetStringAsync($"/admin/org-units/new?parent={await IdAsync("XH-T01")}");

        KindOptions(underCity).ShouldBe(["District", "DevelopmentZone", "Department"]);
        KindOptions(underDistrict).ShouldBe(["Town", "Street", "Department"]);
        underDistrict.ShouldContain("value=\"新河区（区）\"");
        underTown.ShouldContain("“城关街道”下不能再设下级机构。");
        underTown.ShouldNotContain("name=\"Model.Code\"");
    }

    [Theory]
    [InlineData("XH", "District", "“新河区”下不能设立区")]
    [InlineData("XH", "City", "“新河区”下不能设立市")]
    [InlineData("JC", "Street", "“江城市”下不能设立街道")]
    [InlineData("JC", "Town", "“江城市”下不能设立镇")]
    [InlineData("XH", "Province", "请选择机构类型")]
    [InlineData("XH", "", "请选择机构类型")]
    public async Task A_kind_not_allowed_under_the_parent_is_refused(string parentCode, string kind, string message)
    {
        var client = await AdminClientAsync();
        var before = await CountAsync();

        var response = await PostAsync(client, $"/admin/org-units/new?parent={await IdAsync(parentCode)}", "org-unit",
            UnitForm(kind, "XH-BAD-" + kind, "错位机构"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldBe([message]);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_unit_cannot_be_added_under_a_town_even_by_a_hand_made_post()
    {
        var client = await AdminClientAsync();
        var before = await CountAsync();
        // The town's page has no form; take a valid token from another page of the same session.
        var html = await client.GetStringAsync($"/admin/org-units/new?parent={await IdAsync("XH")}");
        var token = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
        List<KeyValuePair<string, string>> body = [F("_handler", "org-unit"), F("__RequestVerificationToken", token), .. UnitForm("Department", "XH-T01-D1", "城关街道办公室")];

        var response = await client.PostAsync($"/admin/org-units/new?parent={await IdAsync("XH-T01")}", new FormUrlEncodedContent(body));

        response.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        (await CountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("XH-T01")]
    [InlineData("xh-t01")]
    public async Task A_duplicate_code_is_refused_naming_the_unit_that_has_it(string code)
    {
        var client = await AdminClientAsync();
        var before = await CountAsync();
        var existing = await IdAsync("XH-T01");

        var response = await PostAsync(client, $"/admin/org-units/new?parent={await IdAsync("XH")}", "org-unit", UnitForm("Street", code, "重复代码街道"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain($"机构代码“{code}”已被“城关街道”使用，不能重复。");
        html.ShouldContain($"href=\"/admin/org-units/{existing}/edit\"");
        ValidationMessages(html).ShouldBe(["该机构代码已被使用"]);
        html.ShouldContain("value=\"重复代码街道\"");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Renaming_to_another_units_code_is_refused()
    {
        var client = await AdminClientAsync();
        var id = await IdAsync("XH-T03");
        var form = UnitForm("", "XH-T04", "西关街道");
        form.Add(F("Model.Version", await VersionAsync(id)));

        var response = await PostAsync(client, $"/admin/org-units/{id}/edit", "org-unit", form);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("机构代码“XH-T04”已被“新华街道”使用，不能重复。");
        (await portal.Database.ScalarAsync<string>($"SELECT code FROM org_units WHERE id = {id}")).ShouldBe("XH-T03");
    }

    [Fact]
    public async Task Bad_input_is_refused_with_Chinese_messages_and_saves_nothing()
    {
        var client = await AdminClientAsync();
        var before = await CountAsync();

        var response = await PostAsync(client, $"/admin/org-units/new?parent={await IdAsync("XH")}", "org-unit",
            UnitForm("Town", "新河 01", new string('镇', 61), "abc"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(await response.Content.ReadAsStringAsync()).ShouldBe(
            ["机构代码只能包含字母、数字和 - _ .，并以字母或数字开头", "机构名称不能超过60个字", "排序号应为0至99999之间的整数"], ignoreOrder: true);
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Editing_changes_code_name_and_order_but_not_kind_parent_or_path()
    {
        var client = await AdminClientAsync();
        var district = await IdAsync("XH");
        var id = await CreateAsync(client, district, "Town", "XH-T31", "临江镇");
        var path = await portal.Database.ScalarAsync<string>($"SELECT path FROM org_units WHERE id = {id}");
        var form = UnitForm("Department", "XH-T32", "临江新镇", "35");
        form.Add(F("Model.Version", await VersionAsync(id)));

        var response = await PostAsync(client, $"/admin/org-units/{id}/edit", "org-unit", form);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<string>(
            $"SELECT concat_ws('|', code, name, kind, parent_id, sort_order, path) FROM org_units WHERE id = {id}"))
            .ShouldBe($"XH-T32|临江新镇|Town|{district}|35|{path}");
    }

    [Fact]
    public async Task A_stale_edit_is_refused_the_input_kept_and_the_newer_save_kept()
    {
        var client = await AdminClientAsync();
        var id = await CreateAsync(client, await IdAsync("XH"), "Department", "XH-D41", "新河区统计局");
        var version = await VersionAsync(id);

        // Two administrators opened the form at the same version; the first saves.
        var first = UnitForm("", "XH-D41", "新河区统计局（甲）");
        first.Add(F("Model.Version", version));
        (await PostAsync(client, $"/admin/org-units/{id}/edit", "org-unit", first)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var second = UnitForm("", "XH-D41", "新河区统计局（乙）");
        second.Add(F("Model.Version", version));
        var response = await PostAsync(client, $"/admin/org-units/{id}/edit", "org-unit", second);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("该机构信息已被他人修改，您的修改尚未保存。");
        html.ShouldContain("<td>新河区统计局（甲）</td>");
        html.ShouldContain("value=\"新河区统计局（乙）\"");
        (await portal.Database.ScalarAsync<string>($"SELECT name FROM org_units WHERE id = {id}")).ShouldBe("新河区统计局（甲）");

        // The refused form carries the new version, so saving it again is a deliberate overwrite.
        second.RemoveAll(f => f.Key == "Model.Version");
        second.Add(F("Model.Version", await VersionAsync(id)));
        (await PostAsync(client, $"/admin/org-units/{id}/edit", "org-unit", second)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<string>($"SELECT name FROM org_units WHERE id = {id}")).ShouldBe("新河区统计局（乙）");
    }

    [Fact]
    public async Task Delete_is_refused_while_enterprises_are_registered_in_the_town()
    {
        var client = await AdminClientAsync();
        var town = await IdAsync("XH-T02");
        var enterprises = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {town}");

        var response = await DeleteAsync(client, town);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"该机构下还有{enterprises}家企业，不能删除");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM org_units WHERE id = {town}")).ShouldBe(1);
    }

    [Fact]
    public async Task Delete_refusal_names_every_kind_of_dependent()
    {
        var client = await AdminClientAsync();
        var district = await IdAsync("XH");
        var users = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM users WHERE org_unit_id = {district}");
        users.ShouldBeGreaterThan(0);

        var response = await DeleteAsync(client, district);
        var department = await DeleteAsync(client, await IdAsync("XH-D03"));

        (await response.Content.ReadAsStringAsync()).ShouldContain($"该机构下还有{await ChildrenAsync(district)}个下级机构、{users}个用户账号，不能删除");
        (await department.Content.ReadAsStringAsync()).ShouldContain("该机构下还有1个用户账号，不能删除");
    }

    [Fact]
    public async Task The_edit_page_of_a_unit_in_use_says_why_it_cannot_be_deleted()
    {
        var client = await AdminClientAsync();
        var town = await IdAsync("XH-T05");
        var enterprises = await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE town_id = {town}");

        var html = await client.GetStringAsync($"/admin/org-units/{town}/edit");

        html.ShouldContain($"该机构下还有{enterprises}家企业，不能删除");
        DeleteButton().Match(html).Value.ShouldContain("disabled");
    }

    [Fact]
    public async Task An_empty_unit_is_deleted()
    {
        var client = await AdminClientAsync();
        var id = await CreateAsync(client, await IdAsync("XH"), "Department", "XH-D51", "新河区临时专班");
        DeleteButton().Match(await client.GetStringAsync($"/admin/org-units/{id}/edit")).Value.ShouldNotContain("disabled");

        var response = await DeleteAsync(client, id);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldEndWith("/admin/org-units?deleted=1");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM org_units WHERE id = {id}")).ShouldBe(0);
        (await client.GetStringAsync(response.Headers.Location)).ShouldContain("机构已删除。");
    }

    [Fact]
    public async Task A_delete_without_the_confirmation_ticked_deletes_nothing()
    {
        var client = await AdminClientAsync();
        var id = await CreateAsync(client, await IdAsync("XH"), "Department", "XH-D53", "新河区待定专班");

        var response = await DeleteAsync(client, id, confirmed: false);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("请先勾选“确认删除该机构”");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM org_units WHERE id = {id}")).ShouldBe(1);
    }

    [Fact]
    public async Task A_delete_from_a_stale_page_is_refused()
    {
        var client = await AdminClientAsync();
        var id = await CreateAsync(client, await IdAsync("XH"), "Department", "XH-D52", "新河区旧专班");
        var version = await VersionAsync(id);
        await portal.Database.ExecuteAsync($"UPDATE org_units SET name = '新河区新专班' WHERE id = {id}");

        var response = await DeleteAsync(client, id, version);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("该机构信息刚被他人修改，尚未删除。");
        html.ShouldContain("value=\"新河区新专班\"");
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM org_units WHERE id = {id}")).ShouldBe(1);
    }

    [Theory]
    [InlineData("/admin/org-units/987654321/edit")]
    [InlineData("/admin/org-units/new?parent=987654321")]
    [InlineData("/admin/org-units/new?parent=abc")]
    public async Task An_unknown_unit_answers_404(string url)
    {
        var response = await (await AdminClientAsync()).GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task<long> ChildrenAsync(long id) => portal.Database.ScalarAsync<long>($"SELECT count(*) FROM org_units WHERE parent_id = {id}");

    private sealed record TreeRow(long Id, string Kind, int Depth);

    private static List<TreeRow> Rows(string html) =>
        RowStart().Matches(html).Select(m => new TreeRow(long.Parse(m.Groups[1].Value), m.Groups[2].Value, int.Parse(m.Groups[3].Value))).ToList();

    private static string RowHtml(string html, long id)
    {
        var start = html.IndexOf($"<tr id=\"org-{id}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no row for unit {id}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    private static List<string> KindOptions(string html) =>
        KindOption().Matches(html).Select(m => m.Groups[1].Value).Where(v => v.Length > 0).ToList();

    [GeneratedRegex("<tr id=\"org-(\\d+)\" data-org-id=\"\\d+\" data-kind=\"(\\w+)\" data-depth=\"(\\d+)\"")]
    private static partial Regex RowStart();

    [GeneratedRegex("saved=(\\d+)")]
    private static partial Regex SavedId();

    [GeneratedRegex("<option value=\"(\\w*)\"")]
    private static partial Regex KindOption();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<button type=\"submit\" class=\"btn btn-outline-danger[^>]*>")]
    private static partial Regex DeleteButton();
}
