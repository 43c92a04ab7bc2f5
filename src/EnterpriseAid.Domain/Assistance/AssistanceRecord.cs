using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Assistance;

/// <summary>What was delivered to an enterprise (要素保障).</summary>
public enum AssistanceKind
{
    /// <summary>贷款: an amount lent and the bank.</summary>
    Loan = 1,
    /// <summary>授信: a credit line granted and the bank.</summary>
    CreditLine = 2,
    /// <summary>用工: job postings published and matches made (达成意向人数).</summary>
    Jobs = 3,
    /// <summary>用地: land supplied, in 亩.</summary>
    Land = 4,
    /// <summary>减税降费、减免租金: the amount saved.</summary>
    FeeReduction = 5,
    /// <summary>降低用能成本: the amount saved.</summary>
    EnergyCost = 6,
    /// <summary>物资协调: what and how much.</summary>
    Materials = 7,
    /// <summary>其他: described in the note.</summary>
    Other = 8,
}

/// <summary>
/// One measure delivered to one enterprise on one day by one department (要素保障记录). Which figures a record carries
/// depends on its kind; the others stay empty, so sums per kind never mix a loan with a rent cut.
/// </summary>
public sealed class AssistanceRecord
{
    public const int BankMaxLength = 60;
    public const int ItemMaxLength = 60;
    public const int QuantityMaxLength = 40;
    public const int NoteMaxLength = 500;
    public const decimal MaxAmountYuan = 1_000_000_000_000m;
    public const decimal MaxLandMu = 1_000_000m;
    public const int MaxPeople = 1_000_000;
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);

    private AssistanceRecord()
    {
    }

    public long Id { get; private set; }
    public long EnterpriseId { get; private set; }
    public AssistanceKind Kind { get; private set; }
    public DateOnly DeliveredOn { get; private set; }
    public long DepartmentId { get; private set; }
    public string DepartmentName { get; private set; } = string.Empty;
    /// <summary>元: loans, credit lines, fee and energy savings.</summary>
    public decimal? AmountYuan { get; private set; }
    public string? Bank { get; private set; }
    public int? JobPostings { get; private set; }
    public int? JobMatches { get; private set; }
    public decimal? LandMu { get; private set; }
    public string? Item { get; private set; }
    public string? Quantity { get; private set; }
    public string? Note { get; private set; }
    public long RecordedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    /// <summary>The figures of a record; only those its kind uses are kept.</summary>
    public sealed record Figures(decimal? AmountYuan = null, string? Bank = null, int? JobPostings = null, int? JobMatches = null,
        decimal? LandMu = null, string? Item = null, string? Quantity = null);

    public static AssistanceRecord Create(long enterpriseId, AssistanceKind kind, DateOnly deliveredOn, long departmentId, string departmentName,
        Figures figures, string? note, long recordedBy, DateTimeOffset now, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(figures);
        if (!Enum.IsDefined(kind)) throw new DomainException("请选择保障类型");
        if (deliveredOn > today) throw new DomainException("保障日期不能晚于今天");
        if (deliveredOn < EarliestDate) throw new DomainException("保障日期不能早于2000年");
        if (departmentId <= 0 || string.IsNullOrWhiteSpace(departmentName)) throw new DomainException("请选择提供保障的部门");
        note = Trimmed(note, NoteMaxLength, "说明");

        var record = new AssistanceRecord
        {
            EnterpriseId = enterpriseId, Kind = kind, DeliveredOn = deliveredOn, DepartmentId = departmentId,
            DepartmentName = departmentName.Trim(), Note = note, RecordedByUserId = recordedBy, CreatedAt = now,
        };
        switch (kind)
        {
            case AssistanceKind.Loan or AssistanceKind.CreditLine:
                record.AmountYuan = Amount(figures.AmountYuan, kind == AssistanceKind.Loan ? "贷款金额" : "授信金额");
                record.Bank = Trimmed(figures.Bank, BankMaxLength, "银行") ?? throw new DomainException("请填写银行");
                break;
            case AssistanceKind.FeeReduction or AssistanceKind.EnergyCost:
                record.AmountYuan = Amount(figures.AmountYuan, kind == AssistanceKind.FeeReduction ? "减免金额" : "降低用能费用");
                break;
            case AssistanceKind.Jobs:
                record.JobPostings = People(figures.JobPostings, "发布岗位数");
                record.JobMatches = People(figures.JobMatches, "达成意向人数");
                if (record.JobPostings == 0 && record.JobMatches == 0) throw new DomainException("发布岗位数和达成意向人数不能都为0");
                break;
            case AssistanceKind.Land:
                if (figures.LandMu is not { } mu || mu <= 0) throw new DomainException("请填写供应土地面积（亩），须大于0");
                if (mu > MaxLandMu || decimal.Round(mu, 2) != mu) throw new DomainException("土地面积须不超过100万亩，最多两位小数");
                record.LandMu = mu;
                break;
            case AssistanceKind.Materials:
                record.Item = Trimmed(figures.Item, ItemMaxLength, "物资名称") ?? throw new DomainException("请填写协调的物资");
                record.Quantity = Trimmed(figures.Quantity, QuantityMaxLength, "数量") ?? throw new DomainException("请填写物资数量");
                break;
            case AssistanceKind.Other:
                if (note is null) throw new DomainException("其他保障请在说明中写明内容");
                break;
        }
        return record;
    }

    private static decimal Amount(decimal? value, string what)
    {
        if (value is not { } yuan || yuan <= 0) throw new DomainException($"请填写{what}（元），须大于0");
        if (yuan > MaxAmountYuan || decimal.Round(yuan, 2) != yuan) throw new DomainException($"{what}须不超过1万亿元，最多两位小数");
        return yuan;
    }

    private static int People(int? value, string what)
    {
        if (value is not { } n || n < 0 || n > MaxPeople) throw new DomainException($"请填写{what}，须为0至100万的整数");
        return n;
    }

    private static string? Trimmed(string? value, int max, string what)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > max) throw new DomainException($"{what}不能超过{max}个字");
        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            throw new DomainException($"{what}含有不可见字符");
        return text;
    }
}

/// <summary>
/// 要素保障 of the period, summed from the assistance records: enterprises that got loans and how much, credit lines,
/// job postings and matches, land, fee and energy savings, enterprises helped with materials. A figure that is zero is
/// left out of the text.
/// </summary>
public sealed record AssistanceFigures(int LoanEnterprises, decimal LoanYuan, int CreditEnterprises, decimal CreditYuan, int JobPostings,
    int JobMatches, decimal LandMu, decimal FeeYuan, decimal EnergyYuan, int MaterialsEnterprises)
{
    public static readonly AssistanceFigures None = new(0, 0m, 0, 0m, 0, 0, 0m, 0m, 0m, 0);
}
