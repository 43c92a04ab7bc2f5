using System.Net;
using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Assistance;

/// <summary>要素保障 recorded on the enterprise, summed on the ledger, the list and its Excel, the dashboard and the briefing.</summary>
public sealed class AssistanceTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly string Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd");

    private Task<long> EnterpriseInAsync(string town) => portal.Database.ScalarAsync<long>(
        $"SELECT min(e.id) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.name = '{town}'");

    private Task<long> DepartmentAsync(string name) =>
        portal.Database.ScalarAsync<long>($"SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%{name}' ORDER BY id LIMIT 1");

    private async Task<HttpResponseMessage> RecordAsync(HttpClient client, long enterprise, params KeyValuePair<string, string>[] fields) =>
        await PostAsync(client, $"/enterprises/{enterprise}/assistance/new", "assistance-new", [F("Model.DeliveredOn", Today), .. fields]);

    [Fact]
    public async Task A_loan_is_recorded_and_summed_on_the_ledger_the_list_the_dashboard_and_the_briefing()
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var enterprise = await EnterpriseInAsync("城关街道");
        var department = await DepartmentAsync("商务局");

        var response = await RecordAsync(official, enterprise, F("Model.Kind", "Loan"), F("Model.DepartmentId", department.ToString()),
            F("Model.AmountYuan", "21500000"), F("Model.Bank", "江城农商银行"));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        (await RecordAsync(official, enterprise, F("Model.Kind", "Jobs"), F("Model.DepartmentId", department.ToString()),
            F("Model.JobPostings", "350"), F("Model.JobMatches", "186"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var ledger = await official.GetStringAsync($"/enterprises/{enterprise}/ledger");
        ledger.ShouldContain("data-testid=\"ledger-assistance\"");
        ledger.ShouldContain("2150万元 · 江城农商银行");

        var list = await official.GetStringAsync("/assistance");
        list.ShouldContain("data-kind=\"Loan\"");
        list.ShouldContain("1家企业，2150万元");

        // The briefing and the dashboard of the district for this year count the same records.
        await using var scope = portal.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        var district = await portal.Database.ScalarAsync<string>("SELECT path FROM org_units WHERE kind = 'District' ORDER BY id LIMIT 1");
        var today = DateOnly.Parse(Today);
        var year = BriefingPeriod.Preset(BriefingPeriodKind.Year, today);
        var briefing = await new BriefingFigureSource(db).FiguresAsync(district, "全区", year, today);
        briefing.Assistance!.LoanEnterprises.ShouldBeGreaterThanOrEqualTo(1);
        BriefingComposer.Compose(briefing).ShouldContain(p => p.Contains("要素保障方面") && p.Contains("提供贷款") && p.Contains("发布岗位信息"));
        var dashboard = scope.ServiceProvider.GetRequiredService<Web.Features.Dashboard.DashboardQueries>();
        var figures = await dashboard.FiguresAsync(district, new Web.Features.Dashboard.DashboardPeriod(Web.Features.Dashboard.PeriodPreset.Year, year.From, year.To));
        figures.Assistance.ShouldBe(briefing.Assistance);
    }

    [Fact]
    public async Task Bad_input_is_refused_in_Chinese_keeps_what_was_typed_and_saves_nothing()
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var enterprise = await EnterpriseInAsync("城关街道");
        var department = await DepartmentAsync("商务局");
        var before = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM assistance_records");

        var noBank = await RecordAsync(official, enterprise, F("Model.Kind", "Loan"), F("Model.DepartmentId", department.ToString()), F("Model.AmountYuan", "100000"));
        (await noBank.Content.ReadAsStringAsync()).ShouldContain("请填写银行");
        var notNumber = await RecordAsync(official, enterprise, F("Model.Kind", "EnergyCost"), F("Model.DepartmentId", department.ToString()),
            F("Model.AmountYuan", "十三万"), F("Model.Note", "<script>alert(1)</script>"));
        var html = await notNumber.Content.ReadAsStringAsync();
        html.ShouldContain("金额须为数字");
        html.ShouldContain("十三万");
        html.ShouldNotContain("<script>alert(1)</script>");
        var foreignDepartment = await RecordAsync(official, enterprise, F("Model.Kind", "Land"), F("Model.DepartmentId", "999999"), F("Model.LandMu", "20"));
        (await foreignDepartment.Content.ReadAsStringAsync()).ShouldContain("请选择提供保障的部门");
        var future = await PostAsync(official, $"/enterprises/{enterprise}/assistance/new", "assistance-new",
            [F("Model.DeliveredOn", "2099-01-01"), F("Model.Kind", "Land"), F("Model.DepartmentId", department.ToString()), F("Model.LandMu", "20")]);
        (await future.Content.ReadAsStringAsync()).ShouldContain("保障日期不能晚于今天");

        (await portal.Database.ScalarAsync<long>("SELECT count(*) FROM assistance_records")).ShouldBe(before);
    }

    [Fact]
    public async Task The_export_parses_back_to_the_records_of_the_filter()
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var enterprise = await EnterpriseInAsync("城关街道");
        (await RecordAsync(official, enterprise, F("Model.Kind", "Materials"), F("Model.DepartmentId", (await DepartmentAsync("商务局")).ToString()),
            F("Model.Item", "钢材"), F("Model.Quantity", "200吨"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var bytes = await official.GetByteArrayAsync("/assistance/export.xlsx?kind=Materials");
        XlsxBook.SchemaErrors(bytes).ShouldBeEmpty();
        var sheet = XlsxBook.Read(bytes)[0];
        var expected = await portal.Database.ScalarAsync<long>("SELECT count(*) FROM assistance_records WHERE kind = 'Materials' AND item = '钢材'");
        sheet.Rows.Count(r => r.Any(c => c.Text == "钢材")).ShouldBe((int)expected);
        (await official.GetAsync("/assistance/export.xlsx?kind=Bribe")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_town_official_neither_sees_nor_records_another_towns_support()
    {
        var official = await portal.Factory.SignedInClientAsync("official");
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var elsewhere = await EnterpriseInAsync("青山镇");
        var department = await DepartmentAsync("商务局");
        (await RecordAsync(dispatcher, elsewhere, F("Model.Kind", "Land"), F("Model.DepartmentId", department.ToString()), F("Model.LandMu", "12.5")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);

        (await official.GetAsync($"/enterprises/{elsewhere}/assistance/new")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await official.GetStringAsync("/assistance?kind=Land")).ShouldNotContain("12.5亩");
        (await dispatcher.GetStringAsync("/assistance?kind=Land")).ShouldContain("12.5亩");
    }
}
