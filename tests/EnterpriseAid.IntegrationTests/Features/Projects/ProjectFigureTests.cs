using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Projects;

/// <summary>The bulletins' 三个一批 sentences reproduced on the project list and in its Excel export.</summary>
public sealed partial class ProjectFigureTests(ProjectFixture fx) : IClassFixture<ProjectFixture>
{
    private static string Figure(string html, string key) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"data-figure=\"{key}\".*?data-value>([^<]*)<", RegexOptions.Singleline).Groups[1].Value);

    private static string BatchRow(string html, string batch) =>
        WebUtility.HtmlDecode(Regex.Replace(Regex.Match(html, $"<tr[^>]*data-batch=\"{batch}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value, "<[^>]+>", "|"));

    [Fact]
    public async Task The_signed_batch_prints_37_projects_434_yi_honoured_100_and_started_84_percent()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("dispatcher");

        var html = await client.GetStringAsync("/projects?batch=" + Uri.EscapeDataString("第九期"));

        Figure(html, "signed").ShouldBe("37");
        Figure(html, "honour-rate").ShouldBe("100%");
        Figure(html, "start-rate").ShouldBe("84%");
        html.ShouldContain("签约项目37个，总投资434亿元，履约率100%，开工率84%");
        html.ShouldContain("共 37 个项目");
    }

    [Fact]
    public async Task Procedures_of_the_newly_started_provincial_and_municipal_projects_are_85_point_2_percent_done()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("dispatcher");

        var query = $"?batch={Uri.EscapeDataString("第十期")}&stage=Started&level=province&level=city";

        var html = await client.GetStringAsync("/projects" + query);
        var book = XlsxBook.Read(await client.GetByteArrayAsync("/projects/export.xlsx" + query));

        html.ShouldContain("共 9 个项目");
        Figure(html, "procedure-rate").ShouldBe("85.2%");
        html.ShouldContain("54项手续已办结46项，办结率85.2%");
        var total = book[0].Rows.Select(r => r.Select(c => c.Text).ToList()).Single(r => r.FirstOrDefault() == "合计");
        total[1].ShouldBe("9");
        total.TakeLast(2).ShouldBe(["46/54", "85.2%"]);
    }

    [Fact]
    public async Task The_production_batch_has_completed_844_yi_or_71_point_4_percent_and_85_percent_at_full_effect()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("official");

        var html = await client.GetStringAsync("/projects?batch=" + Uri.EscapeDataString("第十一期"));

        html.ShouldContain("投产项目160个，已完成投资844亿元、占总投资的71.4%，已达效136个、达效率85%");
        Figure(html, "effect-rate").ShouldBe("85%");
    }

    [Fact]
    public async Task The_figures_table_has_a_row_per_batch_and_the_export_parses_back_to_the_same_figures()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("dispatcher");
        var html = await client.GetStringAsync("/projects");
        var row = BatchRow(html, "第九期");
        row.ShouldContain("|37|");
        row.ShouldContain("|434亿元|");
        row.ShouldContain("|100%|");
        row.ShouldContain("|84%|");
        var href = WebUtility.HtmlDecode(Regex.Match(html, "href=\"(/projects/export\\.xlsx[^\"]*)\"").Groups[1].Value);

        var response = await client.GetAsync(href + "?batch=" + Uri.EscapeDataString("第九期"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        XlsxBook.SchemaErrors(bytes).ShouldBeEmpty();
        var sheets = XlsxBook.Read(bytes);
        sheets.Count.ShouldBe(2);
        var figures = sheets[0];
        var texts = figures.Rows.Select(r => r.Select(c => c.Text).ToList()).ToList();
        var batch = texts.Single(r => r.FirstOrDefault() == "第九期");
        batch.Take(8).ShouldBe(["第九期", "37", "434亿元", "37", "434亿元", "100%", "31", "84%"]);
        texts.ShouldContain(r => r.FirstOrDefault() == "合计");
        sheets[1].Rows.Count(r => r.Any(c => c.Text.StartsWith("第九期签约项目", StringComparison.Ordinal))).ShouldBe(37);
    }

    [Fact]
    public async Task A_filter_value_that_is_not_known_lists_nothing_and_the_export_answers_400()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("dispatcher");

        var html = await client.GetStringAsync("/projects?stage=Flying&month=2026-13");
        var export = await client.GetAsync("/projects/export.xlsx?stage=Flying");

        html.ShouldContain("项目阶段的取值无效，请重新选择");
        html.ShouldContain("统计月份应为已开始的月份");
        html.ShouldNotContain("data-testid=\"figures\"");
        export.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await export.Content.ReadAsStringAsync()).ShouldContain("项目阶段的取值无效");
    }

    [Fact]
    public async Task A_batch_of_160_projects_is_listed_25_to_a_page_with_its_filter_kept_and_the_figures_of_all_160_on_every_page()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("dispatcher");
        var batch = "/projects?batch=" + Uri.EscapeDataString("第十一期");

        var first = await client.GetStringAsync(batch);
        first.ShouldContain("共 160 个项目，本页 25 个");
        first.ShouldContain("第 1 / 7 页");
        var next = WebUtility.HtmlDecode(Regex.Match(first, "href=\"([^\"]+)\" data-testid=\"page-next\"").Groups[1].Value);
        next.ShouldBe(batch + "&page=2");

        var ids = new List<string>();
        for (var page = 1; page <= 7; page++)
        {
            var html = page == 1 ? first : await client.GetStringAsync(batch + "&page=" + page);
            var rows = Regex.Matches(html, "<tr data-project=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
            rows.Count.ShouldBe(page < 7 ? 25 : 10);
            ids.AddRange(rows);
            BatchRow(html, "第十一期").ShouldBe(BatchRow(first, "第十一期"));
        }
        ids.Distinct().Count().ShouldBe(160);
        // A page beyond the last shows the last.
        Regex.Matches(await client.GetStringAsync(batch + "&page=99"), "<tr data-project=").Count.ShouldBe(10);
    }

    [Fact]
    public async Task Every_page_of_the_whole_list_holds_the_next_25_projects_in_list_order_across_batch_boundaries()
    {
        var client = await fx.Portal.Factory.SignedInClientAsync("dispatcher");
        var first = await client.GetStringAsync("/projects");
        var total = int.Parse(Regex.Match(first, "共 (\\d+) 个项目").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var pages = (total + 24) / 25;

        var listed = new List<long>();
        for (var page = 1; page <= pages; page++)
        {
            var html = page == 1 ? first : await client.GetStringAsync("/projects?page=" + page);
            var rows = Regex.Matches(html, "<tr data-project=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            rows.Count.ShouldBe(page < pages ? 25 : total - 25 * (pages - 1), $"page {page}");
            listed.AddRange(rows);
        }

        // The same order counted in one statement: batch by number, the furthest stage first, name (Chinese collation), id.
        var path = await fx.Portal.Database.ScalarAsync<string>(
            "SELECT o.path FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.user_name = 'dispatcher'");
        var batches = (await fx.Portal.Database.ScalarAsync<string[]>($"SELECT array_agg(DISTINCT batch) FROM projects WHERE region_path LIKE '{path}%'"))
            .OrderBy(EnterpriseAid.Infrastructure.Reporting.ProjectFigureQuery.BatchOrder).ThenBy(b => b, StringComparer.Ordinal).ToArray();
        var order = string.Join(",", batches.Select(b => $"'{b}'"));
        var expected = await fx.Portal.Database.ScalarAsync<long[]>($"""
            SELECT array_agg(id ORDER BY array_position(ARRAY[{order}]::varchar[], batch), stage DESC, name, id)
            FROM projects WHERE region_path LIKE '{path}%'
            """);
        listed.Count.ShouldBe(total);
        listed.ShouldBe(expected);
        batches.Length.ShouldBeGreaterThan(2);
    }
}
