using System.Net;
using System.Text;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Enterprises;

/// <summary>
/// The list exports as .xlsx and .csv: the list's scope and filters, CSV as UTF-8 with a byte-order mark, and text typed
/// by users or external systems that a spreadsheet would run as a formula neutralised in both formats.
/// </summary>
public sealed class ListExportTests(PortalFixture fx) : IClassFixture<PortalFixture>
{
    private const string EvilName = "=HYPERLINK(\"http://evil.example\",\"点击领取补贴\")";
    private const string EvilTitle = "@SUM(1+1)*cmd|' /C calc'!A0";

    private async Task<long> SeedAsync()
    {
        var existing = await fx.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE name = '{EvilName.Replace("'", "''")}'");
        if (existing > 0) return await fx.Database.ScalarAsync<long>($"SELECT id FROM enterprises WHERE name = '{EvilName.Replace("'", "''")}'");
        var id = await fx.Database.ScalarAsync<long>($"""
            INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
            SELECT '{Uscc.NewValid()}', '{EvilName.Replace("'", "''")}', 'industry_above', 'C', o.id, ARRAY['specialized']::text[], 12, now(), now(), '[]'
            FROM org_units o WHERE o.code = 'XH-T01' RETURNING id
            """);
        await fx.Database.ExecuteAsync($"""
            INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, resolved_on_spot,
                                  reopen_count, extension_count, registered_by_user_id, created_at, updated_at)
            VALUES ('2021-000001', {id}, 'policy', 'Ordinary', 'Hotline', '{EvilTitle.Replace("'", "''")}', '-2+3', 'Reported', false,
                    0, 0, (SELECT id FROM users WHERE user_name = 'admin'), '2021-03-01T10:00:00+08', '2021-03-01T10:00:00+08')
            """);
        return id;
    }

    private static string Csv(byte[] body)
    {
        body.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        return Encoding.UTF8.GetString(body, 3, body.Length - 3);
    }

    [Fact]
    public async Task Formula_injection_cells_are_neutralised_in_the_exports()
    {
        await SeedAsync();
        var client = await fx.Factory.SignedInClientAsync("admin");

        var enterprisesCsv = Csv(await client.GetByteArrayAsync("/enterprises/export.csv?q=HYPERLINK"));
        enterprisesCsv.ShouldContain("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点击领取补贴\"\")\"");
        enterprisesCsv.ShouldNotContain(",=HYPERLINK");

        var problemsCsv = Csv(await client.GetByteArrayAsync("/problems/export.csv?from=2021-01-01&to=2021-12-31"));
        problemsCsv.ShouldContain("'" + EvilTitle);
        problemsCsv.Split("\r\n").ShouldNotContain(line => line.Split(',').Any(cell => cell.StartsWith('=') || cell.StartsWith('@')));

        var book = XlsxBook.Read(await client.GetByteArrayAsync("/enterprises/export.xlsx?q=HYPERLINK")).Single();
        book.Rows.SelectMany(r => r).Select(c => c.Text).ShouldContain("'" + EvilName);
        var problems = XlsxBook.Read(await client.GetByteArrayAsync("/problems/export.xlsx?from=2021-01-01&to=2021-12-31")).Single();
        problems.Rows.SelectMany(r => r).Select(c => c.Text).ShouldContain("'" + EvilTitle);
        problems.Rows.SelectMany(r => r).ShouldNotContain(c => c.Text.StartsWith('=') || c.Text.StartsWith('@') || c.Text.StartsWith('-'));
    }

    [Fact]
    public async Task The_enterprise_export_has_the_lists_scope_and_filters_in_both_formats()
    {
        await SeedAsync();
        var official = await fx.Factory.SignedInClientAsync("official");
        var inTown = await fx.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01'");

        var response = await official.GetAsync("/enterprises/export.csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
        response.Content.Headers.ContentDisposition!.FileNameStar!.ShouldStartWith("企业库-");
        response.Content.Headers.ContentDisposition!.FileNameStar!.ShouldEndWith(".csv");
        var lines = Csv(await response.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("企业名称,统一社会信用代码,所属镇街,规模类型,行业门类,从业人数,企业标签,入库日期");
        lines.Length.ShouldBe((int)inTown + 1);

        var filtered = XlsxBook.Read(await official.GetByteArrayAsync("/enterprises/export.xlsx?tag=specialized&q=HYPERLINK")).Single();
        filtered.Rows.Count.ShouldBe(4); // title, export time, header, the one enterprise
        filtered.Rows[3][5].IsNumber.ShouldBeTrue();

        // The enterprise's own account is not staff: no register export.
        (await (await fx.Factory.SignedInClientAsync("enterprise")).GetAsync("/enterprises/export.csv")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // The list page offers both downloads with its filters.
        var page = await official.GetStringAsync("/enterprises?scale=industry_above");
        page.ShouldContain("href=\"/enterprises/export.xlsx?scale=industry_above\"");
        page.ShouldContain("href=\"/enterprises/export.csv?scale=industry_above\"");
    }

    [Fact]
    public async Task Subsidy_and_project_lists_export_as_csv_too()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var programme = await fx.Database.ScalarAsync<long>("""
            INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                          notice_days, stage, created_at, created_by_user_id)
            SELECT p.id, p.region_id, '+稳岗补贴', '2026年第一批', 100000, 0, current_date - 1, current_date + 30, false,
                   7, 'Open', now(), (SELECT id FROM users WHERE user_name = 'admin')
            FROM policies p WHERE p.document_no = '新政办发〔2026〕3号' RETURNING id
            """);
        await fx.Database.ExecuteAsync($"""
            INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, automatic, created_at, updated_at)
            SELECT {programme}, id, 'Submitted', 5000, false, now(), now() FROM enterprises ORDER BY id LIMIT 2
            """);
        var programmes = Csv(await admin.GetByteArrayAsync("/subsidies/export.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        programmes[0].ShouldStartWith("兑现项目,批次,所属政策,政策类别,预算（元）");
        programmes.ShouldContain(line => line.StartsWith("'+稳岗补贴,2026年第一批,", StringComparison.Ordinal) && line.Contains(",100000"));
        var applications = await admin.GetAsync($"/subsidies/{programme}/applications.csv");
        applications.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = Csv(await applications.Content.ReadAsByteArrayAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldStartWith("企业名称,状态,申请金额（元）");
        rows.Length.ShouldBe(3);
        (await admin.GetAsync("/subsidies/999999/applications.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var projects = Csv(await admin.GetByteArrayAsync("/projects/export.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        projects[0].ShouldStartWith("项目名称,");
        projects.Length.ShouldBe((int)await fx.Database.ScalarAsync<long>("SELECT count(*) FROM projects") + 1);
    }
}
