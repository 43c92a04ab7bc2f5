using System.Text.Json;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>A column the import understands: its key, its Chinese header, and the headers districts also use for it.</summary>
public sealed record ImportField(string Key, string Label, bool Required, params string[] Aliases);

/// <summary>The columns of an enterprise roster (企业名录, 四上企业名单).</summary>
public static class EnterpriseImportFields
{
    public const string Uscc = "uscc";
    public const string Name = "name";
    public const string Town = "town";
    public const string Scale = "scale";
    public const string Industry = "industry";
    public const string LegalRepresentative = "legal";
    public const string Employees = "employees";
    public const string Address = "address";
    public const string EstablishedOn = "established";
    public const string Tags = "tags";

    public static readonly IReadOnlyList<ImportField> All =
    [
        new(Uscc, "统一社会信用代码", true, "社会信用代码", "信用代码", "统一代码", "USCC", "纳税人识别号"),
        new(Name, "企业名称", true, "单位名称", "企业全称", "公司名称", "名称"),
        new(Town, "所属镇街", true, "镇街", "所属乡镇", "乡镇街道", "所在镇街", "镇（街道）", "乡镇（街道）", "所属街道", "属地"),
        new(Scale, "规模类型", true, "规模", "企业规模", "企业类型", "类型"),
        new(Industry, "行业门类", true, "所属行业", "行业", "国民经济行业", "行业分类"),
        new(LegalRepresentative, "法定代表人", false, "法人代表", "法人", "负责人"),
        new(Employees, "从业人数", false, "职工人数", "员工人数", "用工人数", "从业人员"),
        new(Address, "地址", false, "注册地址", "经营地址", "企业地址", "住所"),
        new(EstablishedOn, "成立日期", false, "注册日期", "成立时间", "登记日期"),
        new(Tags, "企业标签", false, "标签", "企业类别"),
    ];
}

/// <summary>The columns of a 包联 table (包联表): the enterprise, the officials by role, and how to find their accounts.</summary>
public static class AssignmentImportFields
{
    public const string Uscc = "uscc";
    public const string Name = "name";
    public const string Leader = "leader";
    public const string Liaison = "liaison";
    public const string Role = "role";
    public const string Person = "person";
    public const string Unit = "unit";
    public const string Phone = "phone";
    public const string Account = "account";
    public const string StartsOn = "starts";

    public static readonly IReadOnlyList<ImportField> All =
    [
        new(Uscc, "统一社会信用代码", true, "社会信用代码", "信用代码", "统一代码", "USCC", "纳税人识别号"),
        new(Name, "企业名称", false, "单位名称", "企业全称", "公司名称"),
        new(Leader, "包联领导", false, "包联县级领导", "包联区级领导", "包保领导", "联系领导"),
        new(Liaison, "联络员", false, "包联联络员", "联系人员", "包保联络员"),
        new(Role, "包联角色", false, "角色", "包联身份"),
        new(Person, "姓名", false, "包联干部", "干部姓名", "包联人"),
        new(Unit, "所属单位", false, "所属部门", "所属单位/部门", "工作单位", "部门"),
        new(Phone, "手机号", false, "手机", "手机号码", "联系电话", "电话"),
        new(Account, "账号", false, "用户名", "登录账号", "系统账号"),
        new(StartsOn, "开始日期", false, "包联开始日期", "起始日期", "包联日期"),
    ];
}

/// <summary>The columns of a problem ledger (问题台账) kept before the platform.</summary>
public static class ProblemImportFields
{
    public const string Number = "number";
    public const string Uscc = "uscc";
    public const string ReportedOn = "reported";
    public const string Category = "category";
    public const string Description = "description";
    public const string Status = "status";
    public const string ResolvedOn = "resolved";
    public const string Department = "department";

    public static readonly IReadOnlyList<ImportField> All =
    [
        new(Number, "问题编号", false, "编号", "原编号", "序号编号"),
        new(Uscc, "统一社会信用代码", true, "社会信用代码", "信用代码", "统一代码", "USCC", "纳税人识别号"),
        new(ReportedOn, "登记日期", true, "反映日期", "提出日期", "收集日期", "日期"),
        new(Category, "问题类别", true, "问题类型", "类别", "诉求类别"),
        new(Description, "问题描述", true, "问题内容", "具体问题", "诉求内容", "问题及诉求"),
        new(Status, "状态", true, "办理状态", "办结情况", "进展情况"),
        new(ResolvedOn, "办结日期", false, "完成日期", "解决日期", "销号日期"),
        new(Department, "责任单位", false, "牵头单位", "承办单位", "责任部门"),
    ];
}

public static class ImportFieldSets
{
    public static IReadOnlyList<ImportField> Of(string kind) => kind switch
    {
        ImportKinds.Enterprises => EnterpriseImportFields.All,
        ImportKinds.Assignments => AssignmentImportFields.All,
        ImportKinds.Problems => ProblemImportFields.All,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown import kind"),
    };
}

/// <summary>Which column of the file feeds which field: matched from the headers, then corrected by the user.</summary>
public static class ColumnMapping
{
    /// <summary>
    /// Each field's column: a header equal to the field's label or an alias (ignoring spaces, brackets and a
    /// trailing asterisk), else the first header containing the label. A column feeds one field at most.
    /// </summary>
    public static Dictionary<string, int> AutoMatch(IReadOnlyList<ImportField> fields, IReadOnlyList<string> headers)
    {
        var normalized = headers.Select(Normalize).ToList();
        var map = new Dictionary<string, int>();
        var taken = new HashSet<int>();
        void Take(ImportField f, Func<string, string, bool> matches)
        {
            if (map.ContainsKey(f.Key)) return;
            foreach (var name in new[] { f.Label }.Concat(f.Aliases).Select(Normalize))
            {
                for (var i = 0; i < normalized.Count; i++)
                {
                    if (taken.Contains(i) || normalized[i].Length == 0 || !matches(normalized[i], name)) continue;
                    map[f.Key] = i;
                    taken.Add(i);
                    return;
                }
            }
        }
        foreach (var f in fields) Take(f, (h, n) => h == n);
        foreach (var f in fields) Take(f, (h, n) => n.Length >= 2 && h.Contains(n, StringComparison.Ordinal));
        return map;
    }

    public static string Normalize(string? header) =>
        new string((header ?? string.Empty).Where(c => !char.IsWhiteSpace(c) && c is not ('*' or '(' or ')' or '（' or '）' or '：' or ':')).ToArray())
            .ToUpperInvariant();

    /// <summary>What is wrong with a mapping, in Chinese, or nothing.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<ImportField> fields, IReadOnlyDictionary<string, int> map, int columnCount)
    {
        var problems = new List<string>();
        foreach (var f in fields.Where(f => f.Required && !map.ContainsKey(f.Key)))
            problems.Add($"请为必填项“{f.Label}”选择对应的列");
        foreach (var (key, column) in map)
        {
            if (column < 0 || column >= columnCount) problems.Add($"“{fields.FirstOrDefault(f => f.Key == key)?.Label ?? key}”选择的列不存在");
        }
        foreach (var g in map.GroupBy(kv => kv.Value).Where(g => g.Count() > 1))
            problems.Add($"同一列不能同时对应{string.Join("、", g.Select(kv => "“" + (fields.FirstOrDefault(f => f.Key == kv.Key)?.Label ?? kv.Key) + "”"))}");
        return problems;
    }

    public static string ToJson(IReadOnlyDictionary<string, int> map) => JsonSerializer.Serialize(map);

    public static Dictionary<string, int> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
}
