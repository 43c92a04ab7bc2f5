using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Imports;

/// <summary>
/// The enterprise roster import through HTTP and the background worker: upload, mapping, the validation report,
/// commit with exact counts, idempotence, all-or-nothing on a failure midway, formula neutralising, and scope.
/// </summary>
public sealed class EnterpriseImportTests(PortalFixture fx) : IClassFixture<PortalFixture>
{
    private static readonly string[] Headers = EnterpriseImportFields.All.Select(f => f.Label).ToArray();

    private static byte[] Workbook(IEnumerable<string?[]> rows) => ImportRosters.Xlsx(rows);

    /// <summary>A row: code, name, town, scale, industry, then legal representative, employees, address, founding date, tags.</summary>
    private static string?[] Row(string? uscc, string? name, string? town = "城关街道", string? scale = "规上工业", string? industry = "C 制造业",
        string? legal = "张建国", string? employees = "120", string? address = "新河区工业大道8号", string? established = "2015-03-01", string? tags = "专精特新") =>
        [uscc, name, town, scale, industry, legal, employees, address, established, tags];

    private static string WrongCheck(string uscc) => uscc[..17] + (uscc[17] == 'A' ? 'B' : 'A');

    private Task<long> UploadAsync(HttpClient client, byte[] content, string fileName) =>
        ImportSteps.UploadAsync(client, content, fileName, ImportKinds.Enterprises);

    private Task<string> ValidateAsync(HttpClient client, long id) => ImportSteps.ValidateAsync(fx, client, id, Headers.Length);

    private Task<string> CommitAsync(HttpClient client, long id) => ImportSteps.CommitAsync(fx, client, id);

    private Task<string> SettledAsync(long id) => ImportSteps.SettledAsync(fx, id);

    private Task<long> CountAsync(params string[] usccs) =>
        fx.Database.ScalarAsync<long>($"SELECT count(*) FROM enterprises WHERE uscc IN ({string.Join(",", usccs.Select(u => $"'{u}'"))})");

    [Fact]
    public async Task A_file_with_good_and_bad_rows_gives_the_exact_report_and_cannot_be_committed()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var (a, b, c) = (Uscc.NewValid(), Uscc.NewValid(), Uscc.NewValid());
        var badCheck = WrongCheck(Uscc.NewValid());
        var bytes = Workbook([
            Row(a, "新河精密机械有限公司"),
            Row(b, "新河食品有限公司", town: "东湖街道", scale: "批零住餐", industry: "F", tags: null),
            Row(badCheck, "校验位错误有限公司"),
            Row(Uscc.NewValid(), "火星镇企业有限公司", town: "火星镇"),
            Row(a, "重复代码有限公司"),
            Row(Uscc.NewValid(), null),
            Row(c, "=HYPERLINK(\"http://evil.example\",\"点我\")", scale: "大型企业", employees: "很多"),
        ]);
        var id = await UploadAsync(admin, bytes, "四上企业名单.xlsx");
        var page = await admin.GetStringAsync($"/imports/{id}");
        page.ShouldContain("data-testid=\"mapping\"");
        foreach (var (label, i) in Headers.Select((h, i) => (h, i)))
            page.ShouldContain($"<option value=\"{i}\" selected>{ColumnLetter(i)}：{label}</option>"); // matched from the headers

        (await ValidateAsync(admin, id)).ShouldBe(ImportStatus.Validated);
        (await fx.Database.ScalarAsync<int>($"SELECT total_rows FROM import_jobs WHERE id = {id}")).ShouldBe(7);
        (await fx.Database.ScalarAsync<int>($"SELECT error_rows FROM import_jobs WHERE id = {id}")).ShouldBe(5);
        var issues = ImportJobStore.ReadIssues(await fx.Database.ScalarAsync<string>($"SELECT issues::text FROM import_jobs WHERE id = {id}"));
        issues.Select(i => $"{i.Row}|{i.Column}|{i.Message}|{(i.Warning ? "提示" : "错误")}").ShouldBe([
            "4|统一社会信用代码|统一社会信用代码校验位不正确，请核对后重新输入|错误",
            "5|所属镇街|未知的镇街“火星镇”，请填写系统中已有的镇街名称|错误",
            "6|统一社会信用代码|与第2行的统一社会信用代码重复（文件内重复）|错误",
            "7|企业名称|缺少必填项：企业名称|错误",
            "8|企业名称|内容以公式符号开头，可能被 Excel 当作公式执行；已在开头加上 ' 作为纯文本保存|提示",
            "8|规模类型|未知的规模类型“大型企业”，可填：规上工业、规下工业、规上服务业、规下服务业、建筑业、批零住餐、房地产业、其他|错误",
            "8|从业人数|从业人数应为整数|错误",
        ]);

        page = await admin.GetStringAsync($"/imports/{id}");
        page.ShouldContain("data-testid=\"has-errors\"");
        page.ShouldNotContain("data-testid=\"commit-form\"");

        var report = await admin.GetAsync($"/imports/{id}/report.xlsx");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reportBytes = await report.Content.ReadAsByteArrayAsync();
        XlsxBook.SchemaErrors(reportBytes).ShouldBeEmpty();
        var sheet = XlsxBook.Read(reportBytes)[0];
        sheet.Texts(3, 5).ShouldBe(["4", "统一社会信用代码", badCheck, "统一社会信用代码校验位不正确，请核对后重新输入", "错误"]);
        sheet.Rows.Count.ShouldBe(3 + 7); // title, subtitle, header, seven issues

        // A crafted commit of a file with errors is refused and writes nothing.
        await PostAsync(admin, $"/imports/{id}", "import-commit", [F("Commit.Confirm", "yes")]);
        (await SettledAsync(id)).ShouldBe(ImportStatus.Validated);
        (await CountAsync(a, b, c)).ShouldBe(0);
    }

    [Fact]
    public async Task Committing_inserts_then_reimporting_the_same_file_changes_nothing_and_a_changed_row_is_one_update()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var codes = new[] { Uscc.NewValid(), Uscc.NewValid(), Uscc.NewValid() };
        string?[][] rows = [Row(codes[0], "幂等甲有限公司"), Row(codes[1], "幂等乙有限公司", town: "青山镇", tags: "专精特新、高新技术企业"), Row(codes[2], "幂等丙有限公司", established: null)];

        var first = await UploadAsync(admin, Workbook(rows), "名录.xlsx");
        (await ValidateAsync(admin, first)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(admin, first)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{first}")).ShouldContain("新增 3，更新 0，未变 0");
        (await CountAsync(codes)).ShouldBe(3);
        (await fx.Database.ScalarAsync<string>($"SELECT array_to_string(tags, ',') FROM enterprises WHERE uscc = '{codes[1]}'")).ShouldBe("specialized,high_tech");
        var stamps = await fx.Database.ScalarAsync<string>($"SELECT string_agg(xmin::text || updated_at::text, ',' ORDER BY uscc) FROM enterprises WHERE uscc IN ('{string.Join("','", codes)}')");

        var second = await UploadAsync(admin, Workbook(rows), "名录.xlsx");
        (await ValidateAsync(admin, second)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(admin, second)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{second}")).ShouldContain("新增 0，更新 0，未变 3");
        (await fx.Database.ScalarAsync<string>($"SELECT string_agg(xmin::text || updated_at::text, ',' ORDER BY uscc) FROM enterprises WHERE uscc IN ('{string.Join("','", codes)}')"))
            .ShouldBe(stamps); // not even rewritten

        rows[2] = Row(codes[2], "幂等丙（更名）有限公司", established: null);
        var third = await UploadAsync(admin, Workbook(rows), "名录.xlsx");
        (await ValidateAsync(admin, third)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(admin, third)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{third}")).ShouldContain("新增 0，更新 1，未变 2");

        (await fx.Database.ScalarAsync<string>($"SELECT detail FROM audit_log WHERE action = 'Imported' AND entity_id = '{second}'"))
            .ShouldBe("导入企业名录“名录.xlsx”：新增0，更新0，未变3");
        (await fx.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE action = 'Imported' AND entity_id IN ('{first}', '{second}', '{third}')")).ShouldBe(3);
        (await admin.GetStringAsync("/imports")).ShouldContain("新增 0，更新 1，未变 2");
    }

    [Fact]
    public async Task A_failure_at_row_N_during_the_commit_leaves_nothing_written()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var codes = Enumerable.Range(0, 5).Select(_ => Uscc.NewValid()).ToArray();
        var id = await UploadAsync(admin, Workbook(codes.Select((c, i) => Row(c, $"回滚测试{i + 1}有限公司"))), "回滚.xlsx");
        (await ValidateAsync(admin, id)).ShouldBe(ImportStatus.Validated);

        // The database refuses the fourth row, after three rows of the same statement went in.
        await using (await ImportSteps.RefuseRowsAsync(fx, "enterprises", $"NEW.uscc = '{codes[3]}'", "注入的故障：第4行"))
        {
            (await CommitAsync(admin, id)).ShouldBe(ImportStatus.Validated);
        }
        (await CountAsync(codes)).ShouldBe(0);
        (await fx.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE action = 'Imported' AND entity_id = '{id}'")).ShouldBe(0);
        var page = await admin.GetStringAsync($"/imports/{id}");
        page.ShouldContain("提交失败，数据库已回滚，未写入任何数据");
        page.ShouldContain("注入的故障：第4行");

        // Nothing is lost: once the cause is gone the same job commits.
        (await CommitAsync(admin, id)).ShouldBe(ImportStatus.Committed);
        (await CountAsync(codes)).ShouldBe(5);
    }

    [Fact]
    public async Task A_formula_cell_is_stored_as_text_and_is_no_live_formula_when_exported()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var code = Uscc.NewValid();
        const string formula = "=HYPERLINK(\"http://evil.example\",\"点我\")";
        var csv = "统一社会信用代码,企业名称,所属镇街,规模类型,行业门类\r\n" +
                  $"{code},\"{formula.Replace("\"", "\"\"")}\",城关街道,规上工业,制造业\r\n";
        var id = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv), "注入.csv");
        var fields = new[] { 0, 1, 2, 3, 4 }.Select(i => F($"Mapping.Columns[{i}]", i.ToString())).ToList();
        (await PostAsync(admin, $"/imports/{id}", "import-mapping", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await SettledAsync(id)).ShouldBe(ImportStatus.Validated);
        (await fx.Database.ScalarAsync<int>($"SELECT warning_count FROM import_jobs WHERE id = {id}")).ShouldBe(1);
        (await CommitAsync(admin, id)).ShouldBe(ImportStatus.Committed);

        (await fx.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE uscc = '{code}'")).ShouldBe("'" + formula);
        var enterpriseId = await fx.Database.ScalarAsync<long>($"SELECT id FROM enterprises WHERE uscc = '{code}'");
        var ledger = await admin.GetAsync($"/enterprises/{enterpriseId}/ledger.xlsx");
        ledger.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await ledger.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes));
        foreach (var part in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(part.Open());
            Regex.IsMatch(await reader.ReadToEndAsync(), "<(\\w+:)?f[ >]").ShouldBeFalse(part.FullName);
        }
        XlsxBook.Read(bytes).SelectMany(s => s.Rows).SelectMany(r => r).ShouldContain(c => c.Text.Contains("'" + formula));
    }

    [Fact]
    public async Task A_dispatcher_cannot_import_into_a_town_outside_the_region_nor_change_an_enterprise_there()
    {
        var city = await fx.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'JC'");
        var district = await fx.Database.ScalarAsync<long>($"""
            INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('IM-D', '导入外区', 'District', {city}, '/', 9) RETURNING id
            """);
        await fx.Database.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {city}) || id || '/' WHERE id = {district}");
        var town = await fx.Database.ScalarAsync<long>($"""
            INSERT INTO org_units (code, name, kind, parent_id, path, sort_order) VALUES ('IM-T', '外区街道', 'Street', {district}, '/', 1) RETURNING id
            """);
        await fx.Database.ExecuteAsync($"UPDATE org_units SET path = (SELECT path FROM org_units WHERE id = {district}) || id || '/' WHERE id = {town}");
        var outside = Uscc.NewValid();
        await fx.Database.ExecuteAsync($"""
            INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
            VALUES ('{outside}', '外区已登记有限公司', 'industry_above', 'C', {town}, ARRAY[]::text[], 5, now(), now(), '[]')
            """);

        var dispatcher = await fx.Factory.SignedInClientAsync("dispatcher");
        var id = await UploadAsync(dispatcher, Workbook([Row(Uscc.NewValid(), "越界甲有限公司", town: "外区街道"), Row(outside, "外区已登记有限公司", town: "城关街道")]), "越界.xlsx");
        (await ValidateAsync(dispatcher, id)).ShouldBe(ImportStatus.Validated);
        var issues = ImportJobStore.ReadIssues(await fx.Database.ScalarAsync<string>($"SELECT issues::text FROM import_jobs WHERE id = {id}"));
        issues.Select(i => $"{i.Row}|{i.Message}").ShouldBe(["2|镇街“外区街道”不在您的管辖范围内", "3|该企业已登记在您的管辖范围之外，不能通过本次导入修改"]);

        // Another user's job is not found, not even by an administrator.
        var admin = await fx.Factory.SignedInClientAsync("admin");
        (await admin.GetAsync($"/imports/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/imports/{id}/report.xlsx")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await fx.Factory.SignedInClientAsync("official")).GetAsync("/imports")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("renamed.xlsx", "text", "内容不是 Excel 工作簿")]
    [InlineData("old.xlsx", "ole", "不支持旧版 Excel 97-2003")]
    [InlineData("bomb.xlsx", "bomb", "压缩炸弹")]
    [InlineData("huge.xlsx", "rows", "200000行数据的上限")]
    [InlineData("photo.png", "text", "只能导入 Excel 工作簿（.xlsx）或 CSV 文件")]
    public async Task A_hostile_file_is_refused_with_a_clear_message(string fileName, string content, string message)
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var bytes = content switch
        {
            "text" => Encoding.UTF8.GetBytes("统一社会信用代码,企业名称\n"),
            "ole" => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0],
            "bomb" => ZipBomb(),
            _ => MillionRows(),
        };
        var id = await UploadAsync(admin, bytes, fileName);
        (await fx.Database.ScalarAsync<string>($"SELECT status FROM import_jobs WHERE id = {id}")).ShouldBe(ImportStatus.Failed);
        (await fx.Database.ScalarAsync<int>($"SELECT length(content) FROM import_jobs WHERE id = {id}")).ShouldBe(0);
        var page = await admin.GetStringAsync($"/imports/{id}");
        page.ShouldContain(message);
        page.ShouldNotContain("data-testid=\"mapping\"");
    }

    /// <summary>A zip that claims to be a workbook and unpacks 20 MB of zeros from a few KB.</summary>
    public static byte[] ZipBomb()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry("[Content_Types].xml").Open()) s.Write("<Types/>"u8);
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 20; i++) sheet.Write(zeros);
        }
        return buffer.ToArray();
    }

    /// <summary>A workbook whose sheet says it runs to Excel's last row, 1,048,576.</summary>
    public static byte[] MillionRows()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string xml)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(Encoding.UTF8.GetBytes(xml));
            }
            Part("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Part("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Part("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            Part("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1:B1048576\"/><sheetData>" +
                "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>统一社会信用代码</t></is></c></row>" +
                "<row r=\"1048576\"><c r=\"A1048576\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>");
        }
        return buffer.ToArray();
    }

    private static string ColumnLetter(int i) => ((char)('A' + i)).ToString();
}
