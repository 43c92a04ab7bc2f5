using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using Npgsql;
using NpgsqlTypes;
using F = EnterpriseAid.Infrastructure.Imports.AssignmentImportFields;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>
/// Validates and commits a 包联 table (ADR-027): each row names an enterprise by its code and one or two officials
/// (包联领导 and/or 联络员 columns, or 包联角色 + 姓名). Officials are existing accounts, found by account name, else by
/// phone, else by name (and unit) among the officials in the uploader's scope. Every assignment is built by
/// <see cref="Assignment.Create"/> and checked by <see cref="AssignmentRules.EnsureCanAdd"/> against the enterprise's
/// stored assignments and the file's earlier rows. An active assignment of the same person in the same role is
/// already there: 未变. Commit is one transaction that holds the assignments table against concurrent changes.
/// </summary>
public sealed class AssignmentImporter(NpgsqlDataSource dataSource, TimeProvider clock)
    : RowImporter<AssignmentImporter.Checked>(dataSource, clock)
{
    public override string Kind => ImportKinds.Assignments;

    protected override string AuditWhat => "导入包联关系";

    /// <summary>The new assignments, and how many the file named (the unchanged ones too).</summary>
    public sealed record Checked(List<Assignment> Created, int Items);

    /// <summary>Nobody adds or ends an assignment between the check and the write (the one-leader rule holds).</summary>
    protected override async Task BeforeCheckAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var lockTable = new NpgsqlCommand("LOCK TABLE assignments IN SHARE ROW EXCLUSIVE MODE", conn, tx);
        await lockTable.ExecuteNonQueryAsync(ct);
    }

    protected override async Task<(int Rows, ImportCounts Counts)> WriteAsync(ImportWork work, Checked rows, ImportValidation validation,
        NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        var created = rows.Created;
        var inserted = 0;
        if (created.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                INSERT INTO assignments (enterprise_id, role, user_id, starts_on, created_at)
                SELECT e, r, u, s, @now FROM unnest(@e, @r, @u, @s) AS t(e, r, u, s)
                """, conn, tx);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("e", created.Select(a => a.EnterpriseId).ToArray());
            insert.Parameters.AddWithValue("r", created.Select(a => a.Role).ToArray());
            insert.Parameters.AddWithValue("u", created.Select(a => a.UserId!.Value).ToArray());
            insert.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = created.Select(a => a.StartsOn).ToArray() });
            inserted = await insert.ExecuteNonQueryAsync(ct);
        }
        return (rows.Items, new ImportCounts(inserted, 0, rows.Items - inserted));
    }

    private sealed record Official(long Id, string Name, string? NormalizedUserName, string? Phone, string? UnitName, string? Path);

    private sealed record Wanted(int Row, string Column, string Role, string Name, string? Unit, string? Phone, string? Account);

    protected override async Task<(ImportValidation Validation, Checked Checked)> CheckAsync(ImportWork work, NpgsqlConnection conn,
        Action<double>? progress, CancellationToken ct)
    {
        var issues = new List<ImportIssue>();
        var today = ChinaTime.DateOf(Clock.GetUtcNow());
        string Label(string key) => F.All.First(f => f.Key == key).Label;

        // Pass 1: the cells of every row, and the codes to look up.
        var rows = new List<(int Row, string Code, string? Name, DateOnly StartsOn, List<Wanted> People)>();
        var total = 0;
        foreach (var row in DataRows(work, progress, ct))
        {
            total++;
            string? Cell(string key) => RowImporter<Checked>.Cell(work, row, key);
            void Error(string key, string? value, string message) => issues.Add(new ImportIssue(row.Number, Label(key), value, message));
            var before = issues.Count;

            var usccText = Cell(F.Uscc);
            var usccError = UnifiedSocialCreditCode.Check(usccText);
            if (usccError != UsccError.None) Error(F.Uscc, usccText, UnifiedSocialCreditCode.Describe(usccError));

            var startsOn = today;
            if (Cell(F.StartsOn) is { } dateText)
            {
                if (EnterpriseRowValidator.ParseDate(dateText) is { } d) startsOn = d;
                else Error(F.StartsOn, dateText, "开始日期格式不正确，应为 2026-01-01 这样的日期");
            }

            var people = new List<Wanted>();
            var (unit, phone, account) = (Cell(F.Unit), Cell(F.Phone), Cell(F.Account));
            if (Cell(F.Leader) is { } leader) people.Add(new Wanted(row.Number, Label(F.Leader), AssignmentRoles.Leader, leader, unit, phone, account));
            if (Cell(F.Liaison) is { } liaison) people.Add(new Wanted(row.Number, Label(F.Liaison), AssignmentRoles.Liaison, liaison, unit, phone, account));
            var roleText = Cell(F.Role);
            if (Cell(F.Person) is { } person)
            {
                var role = AssignmentRoles.All.FirstOrDefault(r => r.NameZh == roleText || r.Code == roleText || (roleText == "领导" && r.Code == AssignmentRoles.Leader));
                if (roleText is null) Error(F.Role, null, "填写了姓名时须填写包联角色（包联领导或联络员）");
                else if (role is null) Error(F.Role, roleText, $"未知的包联角色“{roleText}”，可填：包联领导、联络员");
                else if (AssignmentRoles.NamesUnit(role.Code)) Error(F.Role, roleText, $"本表只导入包联领导和联络员；{role.NameZh}请在企业的包联页面设置");
                else people.Add(new Wanted(row.Number, Label(F.Person), role.Code, person, unit, phone, account));
            }
            if (people.Count == 0 && Cell(F.Person) is null)
                issues.Add(new ImportIssue(row.Number, Label(F.Person), null, "缺少包联干部：请填写包联领导、联络员，或包联角色和姓名"));
            if (people.Count > 1 && (phone is not null || account is not null))
            {
                // The phone or account belongs to one person: with two people on the row, each is found by name.
                people = people.Select(p => p with { Phone = null, Account = null }).ToList();
            }
            if (usccError == UsccError.None && issues.Count == before)
                rows.Add((row.Number, UnifiedSocialCreditCode.Normalize(usccText), Cell(F.Name), startsOn, people));
        }

        // The enterprises named, the officials, and the stored assignments of those enterprises.
        var enterprises = await EnterprisesAsync(conn, rows.Select(r => r.Code), ct);
        var officials = new List<Official>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT u.id, u.display_name, u.normalized_user_name, u.phone_number, o.name, o.path
            FROM users u LEFT JOIN org_units o ON o.id = u.org_unit_id
            WHERE NOT u.is_disabled AND u.enterprise_id IS NULL
            """, conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
                officials.Add(new Official(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5)));
        }
        var names = officials.ToDictionary(o => o.Id, o => o.Name);
        var existing = new Dictionary<long, List<Assignment>>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT a.enterprise_id, a.role, a.user_id, a.org_unit_id, a.starts_on, a.ends_on, a.created_at, coalesce(u.display_name, o.name)
            FROM assignments a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN org_units o ON o.id = a.org_unit_id
            WHERE a.enterprise_id = ANY(@ids)
            """, conn))
        {
            cmd.Parameters.AddWithValue("ids", enterprises.Values.Select(e => e.Id).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var a = Assignment.Create(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3),
                    r.GetFieldValue<DateOnly>(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateOnly>(5), null, r.GetFieldValue<DateTimeOffset>(6));
                if (!existing.TryGetValue(a.EnterpriseId, out var list)) existing[a.EnterpriseId] = list = [];
                list.Add(a);
                if (a.UserId is null && a.OrgUnitId is { } unitId) names.TryAdd(-unitId, r.GetString(7));
            }
        }
        string HolderName(Assignment a) => a.UserId is { } u ? names.GetValueOrDefault(u, "") : names.GetValueOrDefault(-(a.OrgUnitId ?? 0), "");
        bool InScopeOfWork(string? path) => InScope(work, path);

        // Pass 2: each person to an account, each assignment through the domain's rules.
        var created = new List<Assignment>();
        var firstRowOf = new Dictionary<(long Enterprise, string Role, long User), int>();
        var items = 0;
        foreach (var (rowNo, code, name, startsOn, people) in rows)
        {
            var enterprise = enterprises.GetValueOrDefault(code);
            if (EnterpriseProblem(work, enterprise) is { } refused)
            {
                issues.Add(new ImportIssue(rowNo, Label(F.Uscc), code, refused));
                continue;
            }
            if (name is not null && name != enterprise!.Name)
                issues.Add(new ImportIssue(rowNo, Label(F.Name), name, $"企业名称与系统中登记的“{enterprise.Name}”不一致，请核对统一社会信用代码"));
            var stored = existing.TryGetValue(enterprise!.Id, out var list) ? list : existing[enterprise.Id] = [];
            foreach (var p in people)
            {
                var (official, problem) = Find(p, officials, InScopeOfWork);
                if (official is null)
                {
                    issues.Add(new ImportIssue(rowNo, p.Column, p.Name, problem!));
                    continue;
                }
                if (firstRowOf.TryGetValue((enterprise.Id, p.Role, official.Id), out var first))
                {
                    issues.Add(new ImportIssue(rowNo, p.Column, p.Name, $"与第{first}行重复（文件内重复）"));
                    continue;
                }
                firstRowOf[(enterprise.Id, p.Role, official.Id)] = rowNo;
                items++;
                if (stored.Any(a => a.Role == p.Role && a.UserId == official.Id && (a.EndsOn is null || a.EndsOn >= today))) continue; // 未变
                try
                {
                    var candidate = Assignment.Create(enterprise.Id, p.Role, official.Id, null, startsOn, null, null, Clock.GetUtcNow());
                    AssignmentRules.EnsureCanAdd(candidate, stored, HolderName);
                    stored.Add(candidate);
                    created.Add(candidate);
                }
                catch (DomainException ex)
                {
                    issues.Add(new ImportIssue(rowNo, p.Column, p.Name, ex.Message));
                }
            }
        }
        return (ImportAudit.Summarize(total, issues), new Checked(created, items));
    }

    /// <summary>By account name, else by phone, else by name (within the unit if given) among the officials in scope.</summary>
    private static (Official? Official, string? Problem) Find(Wanted p, List<Official> officials, Func<string?, bool> inScope)
    {
        if (p.Account is { } account)
        {
            var normalized = account.ToUpperInvariant();
            var byAccount = officials.FirstOrDefault(o => o.NormalizedUserName == normalized);
            if (byAccount is null) return (null, $"找不到账号“{account}”");
            return byAccount.Name == p.Name ? (byAccount, null) : (null, $"账号“{account}”的姓名是“{byAccount.Name}”，与所填“{p.Name}”不一致");
        }
        if (p.Phone is { } phone)
        {
            var byPhone = officials.Where(o => o.Phone == phone).ToList();
            if (byPhone.Count == 0) return (null, $"找不到手机号为{phone}的账号");
            if (byPhone.Count > 1) return (null, $"手机号{phone}对应{byPhone.Count}个账号，请填写账号");
            return byPhone[0].Name == p.Name ? (byPhone[0], null) : (null, $"手机号{phone}的账号姓名是“{byPhone[0].Name}”，与所填“{p.Name}”不一致");
        }
        var byName = officials.Where(o => o.Name == p.Name && inScope(o.Path) && (p.Unit is null || o.UnitName == p.Unit)).ToList();
        return byName.Count switch
        {
            0 => (null, p.Unit is null ? $"找不到包联干部“{p.Name}”" : $"在“{p.Unit}”找不到包联干部“{p.Name}”"),
            1 => (byName[0], null),
            _ => (null, $"“{p.Name}”有 {byName.Count} 个同名账号，请填写账号或手机号"),
        };
    }
}
