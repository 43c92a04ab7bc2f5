namespace EnterpriseAid.Domain.Enterprises;

public enum UsccError
{
    None,
    Empty,
    WrongLength,
    InvalidCharacter,
    WrongCheckCharacter,
}

/// <summary>
/// 统一社会信用代码 per GB 32100-2015: 18 characters from a 31-character alphabet
/// (digits and capital letters without I, O, Z, S, V); the last one is a mod-31 check character.
/// </summary>
public readonly record struct UnifiedSocialCreditCode
{
    public const int Length = 18;
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public string Value { get; }

    private UnifiedSocialCreditCode(string value) => Value = value;

    public override string ToString() => Value;

    /// <summary>Trims and upper-cases: codes are often typed in lower case or pasted with spaces.</summary>
    public static string Normalize(string? input) => (input ?? string.Empty).Trim().ToUpperInvariant();

    public static UsccError Check(string? input)
    {
        var code = Normalize(input);
        if (code.Length == 0) return UsccError.Empty;
        if (code.Length != Length) return UsccError.WrongLength;
        foreach (var c in code)
        {
            if (Alphabet.IndexOf(c) < 0) return UsccError.InvalidCharacter;
        }
        return code[Length - 1] == ComputeCheckCharacter(code.AsSpan(0, Length - 1)) ? UsccError.None : UsccError.WrongCheckCharacter;
    }

    /// <summary>Check character for the first 17 characters of a code (all from <see cref="Alphabet"/>).</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1) throw new ArgumentException("需要前17位代码", nameof(first17));
        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var v = Alphabet.IndexOf(first17[i]);
            if (v < 0) throw new ArgumentException($"非法字符 {first17[i]}", nameof(first17));
            sum += v * Weights[i];
        }
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }

    public static bool TryParse(string? input, out UnifiedSocialCreditCode code)
    {
        if (Check(input) == UsccError.None)
        {
            code = new UnifiedSocialCreditCode(Normalize(input));
            return true;
        }
        code = default;
        return false;
    }

    public static UnifiedSocialCreditCode Parse(string? input) => Check(input) switch
    {
        UsccError.None => new UnifiedSocialCreditCode(Normalize(input)),
        var error => throw new Common.DomainException(Describe(error)),
    };

    public static string Describe(UsccError error) => error switch
    {
        UsccError.Empty => "请填写统一社会信用代码",
        UsccError.WrongLength => "统一社会信用代码应为18位",
        UsccError.InvalidCharacter => "统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）",
        UsccError.WrongCheckCharacter => "统一社会信用代码校验位不正确，请核对后重新输入",
        _ => string.Empty,
    };
}
