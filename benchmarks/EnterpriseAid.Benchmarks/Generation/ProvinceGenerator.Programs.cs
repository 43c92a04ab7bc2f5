using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Domain.Subsidies;
using Npgsql;
using NpgsqlTypes;

namespace EnterpriseAid.Benchmarks.Generation;

// 政策兑现, 三个一批, 要素保障 and 经营状况: the tables added after the problem ledger (V0020–V0045), generated
// with the same invariants the domain keeps (SubsidyApplication, SubsidyProgram, Project, ProjectProcedure).
public sealed partial class ProvinceGenerator
{
    private const int ApplicationsPerProgram = 50;
    private static readonly string[] PolicyCategoryCodes = PolicyCategories.All.Select(c => c.Code).ToArray();
    private static readonly string[] PolicyTopics = ["专精特新企业培育", "稳岗扩岗", "技术改造", "外贸稳规模", "首台套装备", "研发投入", "招商引资", "小微企业融资", "绿色低碳转型", "数字化转型"];
    private static readonly string[] BatchNumbers = ["第一批", "第二批", "第三批", "第四批"];
    private static readonly string[] ProjectPhases = ["第一期", "第二期", "第三期", "第四期", "第五期", "第六期", "第七期", "第八期"];
    private static readonly string[] ProjectWords = ["年产", "智能制造", "产业园", "新材料", "冷链物流", "数据中心", "精密加工", "新能源"];
    private static readonly string[] Banks = ["工商银行", "农业银行", "中国银行", "建设银行", "农商银行", "邮储银行"];

    private readonly List<PolicyRow> _policies = [];
    private readonly List<long> _districts = [];
    private readonly Dictionary<long, (long First, long Count)> _enterprisesOfDistrict = [];
    private readonly HashSet<long> _enterprisesWithSubsidies = [];
    private readonly List<SubsidyEventRow> _subsidyEvents = [];
    private readonly List<ProjectRow> _projects = [];

    private sealed record PolicyRow(long Id, long District, long Department, string Title, bool MianShen, DateOnly From);

    /// <summary>A programme's row, written after its applications (whose approved amounts make its approved total).</summary>
    private sealed record ProgramRow(long Id, long PolicyId, long Region, string Name, string Batch, decimal Budget, decimal ApprovedTotal,
        DateOnly ApplyFrom, DateOnly ApplyTo, bool MianShen, decimal? Standard, SubsidyProgramStage Stage, DateOnly? NoticeFrom,
        DateOnly? NoticeTo, DateTime CreatedAt, long CreatedBy);

    private readonly record struct SubsidyEventRow(long Application, SubsidyEventKind Kind, DateTime At, long? Actor, string ActorName,
        decimal? Amount, string? Text);

    private sealed record ProjectRow(long Id, long Town, ProjectStage Stage, DateOnly? StartedOn, decimal Total, DateOnly Base);

    private void IndexDistricts()
    {
        if (_districts.Count > 0) return;
        foreach (var town in _towns)
        {
            var district = _districtOfTown[town];
            var (start, count) = _enterprisesOfTown[town];
            if (_enterprisesOfDistrict.TryGetValue(district, out var range))
                _enterprisesOfDistrict[district] = (range.First, range.Count + count);
            else
            {
                _districts.Add(district);
                _enterprisesOfDistrict[district] = (start, count);
            }
        }
    }

    private DateOnly RandomDay(int daysBack, int daysBackMin = 0) => options.Today.AddDays(-_random.Next(daysBackMin, daysBack));

    private string ShortName(long unit) => _units[(int)unit].Name.Length > 2 ? _units[(int)unit].Name[..2] : _units[(int)unit].Name;

    // ---------------------------------------------------------------- 政策库 and 政策推送

    private async Task<long> CopyPoliciesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        IndexDistricts();
        var programs = (options.SubsidyApplications + ApplicationsPerProgram - 1) / ApplicationsPerProgram;
        var perDistrict = Math.Max(2, (programs / 2 + _districts.Count - 1) / _districts.Count);
        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY policies (id, title, document_no, issuing_department_id, region_id, category, effective_from, effective_to, summary,
                           clauses, implementing_rules, mian_shen_ji_xiang, eligible_scale_classes, eligible_industry_sections,
                           eligible_tags, eligible_town_ids, search_text, created_at, updated_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var district in _districts)
        {
            var departments = _departmentsOfDistrict[district];
            for (var k = 0; k < perDistrict; k++)
            {
                var department = departments[_random.Next(departments.Count)];
                var from = RandomDay(GeneratorOptions.Days + 60, 30);
                var title = $"{_units[(int)district].Name}关于支持{PolicyTopics[_random.Next(PolicyTopics.Length)]}的若干措施";
                var documentNo = $"{ShortName(district)}政发〔{from.Year}〕{k + 1}号";
                var mianShen = _random.NextDouble() < 0.1;
                var summary = "为进一步优化营商环境，支持企业发展，结合本地实际，制定本措施。";
                string[] clauses = ["对符合条件的企业给予一次性奖励。", "对当年新增研发投入的企业按比例给予补助。", "本措施由" + _units[(int)department].Name + "负责解释。"];
                string[] rules = ["申报材料：申请表、营业执照、相关证明材料。"];
                _policies.Add(new PolicyRow(++id, district, department, title, mianShen, from));

                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(title, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(documentNo, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(department, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(district, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(PolicyCategoryCodes[_random.Next(PolicyCategoryCodes.Length)], NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(from, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, _random.NextDouble() < 0.5 ? from.AddYears(3) : (DateOnly?)null, NpgsqlDbType.Date, ct);
                await w.WriteAsync(summary, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(clauses, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(rules, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(mianShen, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(Array.Empty<long>(), NpgsqlDbType.Array | NpgsqlDbType.Bigint, ct);
                // As Policy keeps it: title, 文号, summary, clauses and rules, one per line.
                await w.WriteAsync(string.Join('\n', new[] { title, documentNo, summary }.Concat(clauses).Concat(rules)), NpgsqlDbType.Text, ct);
                var created = BeijingTime(from.AddDays(-3), 10);
                await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
                _phase.Tick();
            }
        }
        await w.CompleteAsync(ct);
        return id;
    }

    /// <summary>Each policy delivered to about one enterprise in twenty of its district; half of the deliveries read.</summary>
    private async Task<long> CopyPolicyPushesAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY policy_pushes (id, policy_id, enterprise_id, pushed_at, pushed_by_user_id, read_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        var policiesOfDistrict = _policies.GroupBy(p => p.District).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var district in _districts)
        {
            var (first, count) = _enterprisesOfDistrict[district];
            var list = policiesOfDistrict[district];
            var pushes = Math.Max(1, (int)(count / 20 / Math.Max(1, list.Count / 4)));
            foreach (var policy in list.Take(Math.Max(1, list.Count / 4)))
            {
                foreach (var enterprise in Distinct(first, count, Math.Min(pushes, (int)count)))
                {
                    var pushed = BeijingTime(policy.From.AddDays(_random.Next(1, 30)), 10);
                    if (pushed > _now) pushed = _now;
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(policy.Id, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(enterprise, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(pushed, NpgsqlDbType.TimestampTz, ct);
                    await w.WriteAsync(_dispatcherOfDistrict[district], NpgsqlDbType.Bigint, ct);
                    var read = pushed + TimeSpan.FromHours(_random.Next(1, 200));
                    await WriteNullableAsync(w, _random.NextDouble() < 0.5 && read < _now ? read : (DateTime?)null, NpgsqlDbType.TimestampTz, ct);
                    _phase.Tick();
                }
            }
        }
        await w.CompleteAsync(ct);
        return id;
    }

    /// <summary><paramref name="take"/> different enterprise ids from <paramref name="first"/> … first + count − 1.</summary>
    private IEnumerable<long> Distinct(long first, long count, int take)
    {
        if (take * 2 > count)
        {
            var all = Enumerable.Range(0, (int)count).Select(i => first + i).ToArray();
            for (var i = 0; i < take; i++)
            {
                var j = i + _random.Next(all.Length - i);
                (all[i], all[j]) = (all[j], all[i]);
            }
            return all.Take(take).Order();
        }
        var seen = new HashSet<long>();
        while (seen.Count < take) seen.Add(first + _random.NextInt64(count));
        return seen.Order();
    }

    // ---------------------------------------------------------------- 政策兑现

    /// <summary>
    /// Programmes (two per policy on average, batches by date) and their applications in every status the programme's
    /// stage allows: while open, submitted, approved or rejected; in 公示, in notice or rejected; after it, paid, awaiting
    /// payment or rejected. The approved total is the sum of the approved amounts still standing, within the budget.
    /// </summary>
    private async Task<long> CopySubsidyApplicationsAsync(NpgsqlConnection conn, List<ProgramRow> programs, CancellationToken ct)
    {
        var programCount = Math.Max(1, (options.SubsidyApplications + ApplicationsPerProgram - 1) / ApplicationsPerProgram);
        var weights = Enumerable.Range(0, programCount).Select(_ => 0.2 + 1.6 * _random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var counts = weights.Select(x => (int)Math.Floor(options.SubsidyApplications * x / sum)).ToArray();
        for (var rest = options.SubsidyApplications - counts.Sum(); rest > 0; rest--) counts[_random.Next(counts.Length)]++;

        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY subsidy_applications (id, program_id, enterprise_id, status, requested_amount, approved_amount, reject_reason,
                                       disbursed_on, disbursed_amount, automatic, created_at, updated_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        var batchOfPolicy = new Dictionary<long, int>();
        for (var p = 0; p < programCount; p++)
        {
            var policy = _policies[p % _policies.Count];
            var batchIndex = batchOfPolicy[policy.Id] = batchOfPolicy.GetValueOrDefault(policy.Id) + 1;
            var applyFrom = RandomDay(GeneratorOptions.Days, 5);
            if (applyFrom < policy.From) applyFrom = policy.From;
            var applyTo = applyFrom.AddDays(30);
            var closedFor = options.Today.DayNumber - applyTo.DayNumber;
            var stage = closedFor < 10 ? SubsidyProgramStage.Open : closedFor < 17 ? SubsidyProgramStage.InNotice : SubsidyProgramStage.NoticeEnded;
            DateOnly? noticeFrom = stage == SubsidyProgramStage.Open ? null : applyTo.AddDays(10);
            DateOnly? noticeTo = noticeFrom?.AddDays(SubsidyProgram.DefaultNoticeDays - 1);
            decimal? standard = policy.MianShen ? 10_000m * _random.Next(1, 21) : null;
            var dispatcher = _dispatcherOfDistrict[policy.District];
            var dispatcherName = _users[(int)dispatcher - 1].Name;
            var (first, available) = _enterprisesOfDistrict[policy.District];
            decimal approvedTotal = 0;

            foreach (var enterprise in Distinct(first, available, (int)Math.Min(counts[p], available)))
            {
                id++;
                _phase.Tick();
                _enterprisesWithSubsidies.Add(enterprise);
                var requested = standard ?? 1_000m * _random.Next(10, 500);
                var created = BeijingTime(applyFrom.AddDays(_random.Next(0, 30)), 9) + TimeSpan.FromMinutes(_random.Next(600));
                if (created > _now) created = _now - TimeSpan.FromMinutes(_random.Next(1, 600));
                var applicant = _accountOfEnterprise.GetValueOrDefault(enterprise);
                if (standard is not null)
                    _subsidyEvents.Add(new(id, SubsidyEventKind.AutoCreated, created, dispatcher, dispatcherName, requested, null));
                else
                    _subsidyEvents.Add(new(id, SubsidyEventKind.Submitted, created, applicant == 0 ? null : applicant,
                        applicant == 0 ? _nameOfEnterprise[enterprise] : _users[(int)applicant - 1].Name, requested, null));

                var status = SubsidyApplicationStatus.Submitted;
                decimal? approved = null;
                string? rejectReason = null;
                DateOnly? paidOn = null;
                var updated = created;
                var reviewed = created + TimeSpan.FromDays(_random.Next(1, 6));
                var roll = _random.NextDouble();
                if (roll < 0.1 && (stage != SubsidyProgramStage.Open || reviewed < _now))
                {
                    // 驳回: while under review (or, for a programme past review, before its 公示)
                    if (reviewed > _now) reviewed = _now;
                    rejectReason = "申报材料不齐全，不符合申报条件";
                    status = SubsidyApplicationStatus.Rejected;
                    updated = reviewed;
                    _subsidyEvents.Add(new(id, SubsidyEventKind.Rejected, reviewed, dispatcher, dispatcherName, null, rejectReason));
                }
                else if (stage != SubsidyProgramStage.Open || (reviewed < _now && roll < 0.6))
                {
                    if (reviewed > _now) reviewed = _now;
                    approved = standard ?? Math.Max(1_000m, Math.Round(requested * (decimal)(0.6 + 0.4 * _random.NextDouble()) / 1_000m) * 1_000m);
                    approvedTotal += approved.Value;
                    status = SubsidyApplicationStatus.Approved;
                    updated = reviewed;
                    _subsidyEvents.Add(new(id, SubsidyEventKind.Approved, reviewed, dispatcher, dispatcherName, approved, null));
                    if (noticeFrom is { } nf)
                    {
                        var started = BeijingTime(nf, 9);
                        status = SubsidyApplicationStatus.InNotice;
                        updated = started;
                        _subsidyEvents.Add(new(id, SubsidyEventKind.NoticeStarted, started, dispatcher, dispatcherName, null, null));
                        if (_random.NextDouble() < 0.01)
                            _subsidyEvents.Add(new(id, SubsidyEventKind.Objection, started + TimeSpan.FromDays(1), dispatcher, dispatcherName, null,
                                "群众来电反映该企业申报数据有误，经核实无误。"));
                        if (stage == SubsidyProgramStage.NoticeEnded)
                        {
                            var ended = BeijingTime(noticeTo!.Value.AddDays(1), 9);
                            status = SubsidyApplicationStatus.NoticeEnded;
                            updated = ended;
                            _subsidyEvents.Add(new(id, SubsidyEventKind.NoticeEnded, ended, dispatcher, dispatcherName, null, null));
                            var payDay = noticeTo.Value.AddDays(_random.Next(3, 25));
                            if (payDay < options.Today && _random.NextDouble() < 0.92)
                            {
                                paidOn = payDay;
                                status = SubsidyApplicationStatus.Disbursed;
                                updated = BeijingTime(payDay, 15);
                                _subsidyEvents.Add(new(id, SubsidyEventKind.Disbursed, updated, dispatcher, dispatcherName, approved,
                                    payDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
                            }
                        }
                    }
                }

                await w.StartRowAsync(ct);
                await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync((long)p + 1, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(enterprise, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(status.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(requested, NpgsqlDbType.Numeric, ct);
                await WriteNullableAsync(w, approved, NpgsqlDbType.Numeric, ct);
                await WriteNullableAsync(w, rejectReason, NpgsqlDbType.Varchar, ct);
                await WriteNullableAsync(w, paidOn, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, paidOn is null ? (decimal?)null : approved, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(standard is not null, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(updated, NpgsqlDbType.TimestampTz, ct);
            }

            // The budget leaves room: the approved total is about 80% of it.
            var budget = Math.Max(100_000m, Math.Ceiling(approvedTotal / 0.8m / 10_000m) * 10_000m);
            if (standard is { } s && s > budget) budget = s;
            programs.Add(new ProgramRow(p + 1, policy.Id, policy.District,
                policy.Title.Replace("关于支持", "", StringComparison.Ordinal).Replace("的若干措施", "", StringComparison.Ordinal) + "奖补资金",
                $"{applyFrom.Year}年{BatchNumbers[(batchIndex - 1) % BatchNumbers.Length]}", budget, approvedTotal, applyFrom, applyTo,
                policy.MianShen, standard, stage, noticeFrom, noticeTo, BeijingTime(applyFrom.AddDays(-5), 10), dispatcher));
        }
        await w.CompleteAsync(ct);
        return id;
    }

    private async Task<long> CopySubsidyProgramsAsync(NpgsqlConnection conn, List<ProgramRow> programs, CancellationToken ct)
    {
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY subsidy_programs (id, policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                   standard_amount, notice_days, stage, notice_from, notice_to, created_at, created_by_user_id)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var p in programs)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(p.PolicyId, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(p.Region, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(p.Name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(p.Batch, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(p.Budget, NpgsqlDbType.Numeric, ct);
            await w.WriteAsync(p.ApprovedTotal, NpgsqlDbType.Numeric, ct);
            await w.WriteAsync(p.ApplyFrom, NpgsqlDbType.Date, ct);
            await w.WriteAsync(p.ApplyTo, NpgsqlDbType.Date, ct);
            await w.WriteAsync(p.MianShen, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(w, p.Standard, NpgsqlDbType.Numeric, ct);
            await w.WriteAsync(SubsidyProgram.DefaultNoticeDays, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(p.Stage.ToString(), NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, p.NoticeFrom, NpgsqlDbType.Date, ct);
            await WriteNullableAsync(w, p.NoticeTo, NpgsqlDbType.Date, ct);
            await w.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(p.CreatedBy, NpgsqlDbType.Bigint, ct);
            _phase.Tick();
        }
        await w.CompleteAsync(ct);
        return programs.Count;
    }

    private async Task<long> CopySubsidyEventsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY subsidy_events (id, application_id, kind, at, actor_user_id, actor_name, amount, text) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var e in _subsidyEvents)
        {
            await w.StartRowAsync(ct);
            await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(e.Application, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(e.Kind.ToString(), NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(e.At, NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(w, e.Actor, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(e.ActorName, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, e.Amount, NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(w, e.Text, NpgsqlDbType.Varchar, ct);
            _phase.Tick();
        }
        await w.CompleteAsync(ct);
        _subsidyEvents.Clear();
        return id;
    }

    // ---------------------------------------------------------------- 三个一批

    /// <summary>
    /// Projects in eight 期次 a quarter apart, in every stage; a stage reached has its date, never before the one before
    /// it nor after today; planned dates for every milestone; most have this year's planned investment.
    /// </summary>
    private async Task<long> CopyProjectsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        string[] levels = [ProjectLevels.Province, ProjectLevels.City, ProjectLevels.District, ProjectLevels.General];
        var enterprises = _townOfEnterprise.Length - 1;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY projects (id, name, enterprise_id, region_id, industry_section, level, batch, total_investment, annual_plan_year,
                           annual_plan_investment, stage, signed_planned_on, signed_on, started_planned_on, started_on,
                           producing_planned_on, producing_on, effective_planned_on, effective_on, created_at, updated_at, region_path)
            FROM STDIN (FORMAT BINARY)
            """, ct);
        for (long id = 1; id <= options.Projects; id++)
        {
            _phase.Tick();
            var enterprise = 1 + _random.Next(enterprises);
            var town = _townOfEnterprise[enterprise];
            var phase = _random.Next(ProjectPhases.Length);
            var baseDay = options.Today.AddDays(-GeneratorOptions.Days + phase * 91);
            var l = _random.NextDouble();
            var level = levels[l < 0.05 ? 0 : l < 0.2 ? 1 : l < 0.5 ? 2 : 3];
            var s = _random.NextDouble();
            var stage = (ProjectStage)(s < 0.15 ? 0 : s < 0.35 ? 1 : s < 0.7 ? 2 : s < 0.9 ? 3 : 4);
            var planned = new DateOnly[4];
            planned[0] = baseDay.AddDays(_random.Next(0, 60));
            planned[1] = planned[0].AddDays(_random.Next(30, 120));
            planned[2] = planned[1].AddDays(_random.Next(180, 540));
            planned[3] = planned[2].AddDays(_random.Next(90, 360));
            var actual = new DateOnly?[4];
            DateOnly? previous = null;
            for (var m = 0; m < (int)stage; m++)
            {
                var day = planned[m].AddDays(_random.Next(-10, 40));
                if (previous is { } p && day < p) day = p;
                if (day > options.Today) day = options.Today;
                actual[m] = previous = day;
            }
            var total = Math.Round((decimal)Math.Exp(Math.Log(5e6) + (Math.Log(5e9) - Math.Log(5e6)) * _random.NextDouble()) / 10_000m) * 10_000m;
            var hasPlan = _random.NextDouble() < 0.8;
            var name = ShortName(town) + NameWords[_random.Next(NameWords.Length)] + NameWords[_random.Next(NameWords.Length)]
                       + ProjectWords[_random.Next(ProjectWords.Length)] + "项目";
            _projects.Add(new ProjectRow(id, town, stage, actual[1], total, baseDay));

            await w.StartRowAsync(ct);
            await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(name, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(enterprise, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(town, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(_sectionOfEnterprise[enterprise], NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(level, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(ProjectPhases[phase], NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(total, NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(w, hasPlan ? options.Today.Year : (int?)null, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(w, hasPlan ? Math.Round(total * (decimal)(0.1 + 0.4 * _random.NextDouble()) / 10_000m) * 10_000m : (decimal?)null,
                NpgsqlDbType.Numeric, ct);
            await w.WriteAsync((short)stage, NpgsqlDbType.Smallint, ct);
            for (var m = 0; m < 4; m++)
            {
                await w.WriteAsync(planned[m], NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, actual[m], NpgsqlDbType.Date, ct);
            }
            var created = BeijingTime(baseDay.AddDays(-10), 10);
            await w.WriteAsync(created, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(Max(created, previous is { } last ? BeijingTime(last, 16) : null), NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(_units[(int)town].Path, NpgsqlDbType.Varchar, ct);
        }
        await w.CompleteAsync(ct);
        return options.Projects;
    }

    /// <summary>月度投资: every month from the start (开工) to last month, at most two years, reported by a town official.</summary>
    private async Task<long> CopyInvestmentReportsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        var thisMonth = new DateOnly(options.Today.Year, options.Today.Month, 1);
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY project_investment_reports (id, project_id, month, amount, reported_by_user_id, reported_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var p in _projects)
        {
            if (p.StartedOn is not { } started) continue;
            var officials = _officialsOfTown[p.Town];
            var reporter = officials[_random.Next(officials.Length)];
            for (var month = new DateOnly(started.Year, started.Month, 1); month < thisMonth; month = month.AddMonths(1))
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(month, NpgsqlDbType.Date, ct);
                await w.WriteAsync(Math.Round(p.Total * (decimal)(0.005 + 0.03 * _random.NextDouble()) / 1_000m) * 1_000m, NpgsqlDbType.Numeric, ct);
                await w.WriteAsync(reporter, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(Min(BeijingTime(month.AddMonths(1).AddDays(_random.Next(0, 10)), 10), _now), NpgsqlDbType.TimestampTz, ct);
                _phase.Tick();
            }
        }
        await w.CompleteAsync(ct);
        return id;
    }

    /// <summary>The standard 手续 of each project: done before the start for a started project, under way or not begun before.</summary>
    private async Task<long> CopyProceduresAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY project_procedures (id, project_id, name, sort_order, status, started_on, completed_on) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var p in _projects)
        {
            var order = 0;
            foreach (var name in ProcedureStatuses.Standard)
            {
                order++;
                var doneChance = p.Stage >= ProjectStage.Started ? 0.95 : p.Stage == ProjectStage.Signed ? 0.5 : 0.1;
                var r = _random.NextDouble();
                var status = r < doneChance ? ProcedureStatus.Done : r < doneChance + (1 - doneChance) / 2 ? ProcedureStatus.InProgress : ProcedureStatus.NotStarted;
                DateOnly? startedOn = null, completedOn = null;
                if (status != ProcedureStatus.NotStarted)
                {
                    var s = p.Base.AddDays(_random.Next(0, 60));
                    if (s > options.Today) s = options.Today;
                    startedOn = s;
                    if (status == ProcedureStatus.Done)
                    {
                        var c = s.AddDays(_random.Next(5, 60));
                        completedOn = c > options.Today ? options.Today : c;
                    }
                }
                await w.StartRowAsync(ct);
                await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(name, NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(order, NpgsqlDbType.Integer, ct);
                await w.WriteAsync((short)status, NpgsqlDbType.Smallint, ct);
                await WriteNullableAsync(w, startedOn, NpgsqlDbType.Date, ct);
                await WriteNullableAsync(w, completedOn, NpgsqlDbType.Date, ct);
                _phase.Tick();
            }
        }
        await w.CompleteAsync(ct);
        _projects.Clear();
        return id;
    }

    // ---------------------------------------------------------------- 要素保障 and 经营状况

    /// <summary>One measure for about one enterprise in five over the two years, each kind with the figures it requires.</summary>
    private async Task<long> CopyAssistanceAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var n = Math.Max(10, options.Enterprises / 5);
        var enterprises = _townOfEnterprise.Length - 1;
        string[] kinds = ["Loan", "CreditLine", "Jobs", "Land", "FeeReduction", "EnergyCost", "Materials", "Other"];
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY assistance_records (id, enterprise_id, kind, delivered_on, department_id, department_name, amount_yuan, bank, job_postings,
                                     job_matches, land_mu, item, quantity, note, recorded_by_user_id, created_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        for (long id = 1; id <= n; id++)
        {
            _phase.Tick();
            var enterprise = 1 + _random.Next(enterprises);
            var departments = _departmentsOfDistrict[_districtOfTown[_townOfEnterprise[enterprise]]];
            var department = departments[_random.Next(departments.Count)];
            var kind = kinds[_random.Next(kinds.Length)];
            var delivered = RandomDay(GeneratorOptions.Days);
            decimal? amount = kind is "Loan" or "CreditLine" ? 10_000m * _random.Next(10, 2_000)
                : kind is "FeeReduction" or "EnergyCost" ? 100m * _random.Next(10, 5_000) : null;
            await w.StartRowAsync(ct);
            await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(enterprise, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(kind, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(delivered, NpgsqlDbType.Date, ct);
            await w.WriteAsync(department, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(_units[(int)department].Name, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, amount, NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(w, kind is "Loan" or "CreditLine" ? Banks[_random.Next(Banks.Length)] : null, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, kind == "Jobs" ? _random.Next(5, 200) : (int?)null, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(w, kind == "Jobs" ? _random.Next(0, 50) : (int?)null, NpgsqlDbType.Integer, ct);
            await WriteNullableAsync(w, kind == "Land" ? _random.Next(5, 500) : (decimal?)null, NpgsqlDbType.Numeric, ct);
            await WriteNullableAsync(w, kind == "Materials" ? "防护物资" : null, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, kind == "Materials" ? $"{_random.Next(1, 100)}批" : null, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(w, kind == "Other" ? "协调解决企业用电增容" : null, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(_handlerOfDepartment[department], NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(BeijingTime(delivered, 16), NpgsqlDbType.TimestampTz, ct);
        }
        await w.CompleteAsync(ct);
        return n;
    }

    /// <summary>经营状况: one enterprise in five reports at each of the last six month-ends (by its official, or itself when it has an account).</summary>
    private async Task<long> CopyOperatingReportsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        long id = 0;
        await using var w = await conn.BeginBinaryImportAsync("""
            COPY operating_reports (id, enterprise_id, reported_on, operating, staff_on_duty, usual_staff, capacity_percent, note, source,
                                    entered_by_user_id, entered_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        var thisMonth = new DateOnly(options.Today.Year, options.Today.Month, 1);
        for (long e = 1; e < _townOfEnterprise.Length; e += 5)
        {
            var usual = _random.Next(5, 800);
            var account = _accountOfEnterprise.GetValueOrDefault(e);
            var officials = _officialsOfTown[_townOfEnterprise[e]];
            for (var m = 6; m >= 1; m--)
            {
                var day = thisMonth.AddMonths(-m + 1).AddDays(-1);
                var operating = _random.NextDouble() < 0.93;
                var staff = operating ? (int)(usual * (0.6 + 0.45 * _random.NextDouble())) : 0;
                var byEnterprise = account != 0 && _random.NextDouble() < 0.5;
                await w.StartRowAsync(ct);
                await w.WriteAsync(++id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(e, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(day, NpgsqlDbType.Date, ct);
                await w.WriteAsync(operating, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(staff, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(usual, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(operating ? _random.Next(30, 111) : 0, NpgsqlDbType.Integer, ct);
                await WriteNullableAsync(w, operating ? null : "订单不足，暂时停产", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(byEnterprise ? "Enterprise" : "Staff", NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(byEnterprise ? account : officials[_random.Next(officials.Length)], NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(Min(BeijingTime(day.AddDays(1), 10), _now), NpgsqlDbType.TimestampTz, ct);
                _phase.Tick();
            }
        }
        await w.CompleteAsync(ct);
        return id;
    }
}
