using System.Net;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Assignments;

/// <summary>走访目标 on /admin/settings: validated, audited, guarded against concurrent edits, administrators only.</summary>
public sealed class VisitTargetSettingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private Task<string> ValueAsync() =>
        portal.Database.ScalarAsync<string>("SELECT value FROM portal_settings WHERE key = 'coverage.visits_per_quarter'");

    private Task<string> VersionAsync() =>
        portal.Database.ScalarAsync<string>("SELECT xmin::text FROM portal_settings WHERE key = 'coverage.visits_per_quarter'");

    private async Task<HttpResponseMessage> SaveAsync(HttpClient admin, string value, string? version = null) =>
        await PostAsync(admin, "/admin/settings", "settings-visit-target",
            [F("Model.PerQuarter", value), F("Model.Version", version ?? await VersionAsync())]);

    [Theory]
    [InlineData("0")]
    [InlineData("31")]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("三")]
    [InlineData("")]
    public async Task A_target_outside_one_to_thirty_is_refused_in_Chinese_and_nothing_changes(string value)
    {
        var admin = await portal.Factory.SignedInClientAsync("admin");
        var before = await ValueAsync();

        var response = await SaveAsync(admin, value);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        ValidationMessages(html).ShouldContain(value == "" ? "请填写每家企业每季度走访目标" : "走访目标须为1至30之间的整数");
        html.ShouldContain($"value=\"{value}\"", customMessage: "the typed value is kept");
        (await ValueAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_administrator_changes_the_target_and_the_change_is_audited_and_used_by_the_coverage_view()
    {
        var admin = await portal.Factory.SignedInClientAsync("admin");
        (await admin.GetStringAsync("/admin/settings")).ShouldContain("value=\"1\"", customMessage: "the default is one visit a quarter");

        var response = await SaveAsync(admin, " 4 ");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await ValueAsync()).ShouldBe("4");
        (await portal.Database.ScalarAsync<long>(
                "SELECT count(*) FROM audit_log WHERE entity_type = 'PortalSetting' AND entity_id = 'coverage.visits_per_quarter' AND action = 'Updated'"))
            .ShouldBe(1);
        (await admin.GetStringAsync(response.Headers.Location)).ShouldContain("已保存");
        (await admin.GetStringAsync("/assignments/coverage?tab=visits")).ShouldContain("每家每季度走访 4 次");

        // Restore, for the other tests of this class.
        (await SaveAsync(admin, "1")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task A_save_over_someone_elses_change_is_refused_and_shows_the_current_value()
    {
        var admin = await portal.Factory.SignedInClientAsync("admin");
        var seen = await VersionAsync();
        await portal.Database.ExecuteAsync("UPDATE portal_settings SET value = '3', updated_at = now() WHERE key = 'coverage.visits_per_quarter'");

        var response = await SaveAsync(admin, "6", seen);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("当前保存的值为 3 次");
        html.ShouldContain("value=\"6\"");
        (await ValueAsync()).ShouldBe("3");
        await portal.Database.ExecuteAsync("UPDATE portal_settings SET value = '1' WHERE key = 'coverage.visits_per_quarter'");
    }

    [Theory]
    [InlineData("dispatcher")]
    [InlineData("leader")]
    [InlineData("official")]
    public async Task Only_an_administrator_may_change_it(string user)
    {
        var client = await portal.Factory.SignedInClientAsync(user);

        (await client.GetAsync("/admin/settings")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
