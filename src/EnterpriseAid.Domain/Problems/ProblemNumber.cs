using System.Globalization;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Problems;

/// <summary>问题编号 "2026-000123": the year and a sequence the database hands out per year.</summary>
public readonly record struct ProblemNumber
{
    public const int MinYear = 2000;
    public const int MaxYear = 9999;
    public const int MaxSequence = 999_999;
    public const int Length = 11;

    public int Year { get; }
    public int Sequence { get; }

    private ProblemNumber(int year, int sequence)
    {
        Year = year;
        Sequence = sequence;
    }

    public static ProblemNumber Create(int year, int sequence)
    {
        if (year is < MinYear or > MaxYear) throw new ArgumentOutOfRangeException(nameof(year), year, "问题编号的年份无效");
        if (sequence is < 1 or > MaxSequence) throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "问题编号的序号无效");
        return new ProblemNumber(year, sequence);
    }

    public override string ToString() => Year == 0
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Sequence:D6}");

    public static bool TryParse(string? input, out ProblemNumber number)
    {
        number = default;
        var s = input?.Trim() ?? string.Empty;
        if (s.Length != Length || s[4] != '-') return false;
        for (var i = 0; i < Length; i++)
        {
            if (i != 4 && !char.IsAsciiDigit(s[i])) return false;
        }
        var year = int.Parse(s.AsSpan(0, 4), CultureInfo.InvariantCulture);
        var sequence = int.Parse(s.AsSpan(5), CultureInfo.InvariantCulture);
        if (year < MinYear || sequence < 1) return false;
        number = new ProblemNumber(year, sequence);
        return true;
    }

    public static ProblemNumber Parse(string? input) =>
        TryParse(input, out var number) ? number : throw new DomainException("问题编号格式应为“年份-六位序号”，如2026-000123");
}
