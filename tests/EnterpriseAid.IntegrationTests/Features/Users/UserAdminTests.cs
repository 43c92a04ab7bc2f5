using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Users;

public sealed partial class UserAdminTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string GoodPassword = "Chengguan#2026";

    private Task<HttpClient> AdminClientAsync(PortalFactory? factory = null) => (factory ?? portal.Factory).SignedInClientAsync("admin");

    private Task<long> UnitIdAsync(string code) => portal.Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE code = '{code}'");

    private Task<long> UserCountAsync() => portal.Database.ScalarAsync<long>("SELECT count(*) FROM users");

    private Task<long> UserIdAsync(string userName) => portal.Database.ScalarAsync<long>($"SELECT id FROM users WHERE user_name = '{userName}'");

    private Task<string> UserAsync(long id, string columns) => portal.Database.ScalarAsync<string>($"SELECT concat_ws('|', {columns}) FROM users WHERE id = {id}");

    private Task<string> RolesAsync(long id) => portal.Database.ScalarAsync<string>(
        $"SELECT coalesce(string_agg(r.name, ',' ORDER BY r.name), '') FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = {id}");

    private static List<KeyValuePair<string, string>> NewUser(string userName, string[] roles, long? unitId = null, string? uscc = null,
        string password = GoodPassword, string displayName = "张伟", string phone = "")
    {
        List<KeyValuePair<string, string>> form =
        [
            F("Model.UserName", userName), F("Model.DisplayName", displayName), F("Model.PhoneNumber", phone),
            F("Model.OrgUnitId", unitId?.ToString() ?? ""), F("Model.EnterpriseUscc", uscc ?? ""), F("Model.Password", password),
        ];
        form.AddRange(roles.Select(r => F("Model.Roles", r)));
        return form;
    }

    private static List<KeyValuePair<string, string>> EditUser(string stamp, string displayName, string[] roles, long? unitId = null, string phone = "",
        string? uscc = null)
    {
        List<KeyValuePair<string, string>> form =
        [
            F("Model.ConcurrencyStamp", stamp), F("Model.DisplayName", displayName), F("Model.PhoneNumber", phone),
            F("Model.OrgUnitId", unitId?.ToString() ?? ""), F("Model.EnterpriseUscc", uscc ?? ""),
        ];
        form.AddRange(roles.Select(r => F("Model.Roles", r)));
        return form;
    }

    /// <summary>Creates an official of 城关街道 through the page and returns its id.</summary>
    private async Task<long> CreateOfficialAsync(HttpClient admin, string userName, string password = GoodPassword)
    {
        var response = await PostAsync(admin, "/admin/users/new", "user", NewUser(userName, ["Official"], await UnitIdAsync("XH-T01"), password: password));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = await UserIdAsync(userName);
        response.Headers.Location!.AbsolutePath.ShouldBe($"/admin/users/{id}/edit");
        response.Headers.Location.Query.ShouldBe("?done=created");
        return id;
    }

    private async Task<string> RefusedAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    [Fact]
    public async Task An_official_created_in_chengguan_can_sign_in_and_sees_only_chengguan_enterprises()
    {
        var admin = await AdminClientAsync();
        var town = await UnitIdAsync("XH-T01");

        var response = await PostAsync(admin, "/admin/users/new", "user",
            NewUser(" cg.zhangwei ", ["Official"], town, displayName: " 张伟 ", phone: "13812345678"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var id = await UserIdAsync("cg.zhangwei");
        (await UserAsync(id, "display_name, phone_number, org_unit_id, enterprise_id, is_disabled")).ShouldBe($"张伟|13812345678|{town}|f");
        (await RolesAsync(id)).ShouldBe("Official");
        (await admin.GetStringAsync(response.Headers.Location)).ShouldContain("已创建用户");

        var client = portal.Factory.CreatePortalClient();
        (await PortalFactory.SignInAsync(client, "cg.zhangwei", GoodPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var expected = await portal.Database.ScalarAsync<long>(
            "SELECT count(*) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01'");
        var all = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises");
        expected.ShouldBeLessThan(all);
        (await client.GetStringAsync("/enterprises")).ShouldContain($"共 {expected} 家企业");

        var row = RowHtml(await admin.GetStringAsync("/admin/users?q=zhangwei"), id);
        row.ShouldContain("138****5678");
        row.ShouldNotContain("13812345678");
        row.ShouldContain("包联干部");
        row.ShouldContain("城关街道");
        row.ShouldContain("正常");
    }

    [Theory]
    [InlineData("abcdefghijk", "密码须包含大写字母、小写字母、数字、符号中的至少三类")]
    [InlineData("Ab1!x", "密码长度不能少于10位")]
    [InlineData("Weak.pw.user.X1", "密码不能包含用户名")]
    public async Task A_weak_password_is_refused_in_chinese_and_nothing_is_saved(string password, string message)
    {
        var admin = await AdminClientAsync();
        var before = await UserCountAsync();

        var html = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user",
            NewUser("pw.user", ["Official"], await UnitIdAsync("XH-T01"), password: password)));

        ValidationMessages(html).ShouldContain(message);
        html.ShouldNotContain(password);
        (await UserCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("official")]
    [InlineData("OFFICIAL")]
    public async Task A_user_name_already_taken_is_refused(string userName)
    {
        var admin = await AdminClientAsync();
        var before = await UserCountAsync();

        var html = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user", NewUser(userName, ["Official"], await UnitIdAsync("XH-T01"))));

        ValidationMessages(html).ShouldContain($"用户名“{userName}”已被使用");
        (await UserCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_enterprise_user_without_an_enterprise_is_refused()
    {
        var admin = await AdminClientAsync();
        var before = await UserCountAsync();

        var missing = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user", NewUser("ent.nobody", ["Enterprise"])));
        var unknownCode = Uscc.NewValid();
        var unknown = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user", NewUser("ent.nobody", ["Enterprise"], uscc: unknownCode)));

        ValidationMessages(missing).ShouldContain("企业用户须填写所属企业的统一社会信用代码");
        ValidationMessages(unknown).ShouldContain($"未找到统一社会信用代码为 {unknownCode} 的企业");
        (await UserCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_enterprise_user_is_tied_to_the_enterprise_of_the_code_typed_in_lower_case()
    {
        var admin = await AdminClientAsync();
        var (enterpriseId, uscc) = (await portal.Database.ScalarAsync<long>("SELECT id FROM enterprises ORDER BY id DESC LIMIT 1"),
            await portal.Database.ScalarAsync<string>("SELECT uscc FROM enterprises ORDER BY id DESC LIMIT 1"));

        var response = await PostAsync(admin, "/admin/users/new", "user",
            NewUser("ent.owner", ["Enterprise"], unitId: await UnitIdAsync("XH-T01"), uscc: " " + uscc.ToLowerInvariant()));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        // An enterprise user belongs to the enterprise, not to a unit, whatever the unit select said.
        (await UserAsync(await UserIdAsync("ent.owner"), "coalesce(org_unit_id::text, 'none'), enterprise_id")).ShouldBe($"none|{enterpriseId}");
    }

    [Fact]
    public async Task A_department_handler_under_a_region_is_refused()
    {
        var admin = await AdminClientAsync();
        var before = await UserCountAsync();

        var html = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user",
            NewUser("handler.cg", ["DepartmentHandler"], await UnitIdAsync("XH-T01"))));

        ValidationMessages(html).ShouldContain("责任单位经办人须属于部门，“城关街道”是街道");
        (await UserCountAsync()).ShouldBe(before);
        var department = await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' ORDER BY id LIMIT 1");
        (await PostAsync(admin, "/admin/users/new", "user", NewUser("handler.dept", ["DepartmentHandler"], department)))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_staff_user_without_roles_or_unit_is_refused()
    {
        var admin = await AdminClientAsync();

        var noRoles = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user", NewUser("noroles", [], await UnitIdAsync("XH-T01"))));
        var noUnit = await RefusedAsync(await PostAsync(admin, "/admin/users/new", "user", NewUser("nounit", ["Dispatcher"])));

        ValidationMessages(noRoles).ShouldContain("请至少选择一个角色");
        ValidationMessages(noUnit).ShouldContain("请选择所属机构");
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_session_and_refuses_their_next_sign_in()
    {
        var clock = new TestClock();
        await using var factory = new PortalFactory(portal.Database.ConnectionString, clock: clock);
        var admin = await AdminClientAsync(factory);
        var id = await CreateOfficialAsync(admin, "cg.leaving");
        var user = await factory.SignedInClientAsync("cg.leaving", GoodPassword);
        (await user.GetAsync("/enterprises")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await PostAsync(admin, $"/admin/users/{id}/edit", "user-status", [F("Status.Disable", "true")]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync(response.Headers.Location)).ShouldContain("已停用该账号");
        (await UserAsync(id, "is_disabled")).ShouldBe("t");
        (await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_log WHERE action = 'AccountDisabled' AND entity_id = '{id}' AND detail LIKE '%admin%'")).ShouldBe(1);
        // The security stamp is checked once a minute.
        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await user.GetAsync("/enterprises");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.OriginalString.ShouldContain("/account/login");
        var again = await PortalFactory.SignInAsync(factory.CreatePortalClient(), "cg.leaving", GoodPassword);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain("该账号已停用");
        (await admin.GetAsync("/admin/users")).StatusCode.ShouldBe(HttpStatusCode.OK, "the administrator's own session is untouched");

        var enabled = await PostAsync(admin, $"/admin/users/{id}/edit", "user-status", [F("Status.Disable", "false")]);
        enabled.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PortalFactory.SignInAsync(factory.CreatePortalClient(), "cg.leaving", GoodPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_their_own_account()
    {
        var admin = await AdminClientAsync();
        var self = await UserIdAsync("admin");

        var html = await RefusedAsync(await PostAsync(admin, $"/admin/users/{self}/edit", "user-status", [F("Status.Disable", "true")]));

        html.ShouldContain("不能停用自己的账号");
        (await UserAsync(self, "is_disabled")).ShouldBe("f");
    }

    [Fact]
    public async Task Resetting_the_password_lets_the_user_in_with_the_new_one_only_and_lifts_a_lockout()
    {
        var admin = await AdminClientAsync();
        var id = await CreateOfficialAsync(admin, "cg.forgetful");
        await portal.Database.ExecuteAsync($"UPDATE users SET lockout_end = now() + interval '10 minutes', access_failed_count = 5 WHERE id = {id}");
        (await admin.GetStringAsync("/admin/users?q=forgetful")).ShouldContain("已锁定至");

        var weak = await RefusedAsync(await PostAsync(admin, $"/admin/users/{id}/edit", "user-password", [F("Password.NewPassword", "short")]));
        weak.ShouldContain("密码长度不能少于10位");
        var response = await PostAsync(admin, $"/admin/users/{id}/edit", "user-password", [F("Password.NewPassword", "Temp!Pass2026")]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync(response.Headers.Location)).ShouldContain("已重置密码");
        (await UserAsync(id, "coalesce(lockout_end::text, 'none'), access_failed_count")).ShouldBe("none|0");
        (await PortalFactory.SignInAsync(portal.Factory.CreatePortalClient(), "cg.forgetful", GoodPassword)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PortalFactory.SignInAsync(portal.Factory.CreatePortalClient(), "cg.forgetful", "Temp!Pass2026")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await portal.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_log WHERE action = 'PasswordReset' AND entity_id = '{id}' AND detail LIKE '%admin%'")).ShouldBe(1);
    }

    [Fact]
    public async Task Unlocking_clears_the_lockout()
    {
        var admin = await AdminClientAsync();
        var id = await CreateOfficialAsync(admin, "cg.locked");
        await portal.Database.ExecuteAsync($"UPDATE users SET lockout_end = now() + interval '10 minutes', access_failed_count = 5 WHERE id = {id}");

        var response = await PostAsync(admin, $"/admin/users/{id}/edit", "user-unlock", []);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await admin.GetStringAsync(response.Headers.Location)).ShouldContain("已解除锁定");
        (await UserAsync(id, "coalesce(lockout_end::text, 'none'), access_failed_count")).ShouldBe("none|0");
        (await PortalFactory.SignInAsync(portal.Factory.CreatePortalClient(), "cg.locked", GoodPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_keeps_what_was_typed()
    {
        var admin = await AdminClientAsync();
        var id = await CreateOfficialAsync(admin, "cg.contested");
        var town = await UnitIdAsync("XH-T01");
        var stamp = await UserAsync(id, "concurrency_stamp");

        var first = await PostAsync(admin, $"/admin/users/{id}/edit", "user", EditUser(stamp, "王芳", ["Official"], town));
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        var html = await RefusedAsync(await PostAsync(admin, $"/admin/users/{id}/edit", "user", EditUser(stamp, "李娜", ["Official"], town)));

        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("value=\"李娜\"");
        (await UserAsync(id, "display_name")).ShouldBe("王芳");
    }

    [Fact]
    public async Task Changing_roles_or_unit_renews_the_security_stamp_and_a_name_change_does_not()
    {
        var admin = await AdminClientAsync();
        var id = await CreateOfficialAsync(admin, "cg.promoted");
        var town = await UnitIdAsync("XH-T01");
        var district = await UnitIdAsync("XH");
        var security = await UserAsync(id, "security_stamp");

        var renamed = await PostAsync(admin, $"/admin/users/{id}/edit", "user",
            EditUser(await UserAsync(id, "concurrency_stamp"), "赵强", ["Official"], town, phone: "13900001111"));
        renamed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await renamed.Content.ReadAsStringAsync());
        (await UserAsync(id, "security_stamp")).ShouldBe(security);

        var promoted = await PostAsync(admin, $"/admin/users/{id}/edit", "user",
            EditUser(await UserAsync(id, "concurrency_stamp"), "赵强", ["Dispatcher", "Supervisor"], district, phone: "13900001111"));
        promoted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await promoted.Content.ReadAsStringAsync());
        (await admin.GetStringAsync(promoted.Headers.Location)).ShouldContain("已保存");
        (await RolesAsync(id)).ShouldBe("Dispatcher,Supervisor");
        (await UserAsync(id, "display_name, phone_number, org_unit_id")).ShouldBe($"赵强|13900001111|{district}");
        (await UserAsync(id, "security_stamp")).ShouldNotBe(security);
    }

    [Fact]
    public async Task The_list_filters_by_role_and_unit_and_pages_by_user_name()
    {
        var admin = await AdminClientAsync();
        for (var i = 0; i < 22; i++) await CreateOfficialAsync(admin, $"page.user{i:00}");

        var byRole = await admin.GetStringAsync("/admin/users?role=DepartmentHandler");
        var byUnit = await admin.GetStringAsync($"/admin/users?unit={await UnitIdAsync("XH-T01")}&q=page.user");
        var first = await admin.GetStringAsync("/admin/users?q=page.user");
        var next = NextLink().Match(first);
        var second = await admin.GetStringAsync(WebUtility.HtmlDecode(next.Groups[1].Value));

        byRole.ShouldContain(">handler<");
        byRole.ShouldNotContain(">official<");
        byUnit.ShouldContain("共 22 个用户");
        first.ShouldContain("page.user00");
        first.ShouldContain("page.user19");
        first.ShouldNotContain("page.user20");
        second.ShouldContain("page.user21");
        second.ShouldNotContain("page.user19");
    }

    [Theory]
    [InlineData("official")]
    [InlineData("leader")]
    [InlineData("enterprise")]
    public async Task Only_administrators_may_open_the_user_pages(string userName)
    {
        var client = await portal.Factory.SignedInClientAsync(userName);
        var id = await UserIdAsync("admin");

        foreach (var url in new[] { "/admin/users", "/admin/users/new", $"/admin/users/{id}/edit" })
        {
            (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
        }
    }

    [Fact]
    public async Task A_missing_user_answers_404_to_a_view_and_to_a_post()
    {
        var admin = await AdminClientAsync();
        var stale = await admin.GetStringAsync($"/admin/users/{await UserIdAsync("official")}/edit");
        var token = WebUtility.HtmlDecode(Regex.Match(stale, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

        (await admin.GetAsync("/admin/users/999999999/edit")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        foreach (var form in new[] { "user", "user-status", "user-password", "user-unlock" })
        {
            var response = await admin.PostAsync("/admin/users/999999999/edit", new FormUrlEncodedContent(
                [F("_handler", form), F("__RequestVerificationToken", token), F("Status.Disable", "true"), F("Password.NewPassword", "Temp!Pass2026")]));
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, form);
        }
    }

    private static string RowHtml(string html, long id)
    {
        var m = Regex.Match(html, $"<tr data-user-id=\"{id}\">.*?</tr>", RegexOptions.Singleline);
        m.Success.ShouldBeTrue($"row of user {id}");
        return m.Value;
    }

    [GeneratedRegex("rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();
}
