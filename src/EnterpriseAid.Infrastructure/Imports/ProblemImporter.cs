using System.Security.Cryptography;
using System.Text;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;
using Npgsql;
using NpgsqlTypes;
using F = EnterpriseAid.Infrastructure.Imports.ProblemImportFields;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>
/// Validates and commits a historical problem ledger (问题台账, ADR-027). Every row becomes a problem through
/// <see cref="Problem.RegisterHistorical"/>, numbered from the same per-year counter as any registration (the year of
/// its 登记日期), with one "历史导入" timeline entry. A row's key is its original number, or (code, date, description
/// hash); a key already stored is 未变. Commit is one transaction: the numbers, the problems and their first timeline
/// entries, the audit entry and the job.
/// </summary>
public sealed class ProblemImporter(NpgsqlDataSource dataSource, TimeProvider clock) : RowImporter<List<ProblemImporter.NewProblem>>(dataSource, clock)
{
    public const int OriginalNumberMaxLength = 40;

    public override string Kind => ImportKinds.Problems;

    protected override string AuditWhat => "导入历史问题台账";

    protected override async Task<(int Rows, ImportCounts Counts)> WriteAsync(ImportWork work, List<NewProblem> rows, ImportValidation validation,
        NpgsqlConnection conn, NpgsqlTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        var problems = new List<Problem>();
        foreach (var year in rows.GroupBy(r => r.ReportedOn.Year).OrderBy(g => g.Key))
        {
            // A block of numbers for the year: the counter row stays locked until this transaction ends.
            await using var next = new NpgsqlCommand("""
                INSERT INTO problem_number_counters (year, last) VALUES (@year, @n)
                ON CONFLICT (year) DO UPDATE SET last = problem_number_counters.last + @n RETURNING last
                """, conn, tx);
            next.Parameters.AddWithValue("year", year.Key);
            next.Parameters.AddWithValue("n", year.Count());
            var last = (int)(await next.ExecuteScalarAsync(ct))!;
            var sequence = last - year.Count();
            foreach (var r in year) problems.Add(r.Build(ProblemNumber.Create(year.Key, ++sequence), now));
        }

        if (problems.Count > 0)
        {
            await using var insert = new NpgsqlCommand("""
                WITH added AS (
                    INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, lead_department_name,
                                          resolved_at, closed_at, resolved_on_spot, reopen_count, extension_count, registered_by_user_id,
                                          created_at, updated_at, import_key)
                    SELECT n, e, c, @urgency, @source, t, d, s, dep, ra, ca, false, 0, 0, @user, cr, @now, k
                    FROM unnest(@n, @e, @c, @t, @d, @s, @dep, @ra, @ca, @cr, @k) AS x(n, e, c, t, d, s, dep, ra, ca, cr, k)
                    RETURNING id, import_key
                )
                INSERT INTO problem_events (at, actor_user_id, actor_name, kind, summary, before, after, detail, problem_id)
                SELECT @now, @user, @actor, @kind, ev.summary, NULL, ev.after, ev.detail, added.id
                FROM added JOIN unnest(@k, @es, @ea, @ed) AS ev(k, summary, after, detail) ON ev.k = added.import_key
                """, conn, tx);
            insert.CommandTimeout = 0;
            var first = problems.Select(p => p.Events[0]).ToList();
            insert.Parameters.AddWithValue("urgency", Urgency.Ordinary.ToString());
            insert.Parameters.AddWithValue("source", ProblemSource.Other.ToString());
            insert.Parameters.AddWithValue("user", work.UserId);
            insert.Parameters.AddWithValue("actor", first[0].ActorName);
            insert.Parameters.AddWithValue("kind", ProblemEventKind.Registered.ToString());
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("n", problems.Select(p => p.Number).ToArray());
            insert.Parameters.AddWithValue("e", problems.Select(p => p.EnterpriseId).ToArray());
            insert.Parameters.AddWithValue("c", problems.Select(p => p.Category).ToArray());
            insert.Parameters.AddWithValue("t", problems.Select(p => p.Title).ToArray());
            insert.Parameters.AddWithValue("d", problems.Select(p => p.Description).ToArray());
            insert.Parameters.AddWithValue("s", problems.Select(p => p.Status.ToString()).ToArray());
            insert.Parameters.Add(Texts("dep", problems.Select(p => p.LeadDepartmentName)));
            insert.Parameters.Add(Times("ra", problems.Select(p => p.ResolvedAt)));
            insert.Parameters.Add(Times("ca", problems.Select(p => p.ClosedAt)));
            insert.Parameters.Add(Times("cr", problems.Select(p => (DateTimeOffset?)p.CreatedAt)));
            insert.Parameters.AddWithValue("k", problems.Select(p => p.ImportKey!).ToArray());
            insert.Parameters.AddWithValue("es", first.Select(e => e.Summary).ToArray());
            insert.Parameters.Add(Texts("ea", first.Select(e => e.After)));
            insert.Parameters.Add(Texts("ed", first.Select(e => e.Detail)));
            await insert.ExecuteNonQueryAsync(ct);
        }
        return (validation.TotalRows, new ImportCounts(problems.Count, 0, validation.TotalRows - problems.Count));
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

    private static NpgsqlParameter Times(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v is { } t ? (object)t.ToUniversalTime() : DBNull.Value).ToArray() };

    /// <summary>A valid row not yet stored: builds its problem once it has a number.</summary>
    public sealed record NewProblem(string Key, long EnterpriseId, string Category, string Description, ProblemStatus Status, DateOnly ReportedOn,
        DateOnly? ResolvedOn, string? Department, string? OriginalNumber, Actor By)
    {
        public Problem Build(ProblemNumber number, DateTimeOffset now) =>
            Problem.RegisterHistorical(number, Key, EnterpriseId, Category, Description, Status, ReportedOn, ResolvedOn, Department, OriginalNumber, By, now);
    }

    private sealed record Parsed(int Row, string Key, string Code, string Category, string Description, ProblemStatus Status, DateOnly ReportedOn,
        DateOnly? ResolvedOn, string? Department, string? OriginalNumber);

    /// <summary>What ledgers write in 状态: finished ones keep their state, anything still open comes in as 登记.</summary>
    private static readonly Dictionary<string, ProblemStatus> Statuses = new()
    {
        ["已办结"] = ProblemStatus.Resolved, ["办结"] = ProblemStatus.Resolved, ["已解决"] = ProblemStatus.Resolved, ["已完成"] = ProblemStatus.Resolved,
        ["已销号"] = ProblemStatus.Closed, ["销号"] = ProblemStatus.Closed,
        ["办理中"] = ProblemStatus.Reported, ["未办结"] = ProblemStatus.Reported, ["登记"] = ProblemStatus.Reported, ["已交办"] = ProblemStatus.Reported,
        ["处理中"] = ProblemStatus.Reported, ["待办理"] = ProblemStatus.Reported,
    };

    /// <summary>The key of a row without a number: the code, the date and a hash of the description (spaces removed).</summary>
    public static string KeyOf(string? originalNumber, string uscc, DateOnly reportedOn, string description)
    {
        if (originalNumber is not null) return "no:" + originalNumber;
        var text = new string(description.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
        return $"h:{uscc}:{reportedOn:yyyyMMdd}:{hash}";
    }

    protected override async Task<(ImportValidation Validation, List<NewProblem> Checked)> CheckAsync(ImportWork work, NpgsqlConnection conn,
        Action<double>? progress, CancellationToken ct)
    {
        var issues = new List<ImportIssue>();
        string Label(string key) => F.All.First(f => f.Key == key).Label;
        var parsed = new List<Parsed>();
        var firstRowOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var row in DataRows(work, progress, ct))
        {
            total++;
            string? Cell(string key) => RowImporter<List<NewProblem>>.Cell(work, row, key);
            void Error(string key, string? value, string message) => issues.Add(new ImportIssue(row.Number, Label(key), value, message));
            var before = issues.Count;

            var number = Cell(F.Number);
            if (number?.Length > OriginalNumberMaxLength) Error(F.Number, number, $"问题编号不能超过{OriginalNumberMaxLength}个字");
            var usccText = Cell(F.Uscc);
            var usccError = UnifiedSocialCreditCode.Check(usccText);
            if (usccError != UsccError.None) Error(F.Uscc, usccText, UnifiedSocialCreditCode.Describe(usccError));
            DateOnly? reported = null;
            if (Cell(F.ReportedOn) is not { } reportedText) Error(F.ReportedOn, null, "缺少必填项：登记日期");
            else if ((reported = EnterpriseRowValidator.ParseDate(reportedText)) is null) Error(F.ReportedOn, reportedText, "登记日期格式不正确，应为 2025-03-18 这样的日期");
            var categoryText = Cell(F.Category);
            var category = ProblemCategories.All.FirstOrDefault(c => c.NameZh == categoryText || c.Code == categoryText);
            if (categoryText is null) Error(F.Category, null, "缺少必填项：问题类别");
            else if (category is null) Error(F.Category, categoryText, $"未知的问题类别“{categoryText}”，可填：{string.Join("、", ProblemCategories.All.Select(c => c.NameZh))}");
            var description = Cell(F.Description);
            if (description is null) Error(F.Description, null, "缺少必填项：问题描述");
            var statusText = Cell(F.Status);
            var status = ProblemStatus.Reported;
            if (statusText is null) Error(F.Status, null, "缺少必填项：状态");
            else if (!Statuses.TryGetValue(statusText, out status)) Error(F.Status, statusText, $"未知的状态“{statusText}”，可填：已办结、已销号、办理中");
            DateOnly? resolved = null;
            if (Cell(F.ResolvedOn) is { } resolvedText && (resolved = EnterpriseRowValidator.ParseDate(resolvedText)) is null)
                Error(F.ResolvedOn, resolvedText, "办结日期格式不正确，应为 2025-03-18 这样的日期");
            if (issues.Count > before) continue;

            var code = UnifiedSocialCreditCode.Normalize(usccText);
            var key = KeyOf(number, code, reported!.Value, description!);
            if (firstRowOfKey.TryGetValue(key, out var first))
            {
                issues.Add(new ImportIssue(row.Number, Label(number is null ? F.Description : F.Number), number ?? description, $"与第{first}行是同一问题（文件内重复）"));
                continue;
            }
            firstRowOfKey[key] = row.Number;
            parsed.Add(new Parsed(row.Number, key, code, category!.Code, description!, status, reported.Value, resolved, Cell(F.Department), number));
        }

        var enterprises = await EnterprisesAsync(conn, parsed.Select(p => p.Code), ct);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT import_key FROM problems WHERE import_key = ANY(@keys)", conn))
        {
            cmd.Parameters.AddWithValue("keys", parsed.Select(p => p.Key).ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) stored.Add(r.GetString(0));
        }
        string actorName;
        await using (var cmd = new NpgsqlCommand("SELECT display_name FROM users WHERE id = @id", conn))
        {
            cmd.Parameters.AddWithValue("id", work.UserId);
            actorName = (string?)await cmd.ExecuteScalarAsync(ct) ?? work.UserName;
        }
        var by = new Actor(work.UserId, actorName, null);

        var rows = new List<NewProblem>();
        var now = Clock.GetUtcNow();
        foreach (var p in parsed)
        {
            var enterprise = enterprises.GetValueOrDefault(p.Code);
            if (EnterpriseProblem(work, enterprise) is { } refused)
            {
                issues.Add(new ImportIssue(p.Row, Label(F.Uscc), p.Code, refused));
                continue;
            }
            if (stored.Contains(p.Key)) continue; // 未变
            var candidate = new NewProblem(p.Key, enterprise!.Id, p.Category, p.Description, p.Status, p.ReportedOn, p.ResolvedOn, p.Department, p.OriginalNumber, by);
            try
            {
                candidate.Build(ProblemNumber.Create(p.ReportedOn.Year is >= ProblemNumber.MinYear and <= ProblemNumber.MaxYear ? p.ReportedOn.Year : ProblemNumber.MinYear, 1), now);
                if (p.ReportedOn.Year < ProblemNumber.MinYear) throw new DomainException($"登记日期不能早于{ProblemNumber.MinYear}年");
                rows.Add(candidate);
            }
            catch (DomainException ex)
            {
                issues.Add(new ImportIssue(p.Row, string.Empty, null, ex.Message));
            }
        }
        return (ImportAudit.Summarize(total, issues), rows);
    }
}
