using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Operating;

/// <summary>经营状况 / 复工复产: entering reports (staff and the enterprise itself), the rules, and the figures by scale class.</summary>
public sealed partial class OperatingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>The n-th enterprise of a town by code, in id order.</summary>
    private Task<long> EnterpriseAsync(string town, int n) => portal.Database.ScalarAsync<long>(
        $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = '{town}' ORDER BY e.id OFFSET {n} LIMIT 1");

    private Task<long> ReportCountAsync(long enterprise) =>
        portal.Database.ScalarAsync<long>($"SELECT count(*) FROM operating_reports WHERE enterprise_id = {enterprise}");

    private static List<KeyValuePair<string, string>> Form(DateOnly day, string operating, string onDuty, string usual, string capacity, string note = "") =>
    [
        F("Model.ReportedOn", Text(day)), F("Model.Operating", operating), F("Model.StaffOnDuty", onDuty),
        F("Model.UsualStaff", usual), F("Model.CapacityPercent", capacity), F("Model.Note", note),
    ];

    [Fact]
    public async Task The_official_enters_a_report_and_sees_it_first_on_the_page_and_on_the_ledger()
    {
        var client = await portal.Factory.SignedInClientAsync("official");
        var enterprise = await EnterpriseAsync("XH-T01", 2);
        var day = Today.AddDays(-1);

        var response = await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add",
            Form(day, "yes", "87", "120", "95", "二号产线恢复满负荷"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await portal.Database.ScalarAsync<string>(
                $"SELECT operating || ':' || staff_on_duty || ':' || usual_staff || ':' || capacity_percent || ':' || source || ':' || note FROM operating_reports WHERE enterprise_id = {enterprise} AND reported_on = '{Text(day)}'"))
            .ShouldBe("true:87:120:95:Staff:二号产线恢复满负荷");
        var html = await client.GetStringAsync($"/enterprises/{enterprise}/operating");
        // Newest report date first.
        var dates = ReportDate().Matches(html).Select(m => m.Groups[1].Value).ToList();
        dates.ShouldNotBeEmpty();
        dates.ShouldBe(dates.OrderByDescending(d => d).ToList());
        dates.ShouldContain(Text(day));
        var ledger = await client.GetStringAsync($"/enterprises/{enterprise}/ledger");
        ledger.ShouldContain("data-testid=\"ledger-operating\"");
        ledger.ShouldContain("二号产线恢复满负荷");
    }

    [Fact]
    public async Task Bad_input_is_refused_in_Chinese_next_to_the_fields_the_typed_values_stay_and_nothing_is_saved()
    {
        var client = await portal.Factory.SignedInClientAsync("official");
        var enterprise = await EnterpriseAsync("XH-T01", 3);
        var before = await ReportCountAsync(enterprise);

        var response = await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add", Form(Today, "yes", "-3", "0", "200"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        var messages = ValidationMessages(html);
        messages.ShouldContain("在岗人数不能为负数");
        messages.ShouldContain("正常用工人数至少为1人");
        messages.ShouldContain("产能利用率应在0%到150%之间");
        html.ShouldContain("value=\"200\"");
        html.ShouldContain("value=\"-3\"");

        var stopped = await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add", Form(Today, "no", "2", "50", "40"));
        ValidationMessages(await stopped.Content.ReadAsStringAsync()).ShouldContain("未在产的企业产能利用率应为0%");

        var future = await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add", Form(Today.AddDays(1), "yes", "5", "50", "10"));
        ValidationMessages(await future.Content.ReadAsStringAsync()).ShouldContain("报告日期不能晚于今天");

        var garbage = await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add", Form(Today, "", "abc", "", ""));
        garbage.StatusCode.ShouldBe(HttpStatusCode.OK);
        var garbageMessages = ValidationMessages(await garbage.Content.ReadAsStringAsync());
        garbageMessages.ShouldContain("在岗人数应为整数");
        garbageMessages.ShouldContain("请填写正常用工人数");
        garbageMessages.ShouldContain("请选择是否在产（复工）");

        (await ReportCountAsync(enterprise)).ShouldBe(before);
    }

    [Fact]
    public async Task A_second_report_for_the_same_date_is_refused_and_a_stopped_firm_may_leave_capacity_blank()
    {
        var client = await portal.Factory.SignedInClientAsync("official");
        var enterprise = await EnterpriseAsync("XH-T01", 4);
        var day = Today.AddDays(-2);
        (await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add", Form(day, "no", "3", "40", "")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var count = await ReportCountAsync(enterprise);

        var again = await PostAsync(client, $"/enterprises/{enterprise}/operating", "operating-add", Form(day, "yes", "40", "40", "100"));

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(await again.Content.ReadAsStringAsync()).ShouldContain($"该企业{Text(day)}的经营状况已填报，同一报告日期只能填报一次");
        (await ReportCountAsync(enterprise)).ShouldBe(count);
        (await portal.Database.ScalarAsync<string>(
                $"SELECT operating || ':' || capacity_percent FROM operating_reports WHERE enterprise_id = {enterprise} AND reported_on = '{Text(day)}'"))
            .ShouldBe("false:0");
    }

    [Fact]
    public async Task Two_reports_for_the_same_date_at_the_same_moment_leave_one()
    {
        var enterprise = await EnterpriseAsync("XH-T01", 5);
        var day = Today.AddDays(-3);
        var a = await portal.Factory.SignedInClientAsync("official");
        var b = await portal.Factory.SignedInClientAsync("dispatcher");
        var results = await Task.WhenAll(
            PostAsync(a, $"/enterprises/{enterprise}/operating", "operating-add", Form(day, "yes", "10", "20", "50")),
            PostAsync(b, $"/enterprises/{enterprise}/operating", "operating-add", Form(day, "yes", "11", "20", "55")));

        results.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1);
        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM operating_reports WHERE enterprise_id = {enterprise} AND reported_on = '{Text(day)}'"))
            .ShouldBe(1);
    }

    [Fact]
    public async Task The_enterprise_reports_for_itself_only()
    {
        var client = await portal.Factory.SignedInClientAsync("enterprise");
        var own = await portal.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var other = await portal.Database.ScalarAsync<long>($"SELECT id FROM enterprises WHERE id <> {own} ORDER BY id LIMIT 1");
        var otherBefore = await ReportCountAsync(other);
        var day = Today.AddDays(-4);

        var response = await PostAsync(client, "/portal/operating", "portal-operating",
            [.. Form(day, "yes", "30", "32", "90"), F("EnterpriseId", other.ToString()), F("Model.EnterpriseId", other.ToString())]);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await portal.Database.ScalarAsync<string>(
                $"SELECT enterprise_id || ':' || source FROM operating_reports WHERE reported_on = '{Text(day)}' AND staff_on_duty = 30 AND usual_staff = 32"))
            .ShouldBe($"{own}:Enterprise");
        (await ReportCountAsync(other)).ShouldBe(otherBefore);
        // Staff pages are not the enterprise's.
        (await client.GetAsync($"/enterprises/{other}/operating")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync($"/enterprises/{own}/operating")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetAsync("/operating")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.GetStringAsync("/portal/operating")).ShouldContain(Text(day));
    }

    [Fact]
    public async Task Out_of_scope_enterprises_answer_404_by_url_and_by_form_and_nothing_is_saved()
    {
        var client = await portal.Factory.SignedInClientAsync("official");
        var own = await EnterpriseAsync("XH-T01", 6);
        var outside = await EnterpriseAsync("XH-T07", 0);
        var before = await ReportCountAsync(outside);

        (await client.GetAsync($"/enterprises/{outside}/operating")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var page = await client.GetStringAsync($"/enterprises/{own}/operating");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        var response = await client.PostAsync($"/enterprises/{outside}/operating", new FormUrlEncodedContent(
            [F("_handler", "operating-add"), F("__RequestVerificationToken", token), .. Form(Today, "yes", "1", "2", "50")]));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ReportCountAsync(outside)).ShouldBe(before);
    }

    [Fact]
    public async Task A_department_handler_reads_but_does_not_enter_reports()
    {
        var handler = await portal.Factory.SignedInClientAsync("handler");
        (await handler.GetAsync("/operating")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The handler's enterprises (those its department serves), if any, show no form.
        var own = await portal.Database.ScalarAsync<long?>(
            "SELECT d.enterprise_id FROM enterprise_departments d JOIN users u ON u.org_unit_id = d.department_id WHERE u.user_name = 'handler' ORDER BY 1 LIMIT 1");
        if (own is { } id)
        {
            var html = await handler.GetStringAsync($"/enterprises/{id}/operating");
            html.ShouldNotContain("id=\"add\"");
        }
    }

    [GeneratedRegex("data-date=\"(\\d{4}-\\d{2}-\\d{2})\"")]
    private static partial Regex ReportDate();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
