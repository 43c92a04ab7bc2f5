using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.UnitTests.Enterprises;

public sealed class UnifiedSocialCreditCodeTests
{
    // Published codes whose check characters were recomputed by hand with the GB 32100-2015 weights.
    private const string EndsInDigit = "91350100M000100Y43";
    private const string EndsInLetter = "91110108551385082Q";
    private const string EndsInLetterToo = "91440300708461136T";
    private const string AnotherEndingInDigit = "914403001922038216";

    // Body weighted sum is 1612 = 52 × 31, so 31 − 0 = 31, which the standard writes as '0'.
    private const string CheckIsZero = "91350100M000100Y30";

    public static TheoryData<string> ValidCodes => [EndsInDigit, EndsInLetter, EndsInLetterToo, AnotherEndingInDigit, CheckIsZero];

    [Theory]
    [MemberData(nameof(ValidCodes))]
    public void Valid_code_passes_the_check(string code)
    {
        UnifiedSocialCreditCode.Check(code).ShouldBe(UsccError.None);
        UnifiedSocialCreditCode.TryParse(code, out var parsed).ShouldBeTrue();
        parsed.Value.ShouldBe(code);
    }

    [Fact]
    public void Check_character_of_a_body_summing_to_a_multiple_of_31_is_zero() =>
        UnifiedSocialCreditCode.ComputeCheckCharacter(CheckIsZero.AsSpan(0, 17)).ShouldBe('0');

    [Theory]
    [InlineData("91350100M000100Y4", '3')]
    [InlineData("91110108551385082", 'Q')]
    [InlineData("91440300708461136", 'T')]
    [InlineData("91350100M000100Y3", '0')]
    public void Check_character_is_computed_from_the_first_17_characters(string body, char expected) =>
        UnifiedSocialCreditCode.ComputeCheckCharacter(body).ShouldBe(expected);

    [Theory]
    [InlineData("91350100M000100Y")]
    [InlineData("91350100M000100Y43")]
    public void Computing_a_check_character_needs_exactly_17_characters(string body) =>
        Should.Throw<ArgumentException>(() => UnifiedSocialCreditCode.ComputeCheckCharacter(body));

    [Fact]
    public void Computing_a_check_character_refuses_a_character_outside_the_alphabet() =>
        Should.Throw<ArgumentException>(() => UnifiedSocialCreditCode.ComputeCheckCharacter("91350100M000100O4"));

    [Theory]
    [InlineData("91350100m000100y43", "91350100M000100Y43")]
    [InlineData("  91110108551385082q\t", "91110108551385082Q")]
    [InlineData("\u300091440300708461136T\u3000", "91440300708461136T")]
    public void Lower_case_and_padded_input_is_normalised(string input, string expected)
    {
        UnifiedSocialCreditCode.Check(input).ShouldBe(UsccError.None);
        UnifiedSocialCreditCode.Parse(input).Value.ShouldBe(expected);
        UnifiedSocialCreditCode.TryParse(input, out var parsed).ShouldBeTrue();
        parsed.ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void Missing_code_is_reported_as_empty(string? input) =>
        UnifiedSocialCreditCode.Check(input).ShouldBe(UsccError.Empty);

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y430")]
    [InlineData("9")]
    [InlineData("9135 0100M000100Y43")]
    public void Code_that_is_not_18_characters_is_reported_as_wrong_length(string input) =>
        UnifiedSocialCreditCode.Check(input).ShouldBe(UsccError.WrongLength);

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('Z')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('i')]
    [InlineData('o')]
    [InlineData('中')]
    [InlineData('-')]
    [InlineData('.')]
    [InlineData(' ')]
    [InlineData('９')]
    public void Character_outside_the_alphabet_is_reported_as_invalid(char bad)
    {
        var chars = EndsInDigit.ToCharArray();
        chars[8] = bad;
        UnifiedSocialCreditCode.Check(new string(chars)).ShouldBe(UsccError.InvalidCharacter);
    }

    [Fact]
    public void Forbidden_letter_in_the_check_position_is_reported_as_invalid_rather_than_as_a_wrong_check() =>
        UnifiedSocialCreditCode.Check("91350100M000100Y4O").ShouldBe(UsccError.InvalidCharacter);

    public static TheoryData<int> AllPositions => new(Enumerable.Range(0, 18));

    [Theory]
    [MemberData(nameof(AllPositions))]
    public void Substituting_any_single_character_is_reported_as_a_wrong_check_character(int position)
    {
        foreach (var valid in new[] { EndsInDigit, EndsInLetter, CheckIsZero })
        {
            foreach (var replacement in UnifiedSocialCreditCode.Alphabet)
            {
                if (replacement == valid[position]) continue;
                var chars = valid.ToCharArray();
                chars[position] = replacement;
                var corrupted = new string(chars);
                UnifiedSocialCreditCode.Check(corrupted).ShouldBe(UsccError.WrongCheckCharacter, corrupted);
                UnifiedSocialCreditCode.TryParse(corrupted, out _).ShouldBeFalse(corrupted);
            }
        }
    }

    public static TheoryData<int> BodyPairPositions => new(Enumerable.Range(0, 16));

    [Theory]
    [MemberData(nameof(BodyPairPositions))]
    public void Swapping_two_adjacent_different_characters_is_reported_as_a_wrong_check_character(int position)
    {
        var swapped = 0;
        foreach (var valid in new[] { EndsInDigit, EndsInLetter, EndsInLetterToo, AnotherEndingInDigit, CheckIsZero })
        {
            if (valid[position] == valid[position + 1]) continue;
            var chars = valid.ToCharArray();
            (chars[position], chars[position + 1]) = (chars[position + 1], chars[position]);
            var corrupted = new string(chars);
            UnifiedSocialCreditCode.Check(corrupted).ShouldBe(UsccError.WrongCheckCharacter, corrupted);
            swapped++;
        }
        swapped.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Parse_of_a_bad_code_throws_a_domain_exception_with_the_chinese_message()
    {
        Should.Throw<DomainException>(() => UnifiedSocialCreditCode.Parse("91350100M000100Y44"))
            .Message.ShouldBe("统一社会信用代码校验位不正确，请核对后重新输入");
        Should.Throw<DomainException>(() => UnifiedSocialCreditCode.Parse(""))
            .Message.ShouldBe("请填写统一社会信用代码");
        Should.Throw<DomainException>(() => UnifiedSocialCreditCode.Parse("91350100M000100Y4"))
            .Message.ShouldBe("统一社会信用代码应为18位");
        Should.Throw<DomainException>(() => UnifiedSocialCreditCode.Parse("91350100M000100YO3"))
            .Message.ShouldBe("统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）");
    }

    [Fact]
    public void Try_parse_of_a_bad_code_returns_false_and_the_default_code()
    {
        UnifiedSocialCreditCode.TryParse("91350100M000100Y44", out var code).ShouldBeFalse();
        code.ShouldBe(default);
    }

    [Theory]
    [InlineData(UsccError.Empty)]
    [InlineData(UsccError.WrongLength)]
    [InlineData(UsccError.InvalidCharacter)]
    [InlineData(UsccError.WrongCheckCharacter)]
    public void Every_error_is_described_in_chinese(UsccError error)
    {
        var text = UnifiedSocialCreditCode.Describe(error);
        text.ShouldContain("统一社会信用代码");
        text.Any(c => c is >= '\u4e00' and <= '\u9fff').ShouldBeTrue();
    }

    [Fact]
    public void Every_error_has_its_own_description()
    {
        var errors = Enum.GetValues<UsccError>().Where(e => e != UsccError.None).ToList();
        errors.Select(UnifiedSocialCreditCode.Describe).Distinct().Count().ShouldBe(errors.Count);
    }

    [Fact]
    public void No_error_has_no_description() => UnifiedSocialCreditCode.Describe(UsccError.None).ShouldBeEmpty();
}
