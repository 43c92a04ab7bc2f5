using System.Globalization;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>One problem of one row: an error keeps the file from being committed, a warning does not.</summary>
public sealed record ImportIssue(int Row, string Column, string? Value, string Message, bool Warning = false);

/// <summary>A town (镇/街道) an imported row may name: by its name, with its id and path.</summary>
public sealed record ImportTown(long Id, string Name, string Path);

/// <summary>A row that passed every rule, ready to be written.</summary>
public sealed record ImportedEnterprise(int Row, Enterprise Enterprise, string RegionPath);

/// <summary>
/// Turns the mapped cells of one roster row into an <see cref="Enterprise"/> through the domain's own rules
/// (<see cref="UnifiedSocialCreditCode.Check"/>, <see cref="Enterprise.Register"/>), after reading the
/// catalogue names districts write (规上工业, 制造业, 专精特新 …) and the town by name within the uploader's scope.
/// Several problems of a row are reported together; duplicates within the file are reported on the later row.
/// </summary>
public sealed class EnterpriseRowValidator
{
    /// <summary>Characters a spreadsheet program takes as the start of a formula (CSV/formula injection).</summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝'];

    private readonly IReadOnlyDictionary<string, int> _map;
    private readonly Dictionary<string, ImportTown> _townsInScope;
    private readonly HashSet<string> _townsElsewhere;
    private readonly DateTimeOffset _now;
    private readonly Dictionary<string, int> _firstRowOfUscc = new(StringComparer.Ordinal);

    public EnterpriseRowValidator(IReadOnlyDictionary<string, int> map, IEnumerable<ImportTown> townsInScope, IEnumerable<string> allTownNames, DateTimeOffset now)
    {
        _map = map;
        _townsInScope = [];
        foreach (var t in townsInScope) _townsInScope.TryAdd(t.Name, t);
        _townsElsewhere = [.. allTownNames.Where(n => !_townsInScope.ContainsKey(n))];
        _now = now;
    }

    /// <summary>The first row of each code in the file, for the check against records outside the scope.</summary>
    public IReadOnlyDictionary<string, int> RowsByUscc => _firstRowOfUscc;

    public ImportedEnterprise? Validate(SheetRow row, List<ImportIssue> issues)
    {
        var before = issues.Count(i => !i.Warning);
        string? Cell(string key) => _map.TryGetValue(key, out var c) ? row.Cell(c)?.Trim() : null;
        void Error(string key, string? value, string message) => issues.Add(new ImportIssue(row.Number, Label(key), value, message));

        var usccText = Cell(EnterpriseImportFields.Uscc);
        var usccError = UnifiedSocialCreditCode.Check(usccText);
        if (usccError != UsccError.None) Error(EnterpriseImportFields.Uscc, usccText, UnifiedSocialCreditCode.Describe(usccError));
        else
        {
            var code = UnifiedSocialCreditCode.Normalize(usccText);
            if (_firstRowOfUscc.TryGetValue(code, out var first))
                Error(EnterpriseImportFields.Uscc, usccText, $"与第{first}行的统一社会信用代码重复（文件内重复）");
            else _firstRowOfUscc[code] = row.Number;
        }

        var name = Text(row, EnterpriseImportFields.Name, Cell(EnterpriseImportFields.Name), issues);
        if (string.IsNullOrWhiteSpace(name)) Error(EnterpriseImportFields.Name, null, "缺少必填项：企业名称");

        var townName = Cell(EnterpriseImportFields.Town);
        ImportTown? town = null;
        if (string.IsNullOrEmpty(townName)) Error(EnterpriseImportFields.Town, null, "缺少必填项：所属镇街");
        else if (!_townsInScope.TryGetValue(townName, out town))
        {
            Error(EnterpriseImportFields.Town, townName, _townsElsewhere.Contains(townName)
                ? $"镇街“{townName}”不在您的管辖范围内"
                : $"未知的镇街“{townName}”，请填写系统中已有的镇街名称");
        }

        var scale = Catalogue(ScaleClasses.All, Cell(EnterpriseImportFields.Scale), EnterpriseImportFields.Scale, "规模类型", row, issues);
        var industry = Industry(Cell(EnterpriseImportFields.Industry), row, issues);
        var legal = Text(row, EnterpriseImportFields.LegalRepresentative, Cell(EnterpriseImportFields.LegalRepresentative), issues);
        var address = Text(row, EnterpriseImportFields.Address, Cell(EnterpriseImportFields.Address), issues);

        var employees = 0;
        var employeesText = Cell(EnterpriseImportFields.Employees);
        if (!string.IsNullOrEmpty(employeesText))
        {
            if (!decimal.TryParse(employeesText.Replace(",", "", StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) || n != decimal.Truncate(n))
                Error(EnterpriseImportFields.Employees, employeesText, "从业人数应为整数");
            else if (n < 0) Error(EnterpriseImportFields.Employees, employeesText, "从业人数不能为负数");
            else if (n > Enterprise.MaxEmployees) Error(EnterpriseImportFields.Employees, employeesText, $"从业人数不能超过{Enterprise.MaxEmployees}");
            else employees = (int)n;
        }

        DateOnly? established = null;
        var dateText = Cell(EnterpriseImportFields.EstablishedOn);
        if (!string.IsNullOrEmpty(dateText))
        {
            established = ParseDate(dateText);
            if (established is null) Error(EnterpriseImportFields.EstablishedOn, dateText, "成立日期格式不正确，应为 2020-05-18 这样的日期");
            else if (established > ChinaTime.DateOf(_now)) Error(EnterpriseImportFields.EstablishedOn, dateText, "成立日期不能晚于今天");
            else if (established.Value.Year < 1900) Error(EnterpriseImportFields.EstablishedOn, dateText, "成立日期不能早于1900年");
        }

        var tags = new List<string>();
        var tagsText = Cell(EnterpriseImportFields.Tags);
        if (!string.IsNullOrEmpty(tagsText))
        {
            foreach (var part in tagsText.Split(['、', ',', '，', ';', '；', '/', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var tag = EnterpriseTags.All.FirstOrDefault(t => t.Code == part || t.NameZh == part || t.NameZh.TrimEnd('企', '业') == part.TrimEnd('企', '业'));
                if (tag is null) Error(EnterpriseImportFields.Tags, tagsText, $"未知的企业标签“{part}”，可填：{string.Join("、", EnterpriseTags.All.Select(t => t.NameZh))}");
                else tags.Add(tag.Code);
            }
        }

        if (issues.Count(i => !i.Warning) > before || town is null || scale is null || industry is null) return null;
        try
        {
            var enterprise = Enterprise.Register(UnifiedSocialCreditCode.Parse(usccText),
                new EnterpriseProfile(name!, legal, scale, industry, town.Id, tags, employees, address, established, []), _now);
            return new ImportedEnterprise(row.Number, enterprise, town.Path);
        }
        catch (DomainException ex)
        {
            issues.Add(new ImportIssue(row.Number, string.Empty, null, ex.Message));
            return null;
        }
    }

    private static string Label(string key) => EnterpriseImportFields.All.First(f => f.Key == key).Label;

    /// <summary>
    /// Free text as stored. Text a spreadsheet would run as a formula (=HYPERLINK(…), +cmd, @SUM …) is kept as text
    /// with a leading apostrophe, the mark Excel itself uses for "this is text", and the row gets a warning.
    /// </summary>
    private static string? Text(SheetRow row, string key, string? value, List<ImportIssue> issues)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (value.IndexOfAny(FormulaStarts) == 0 && !(value[0] == '-' && value.Length > 1 && char.IsAsciiDigit(value[1])))
        {
            issues.Add(new ImportIssue(row.Number, Label(key), value,
                "内容以公式符号开头，可能被 Excel 当作公式执行；已在开头加上 ' 作为纯文本保存", Warning: true));
            return "'" + value;
        }
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            issues.Add(new ImportIssue(row.Number, Label(key), value, $"{Label(key)}含有不可见的控制字符"));
            return null;
        }
        return value;
    }

    private static string? Catalogue(IReadOnlyList<CatalogEntry> entries, string? value, string key, string label, SheetRow row, List<ImportIssue> issues)
    {
        if (string.IsNullOrEmpty(value))
        {
            issues.Add(new ImportIssue(row.Number, Label(key), null, $"缺少必填项：{label}"));
            return null;
        }
        var entry = entries.FirstOrDefault(e => e.NameZh == value || string.Equals(e.Code, value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(e.NameEn, value, StringComparison.OrdinalIgnoreCase));
        if (entry is not null) return entry.Code;
        issues.Add(new ImportIssue(row.Number, Label(key), value, $"未知的{label}“{value}”，可填：{string.Join("、", entries.Select(e => e.NameZh))}"));
        return null;
    }

    /// <summary>A GB/T 4754 section by letter ("C"), name ("制造业") or both ("C 制造业", "C-制造业").</summary>
    private static string? Industry(string? value, SheetRow row, List<ImportIssue> issues)
    {
        if (!string.IsNullOrEmpty(value) && value.Length > 1 && char.IsAsciiLetter(value[0]) && !char.IsAsciiLetter(value[1]))
        {
            var byLetter = IndustrySections.All.FirstOrDefault(e => string.Equals(e.Code, value[..1], StringComparison.OrdinalIgnoreCase));
            var rest = value[1..].Trim(' ', '-', '、', '.', '．', ':', '：');
            if (byLetter is not null && (rest.Length == 0 || rest == byLetter.NameZh)) return byLetter.Code;
        }
        return Catalogue(IndustrySections.All, value, EnterpriseImportFields.Industry, "行业门类", row, issues);
    }

    private static readonly string[] DateFormats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d H:mm:ss", "yyyy/M/d H:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    /// <summary>A date as text, or as Excel's day number (a date cell of an .xlsx arrives as its serial).</summary>
    public static DateOnly? ParseDate(string text)
    {
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return DateOnly.FromDateTime(dt);
        if (text.Length <= 8 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is >= 1 and < 2_958_466)
            return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        return null;
    }
}
