using System.Globalization;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Supervision;

/// <summary>
/// 督办单编号 in the style of official document numbers (发文字号): "督办〔2026〕15号", the year in
/// 六角括号 and a sequence the database hands out per year, without leading zeros.
/// </summary>
public readonly partial record struct SupervisionNoticeNumber
{
    public const int MinYear = 2000;
    public const int MaxYear = 9999;
    public const int MaxSequence = 99_999;
    /// <summary>督办〔9999〕99999号.</summary>
    public const int MaxLength = 14;

    public int Year { get; }
    public int Sequence { get; }

    private SupervisionNoticeNumber(int year, int sequence)
    {
        Year = year;
        Sequence = sequence;
    }

    public static SupervisionNoticeNumber Create(int year, int sequence)
    {
        if (year is < MinYear or > MaxYear) throw new ArgumentOutOfRangeException(nameof(year), year, "督办单编号的年份无效");
        if (sequence is < 1 or > MaxSequence) throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "督办单编号的序号无效");
        return new SupervisionNoticeNumber(year, sequence);
    }

    public override string ToString() => Year == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"督办〔{Year}〕{Sequence}号");

    public static bool TryParse(string? input, out SupervisionNoticeNumber number)
    {
        number = default;
        var match = Pattern().Match(input?.Trim() ?? string.Empty);
        if (!match.Success) return false;
        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var sequence = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (year < MinYear) return false;
        number = new SupervisionNoticeNumber(year, sequence);
        return true;
    }

    public static SupervisionNoticeNumber Parse(string? input) =>
        TryParse(input, out var number) ? number : throw new DomainException("督办单编号格式应为“督办〔年份〕序号号”，如督办〔2026〕15号");

    [GeneratedRegex(@"^督办〔(\d{4})〕([1-9]\d{0,4})号$")]
    private static partial Regex Pattern();
}
