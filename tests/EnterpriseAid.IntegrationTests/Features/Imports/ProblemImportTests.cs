using System.Net;
using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.IntegrationTests.Features.Imports.ImportSteps;

namespace EnterpriseAid.IntegrationTests.Features.Imports;

/// <summary>
/// The historical problem ledger import: problems created in their final state with their own dates and a "历史导入"
/// timeline entry, numbered by the year counter, keyed by the original number or (code, date, description), idempotent,
/// all-or-nothing.
/// </summary>
public sealed class ProblemImportTests(PortalFixture fx) : IClassFixture<PortalFixture>
{
    private static readonly int Columns = ProblemImportFields.All.Count;

    /// <summary>A row: 问题编号, code, 登记日期, 问题类别, 问题描述, 状态, 办结日期, 责任单位.</summary>
    private static string?[] Row(string? number, string? uscc, string? reported = "2025-03-18", string? category = "用工", string? description = "招工难，缺少熟练焊工",
        string? status = "已办结", string? resolved = "2025-04-02", string? department = "区人社局") =>
        [number, uscc, reported, category, description, status, resolved, department];

    private static byte[] Workbook(IEnumerable<string?[]> rows) => ImportRosters.Xlsx(ProblemImportFields.All, rows, "问题台账");

    private async Task<(string Code, long Id)> EnterpriseAsync()
    {
        var code = Uscc.NewValid();
        var id = await fx.Database.ScalarAsync<long>($"""
            INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
            VALUES ('{code}', '台账{code[^6..]}有限公司', 'industry_above', 'C', (SELECT id FROM org_units WHERE name = '城关街道'), ARRAY[]::text[], 5, now(), now(), '[]')
            RETURNING id
            """);
        return (code, id);
    }

    private Task<long> CountAsync(long enterprise) => fx.Database.ScalarAsync<long>($"SELECT count(*) FROM problems WHERE enterprise_id = {enterprise}");

    [Fact]
    public async Task A_ledger_with_good_and_bad_rows_gives_the_exact_report()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var (code, enterprise) = await EnterpriseAsync();
        var n = Guid.NewGuid().ToString("N")[..8];
        var id = await UploadAsync(admin, Workbook([
            Row($"WT-{n}-1", code),
            Row(null, code, status: "办理中", resolved: null, department: null),
            Row($"WT-{n}-3", code, status: "已销号", resolved: null),
            Row($"WT-{n}-4", code, category: "天气"),
            Row($"WT-{n}-5", Uscc.NewValid()),
            Row($"WT-{n}-1", code, description: "另一个问题"),
            Row($"WT-{n}-7", code, reported: "2025-05-01", resolved: "2025-04-01"),
            Row($"WT-{n}-8", code, status: "搁置", reported: "去年"),
        ]), "问题台账.xlsx", ImportKinds.Problems);

        (await ValidateAsync(fx, admin, id, Columns)).ShouldBe(ImportStatus.Validated);
        (await IssuesAsync(fx, id)).ShouldBe([
            "4||已办结或已销号的问题须填写办结日期|错误",
            "5|问题类别|未知的问题类别“天气”，可填：政策、用工、用地、资金、用能、物资、审批手续、物流、市场、法务执法、基础设施、其他|错误",
            "6|统一社会信用代码|系统中没有该统一社会信用代码的企业，请先导入企业名录|错误",
            "7|问题编号|与第2行是同一问题（文件内重复）|错误",
            "8||办结日期不能早于登记日期|错误",
            "9|登记日期|登记日期格式不正确，应为 2025-03-18 这样的日期|错误",
            "9|状态|未知的状态“搁置”，可填：已办结、已销号、办理中|错误",
        ]);
        (await fx.Database.ScalarAsync<int>($"SELECT error_rows FROM import_jobs WHERE id = {id}")).ShouldBe(6);
        (await CountAsync(enterprise)).ShouldBe(0);
    }

    [Fact]
    public async Task Committing_creates_historical_problems_and_reimporting_changes_nothing()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var (code, enterprise) = await EnterpriseAsync();
        var n = Guid.NewGuid().ToString("N")[..8];
        var bytes = Workbook([
            Row($"WT-{n}-1", code),
            Row(null, code, reported: "2024-11-05", category: "资金", description: "贷款续贷困难", status: "已销号", resolved: "2024-12-20", department: "区金融办"),
            Row(null, code, reported: "2025-06-01", status: "办理中", description: "厂区道路需要修缮", resolved: null, department: null),
        ]);
        var first = await UploadAsync(admin, bytes, "问题台账.xlsx", ImportKinds.Problems);
        (await ValidateAsync(fx, admin, first, Columns)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(fx, admin, first)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{first}")).ShouldContain("新增 3，更新 0，未变 0");

        (await fx.Database.ScalarAsync<string>($"""
            SELECT string_agg(left(number, 4) || '|' || status || '|' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') || '|'
                              || coalesce(to_char(resolved_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), '-') || '|' || coalesce(to_char(closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), '-')
                              || '|' || coalesce(lead_department_name, '-') || '|' || category, ',' ORDER BY created_at)
            FROM problems WHERE enterprise_id = {enterprise}
            """)).ShouldBe("2024|Closed|2024-11-05|2024-12-20|2024-12-20|区金融办|funding,2025|Resolved|2025-03-18|2025-04-02|-|区人社局|labor,2025|Reported|2025-06-01|-|-|-|labor");
        (await fx.Database.ScalarAsync<string>($"""
            SELECT string_agg(e.summary || '|' || e.after, ',' ORDER BY p.created_at) FROM problem_events e JOIN problems p ON p.id = e.problem_id
            WHERE p.enterprise_id = {enterprise}
            """)).ShouldBe($"历史导入|已销号,历史导入（原编号WT-{n}-1）|已办结,历史导入|登记");
        var problemId = await fx.Database.ScalarAsync<long>($"SELECT id FROM problems WHERE import_key = 'no:WT-{n}-1'");
        (await admin.GetStringAsync($"/problems/{problemId}")).ShouldContain("历史导入（原编号WT-" + n + "-1）");

        var second = await UploadAsync(admin, bytes, "问题台账.xlsx", ImportKinds.Problems);
        (await ValidateAsync(fx, admin, second, Columns)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(fx, admin, second)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{second}")).ShouldContain("新增 0，更新 0，未变 3");
        (await CountAsync(enterprise)).ShouldBe(3);
        (await fx.Database.ScalarAsync<string>($"SELECT detail FROM audit_log WHERE action = 'Imported' AND entity_id = '{second}'"))
            .ShouldBe("导入历史问题台账“问题台账.xlsx”：新增0，更新0，未变3");
    }

    [Fact]
    public async Task A_failure_during_the_commit_leaves_no_problem_and_no_number_used()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var (code, enterprise) = await EnterpriseAsync();
        var n = Guid.NewGuid().ToString("N")[..8];
        var id = await UploadAsync(admin, Workbook([Row($"WT-{n}-1", code), Row($"WT-{n}-2", code), Row($"WT-{n}-3", code)]), "回滚.xlsx", ImportKinds.Problems);
        (await ValidateAsync(fx, admin, id, Columns)).ShouldBe(ImportStatus.Validated);
        var counter = await fx.Database.ScalarAsync<int>("SELECT coalesce((SELECT last FROM problem_number_counters WHERE year = 2025), 0)");
        await using (await RefuseRowsAsync(fx, "problems", $"NEW.import_key = 'no:WT-{n}-3'", "注入的故障：第3个问题"))
        {
            (await CommitAsync(fx, admin, id)).ShouldBe(ImportStatus.Validated);
        }
        (await CountAsync(enterprise)).ShouldBe(0);
        (await fx.Database.ScalarAsync<int>("SELECT coalesce((SELECT last FROM problem_number_counters WHERE year = 2025), 0)")).ShouldBe(counter);
        (await admin.GetStringAsync($"/imports/{id}")).ShouldContain("注入的故障：第3个问题");
    }

    [Fact]
    public async Task The_template_names_every_column()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var response = await admin.GetAsync("/imports/templates/problems.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        XlsxBook.Read(await response.Content.ReadAsByteArrayAsync())[0].Rows[0].Select(c => c.Text).ShouldBe(ProblemImportFields.All.Select(f => f.Label));
    }
}
