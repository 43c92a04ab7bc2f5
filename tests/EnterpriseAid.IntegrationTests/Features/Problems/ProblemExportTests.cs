using System.Net;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>GET /problems/export.xlsx: the filtered list as a workbook, read back with the Open XML SDK.</summary>
[Collection(ProblemDataCollection.Name)]
public sealed class ProblemExportTests(ProblemDataSet data)
{
    private static readonly string[] Headers =
    [
        "编号", "企业", "统一社会信用代码", "类别", "紧急程度", "来源", "标题", "状态", "牵头单位", "协办单位",
        "登记日期", "办理期限", "办结日期", "是否现场解决", "是否按期", "满意度", "预警",
    ];

    private async Task<(HttpResponseMessage Response, byte[] Body)> ExportAsync(string query, string user = "admin")
    {
        var client = await data.Portal.Factory.SignedInClientAsync(user);
        var response = await client.GetAsync("/problems/export.xlsx?" + query);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static XlsxSheetRead Sheet(byte[] body) => XlsxBook.Read(body).ShouldHaveSingleItem();

    /// <summary>The problem numbers of the data rows (below the title, filter and header rows).</summary>
    private static List<string> Numbers(XlsxSheetRead sheet) => sheet.Rows.Skip(3).Select(r => r[0].Text).ToList();

    [Fact]
    public async Task The_export_has_Chinese_headers_one_row_per_filtered_problem_and_real_dates()
    {
        var (response, body) = await ExportAsync($"{ProblemDataSet.Year}&dept={data.Departments["C"]}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        XlsxBook.SchemaErrors(body).ShouldBeEmpty();
        var sheet = Sheet(body);
        sheet.Name.ShouldBe("问题");
        sheet.Texts(2, Headers.Length).ShouldBe(Headers);
        Numbers(sheet).ShouldBe(["2019-000007", "2019-000006", "2019-000005", "2019-000004"]);

        var row = sheet.Rows.Single(r => r[0].Text == "2019-000005");
        var cells = row.ToDictionary(c => new string(c.Reference.TakeWhile(char.IsLetter).ToArray()));
        cells["B"].Text.ShouldBe(data.EnterpriseNames["E1"]);
        cells["D"].Text.ShouldBe("用能");
        cells["H"].Text.ShouldBe("办理中");
        cells["I"].Text.ShouldEndWith("商务局");
        cells["J"].Text.ShouldEndWith("财政局");
        cells["K"].IsDate.ShouldBeTrue();
        cells["K"].AsDate().ShouldBe(new DateTime(2019, 5, 2));
        cells["L"].IsDate.ShouldBeTrue();
        cells["L"].AsDate().ShouldBe(new DateTime(2019, 5, 20));
        cells.ContainsKey("M").ShouldBeFalse();
        cells["N"].Text.ShouldBe("否");
        cells["Q"].Text.ShouldBe("黄色预警（逾期）");

        var resolved = sheet.Rows.Single(r => r[0].Text == "2019-000006").ToDictionary(c => new string(c.Reference.TakeWhile(char.IsLetter).ToArray()));
        resolved["M"].AsDate().ShouldBe(new DateTime(2019, 5, 6));
        resolved["O"].Text.ShouldBe("是");
        resolved["P"].Text.ShouldBe("基本满意");
    }

    [Fact]
    public async Task The_row_count_equals_the_lists_total_and_the_title_rows_name_the_filters_and_the_time()
    {
        var query = $"{ProblemDataSet.Year}&status=Reported&region={data.District}";
        var client = await data.Portal.Factory.SignedInClientAsync("dispatcher");
        var list = await client.GetStringAsync("/problems?" + query);
        var total = int.Parse(System.Text.RegularExpressions.Regex.Match(list, "共 (\\d+) 个问题").Groups[1].Value);

        var (_, body) = await ExportAsync(query, "dispatcher");

        var sheet = Sheet(body);
        total.ShouldBe(28);
        (sheet.Rows.Count - 3).ShouldBe(total);
        Numbers(sheet).Distinct().Count().ShouldBe(total);
        sheet.Rows[0][0].Text.ShouldBe("问题台账");
        var subtitle = sheet.Rows[1][0].Text;
        subtitle.ShouldContain("状态：登记");
        subtitle.ShouldContain("所属区域：新河区");
        subtitle.ShouldContain("登记日期：2019-01-01 至 2019-12-31");
        subtitle.ShouldContain($"共 {total} 个问题");
        subtitle.ShouldContain($"导出时间：{DateTime.UtcNow.AddHours(8):yyyy-MM-dd}");
        sheet.FrozenTopLeft.ShouldBe("A4");
        sheet.AutoFilter.ShouldBe($"A3:Q{total + 3}");
        sheet.Merged.ShouldBe(["A1:Q1", "A2:Q2"]);
        sheet.Widths.Count.ShouldBe(17);
        sheet.Widths.ShouldAllBe(w => w >= 9);
    }

    [Fact]
    public async Task The_file_name_is_Chinese_in_an_RFC_5987_filename_star()
    {
        var (response, _) = await ExportAsync(ProblemDataSet.Year);

        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.ShouldBe("attachment");
        disposition.FileNameStar.ShouldStartWith("问题台账-");
        disposition.FileNameStar.ShouldEndWith(".xlsx");
        response.Content.Headers.GetValues("Content-Disposition").Single().ShouldContain("filename*=UTF-8''%E9%97%AE%E9%A2%98");
        disposition.FileName!.Trim('"').ShouldStartWith("problems-");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task A_department_handler_exports_only_its_departments_problems()
    {
        var (_, body) = await ExportAsync(ProblemDataSet.Year, "handler");

        // 商务局 leads 4, 5, 6 and co-handles 7; it has no assignment, so nothing else of those enterprises.
        Numbers(Sheet(body)).ShouldBe(["2019-000007", "2019-000006", "2019-000005", "2019-000004"]);
    }

    [Fact]
    public async Task A_town_official_exports_only_the_towns_problems()
    {
        var (_, body) = await ExportAsync(ProblemDataSet.Year, "official");

        var numbers = Numbers(Sheet(body));
        numbers.ShouldBe(ProblemDataSet.Specs.Where(s => s.Enterprise == "E1").Select(s => s.Number).OrderByDescending(n => n, StringComparer.Ordinal));
        Sheet(body).Rows.Skip(3).ShouldAllBe(r => r[1].Text == data.EnterpriseNames["E1"]);
    }

    [Fact]
    public async Task The_flag_filter_applies_to_the_export_too()
    {
        var (_, body) = await ExportAsync($"{ProblemDataSet.Year}&flag=yellow");

        Numbers(Sheet(body)).ShouldBe(["2019-000005", "2019-000004"]);
    }

    [Fact]
    public async Task An_empty_selection_exports_the_headers_only()
    {
        var (response, body) = await ExportAsync("from=2019-01-01&to=2019-01-31");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sheet = Sheet(body);
        sheet.Rows.Count.ShouldBe(3);
        sheet.Texts(2, Headers.Length).ShouldBe(Headers);
    }

    [Theory]
    [InlineData("from=2019-02-30", "登记日期（起）应为 年-月-日 格式的日期")]
    [InlineData("from=2019-04-01&to=2019-03-01", "登记日期的开始日期不能晚于结束日期")]
    [InlineData("status=Unknown", "状态的取值无效")]
    [InlineData("dept=1", "所选责任单位不存在或不在您的负责范围内")]
    public async Task A_bad_filter_answers_400_with_a_Chinese_message(string query, string message)
    {
        var (response, body) = await ExportAsync(query);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        System.Text.Encoding.UTF8.GetString(body).ShouldContain(message);
    }

    [Fact]
    public async Task An_enterprise_user_may_not_export()
    {
        var (response, _) = await ExportAsync(ProblemDataSet.Year, "enterprise");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_list_offers_the_export_with_its_current_filters()
    {
        var client = await data.Portal.Factory.SignedInClientAsync("admin");
        var html = await client.GetStringAsync($"/problems?{ProblemDataSet.Year}&category=energy&after=2019-000036");

        var link = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]+)\" data-testid=\"export\"").Groups[1].Value);
        link.ShouldBe("/problems/export.xlsx?category=energy&from=2019-01-01&to=2019-12-31");
        var body = await client.GetByteArrayAsync(link);
        Numbers(Sheet(body)).ShouldBe(["2019-000005", "2019-000003"]);
    }
}
