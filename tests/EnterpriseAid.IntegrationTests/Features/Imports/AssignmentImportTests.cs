using System.Net;
using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.IntegrationTests.Features.Imports.ImportSteps;

namespace EnterpriseAid.IntegrationTests.Features.Imports;

/// <summary>
/// The 包联 table import: officials found by account, phone or name (ambiguity and no match are row errors), the
/// enterprise by its registered code, the one-leader rule of the domain, idempotence and all-or-nothing commit.
/// </summary>
public sealed class AssignmentImportTests(PortalFixture fx) : IClassFixture<PortalFixture>
{
    private static readonly int Columns = AssignmentImportFields.All.Count;

    /// <summary>A row: code, name, 包联领导, 联络员, 包联角色, 姓名, 所属单位, 手机号, 账号, 开始日期.</summary>
    private static string?[] Row(string? uscc, string? name = null, string? leader = null, string? liaison = null, string? role = null,
        string? person = null, string? unit = null, string? phone = null, string? account = null, string? starts = "2026-01-01") =>
        [uscc, name, leader, liaison, role, person, unit, phone, account, starts];

    private static byte[] Workbook(IEnumerable<string?[]> rows) => ImportRosters.Xlsx(AssignmentImportFields.All, rows, "包联表");

    private sealed record Setup(string Suffix, string E1, string E2, long E1Id, long E2Id, long Liaison);

    /// <summary>Two enterprises in 城关街道, officials with unique names (two share a name), and a leader already on E2.</summary>
    private async Task<Setup> SetUpAsync()
    {
        var s = Guid.NewGuid().ToString("N")[..6];
        var town = await fx.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE name = '城关街道'");
        var (e1, e2) = (Uscc.NewValid(), Uscc.NewValid());
        async Task<long> Enterprise(string code, string name) => await fx.Database.ScalarAsync<long>($"""
            INSERT INTO enterprises (uscc, name, scale_class, industry_section, town_id, tags, employees, created_at, updated_at, contacts)
            VALUES ('{code}', '{name}', 'industry_above', 'C', {town}, ARRAY[]::text[], 5, now(), now(), '[]') RETURNING id
            """);
        async Task<long> User(string account, string name, string? phone) => await fx.Database.ScalarAsync<long>($"""
            INSERT INTO users (display_name, org_unit_id, is_disabled, created_at, user_name, normalized_user_name, email_confirmed, phone_number,
                               phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
            VALUES ('{name}', {town}, false, now(), '{account}', upper('{account}'), false, {(phone is null ? "NULL" : $"'{phone}'")}, false, false, true, 0)
            RETURNING id
            """);
        var e1Id = await Enterprise(e1, $"包联甲{s}有限公司");
        var e2Id = await Enterprise(e2, $"包联乙{s}有限公司");
        await User($"lead{s}", $"王领导{s}", null);
        var liaison = await User($"liaison{s}", $"李联络{s}", null);
        await User($"same1{s}", $"张同名{s}", $"139{s}01");
        await User($"same2{s}", $"张同名{s}", null);
        var old = await User($"old{s}", $"孙旧领导{s}", null);
        await fx.Database.ExecuteAsync($"INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at) VALUES ({e2Id}, 'leader', {old}, '2025-01-01', now())");
        return new Setup(s, e1, e2, e1Id, e2Id, liaison);
    }

    private Task<long> CountAsync(Setup x) =>
        fx.Database.ScalarAsync<long>($"SELECT count(*) FROM assignments WHERE enterprise_id IN ({x.E1Id}, {x.E2Id})");

    [Fact]
    public async Task A_table_with_good_and_bad_rows_gives_the_exact_report()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var x = await SetUpAsync();
        var s = x.Suffix;
        var id = await UploadAsync(admin, Workbook([
            Row(x.E1, $"包联甲{s}有限公司", leader: $"王领导{s}", liaison: $"李联络{s}"),
            Row(x.E2, role: "联络员", person: $"张同名{s}"),
            Row(x.E2, role: "联络员", person: $"张同名{s}", phone: $"139{s}01"),
            Row(x.E2, role: "包联领导", person: $"赵不存在{s}"),
            Row(Uscc.NewValid(), leader: $"王领导{s}"),
            Row(x.E1, "错误名称有限公司", liaison: $"李联络{s}"),
            Row(x.E2, role: "属地镇办", person: $"王领导{s}"),
            Row(x.E2, leader: $"王领导{s}"),
            Row(x.E1, starts: "明年"),
        ]), "包联表.xlsx", ImportKinds.Assignments);
        var page = await admin.GetStringAsync($"/imports/{id}");
        foreach (var (f, i) in AssignmentImportFields.All.Select((f, i) => (f, i)))
            page.ShouldContain($"<option value=\"{i}\" selected>{(char)('A' + i)}：{f.Label}</option>");

        (await ValidateAsync(fx, admin, id, Columns)).ShouldBe(ImportStatus.Validated);
        (await fx.Database.ScalarAsync<int>($"SELECT total_rows FROM import_jobs WHERE id = {id}")).ShouldBe(9);
        (await IssuesAsync(fx, id)).ShouldBe([
            $"3|姓名|“张同名{s}”有 2 个同名账号，请填写账号或手机号|错误",
            $"5|姓名|找不到包联干部“赵不存在{s}”|错误",
            "6|统一社会信用代码|系统中没有该统一社会信用代码的企业，请先导入企业名录|错误",
            "7|企业名称|企业名称与系统中登记的“包联甲" + s + "有限公司”不一致，请核对统一社会信用代码|错误",
            "7|联络员|与第2行重复（文件内重复）|错误",
            "8|包联角色|本表只导入包联领导和联络员；属地镇办请在企业的包联页面设置|错误",
            "9|包联领导|该企业已有包联领导孙旧领导" + s + "（2025-01-01起），同一时期只能有一名包联领导；请先结束原包联关系，或把开始日期定在其结束之后|错误",
            "10|开始日期|开始日期格式不正确，应为 2026-01-01 这样的日期|错误",
            "10|姓名|缺少包联干部：请填写包联领导、联络员，或包联角色和姓名|错误",
        ]);
        (await fx.Database.ScalarAsync<int>($"SELECT error_rows FROM import_jobs WHERE id = {id}")).ShouldBe(7);
        (await admin.GetStringAsync($"/imports/{id}")).ShouldNotContain("data-testid=\"commit-form\"");
        (await CountAsync(x)).ShouldBe(1);
    }

    [Fact]
    public async Task Committing_creates_the_assignments_and_reimporting_changes_nothing()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var x = await SetUpAsync();
        var s = x.Suffix;
        var bytes = Workbook([
            Row(x.E1, $"包联甲{s}有限公司", leader: $"王领导{s}", liaison: $"李联络{s}"),
            Row(x.E2, role: "联络员", person: $"张同名{s}", phone: $"139{s}01"),
            Row(x.E2, leader: $"孙旧领导{s}", account: $"OLD{s}"),
        ]);
        var first = await UploadAsync(admin, bytes, "包联表.xlsx", ImportKinds.Assignments);
        (await ValidateAsync(fx, admin, first, Columns)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(fx, admin, first)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{first}")).ShouldContain("新增 3，更新 0，未变 1");
        (await CountAsync(x)).ShouldBe(4);
        (await fx.Database.ScalarAsync<string>($"""
            SELECT string_agg(role || ':' || starts_on::text, ',' ORDER BY role) FROM assignments WHERE enterprise_id = {x.E1Id}
            """)).ShouldBe("leader:2026-01-01,liaison:2026-01-01");
        var stamps = await fx.Database.ScalarAsync<string>($"SELECT string_agg(xmin::text, ',' ORDER BY id) FROM assignments WHERE enterprise_id IN ({x.E1Id}, {x.E2Id})");

        var second = await UploadAsync(admin, bytes, "包联表.xlsx", ImportKinds.Assignments);
        (await ValidateAsync(fx, admin, second, Columns)).ShouldBe(ImportStatus.Validated);
        (await CommitAsync(fx, admin, second)).ShouldBe(ImportStatus.Committed);
        (await admin.GetStringAsync($"/imports/{second}")).ShouldContain("新增 0，更新 0，未变 4");
        (await fx.Database.ScalarAsync<string>($"SELECT string_agg(xmin::text, ',' ORDER BY id) FROM assignments WHERE enterprise_id IN ({x.E1Id}, {x.E2Id})"))
            .ShouldBe(stamps);
        (await fx.Database.ScalarAsync<string>($"SELECT detail FROM audit_log WHERE action = 'Imported' AND entity_id = '{second}'"))
            .ShouldBe("导入包联关系“包联表.xlsx”：新增0，更新0，未变4");
    }

    [Fact]
    public async Task A_failure_during_the_commit_leaves_no_assignment_written()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var x = await SetUpAsync();
        var s = x.Suffix;
        var id = await UploadAsync(admin, Workbook([
            Row(x.E1, leader: $"王领导{s}"), Row(x.E1, liaison: $"李联络{s}"), Row(x.E2, role: "联络员", person: $"张同名{s}", phone: $"139{s}01"),
        ]), "回滚.xlsx", ImportKinds.Assignments);
        (await ValidateAsync(fx, admin, id, Columns)).ShouldBe(ImportStatus.Validated);
        await using (await RefuseRowsAsync(fx, "assignments", $"NEW.user_id = {x.Liaison}", "注入的故障：联络员"))
        {
            (await CommitAsync(fx, admin, id)).ShouldBe(ImportStatus.Validated);
        }
        (await CountAsync(x)).ShouldBe(1); // only the leader set up before
        (await fx.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE action = 'Imported' AND entity_id = '{id}'")).ShouldBe(0);
        (await admin.GetStringAsync($"/imports/{id}")).ShouldContain("注入的故障：联络员");
    }

    [Fact]
    public async Task The_template_names_every_column()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var response = await admin.GetAsync("/imports/templates/assignments.xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var book = XlsxBook.Read(await response.Content.ReadAsByteArrayAsync());
        book[0].Rows[0].Select(c => c.Text).ShouldBe(AssignmentImportFields.All.Select(f => f.Label));
        (await admin.GetStringAsync("/imports/new")).ShouldContain("data-testid=\"template-assignments\"");
    }
}
