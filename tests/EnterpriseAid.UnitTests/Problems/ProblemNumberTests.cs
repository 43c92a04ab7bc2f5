using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.UnitTests.Problems;

public sealed class ProblemNumberTests
{
    [Theory]
    [InlineData(2026, 123, "2026-000123")]
    [InlineData(2026, 1, "2026-000001")]
    [InlineData(2027, 999_999, "2027-999999")]
    public void Number_is_the_year_and_a_six_digit_sequence(int year, int sequence, string expected) =>
        ProblemNumber.Create(year, sequence).ToString().ShouldBe(expected);

    [Fact]
    public void Parse_reads_back_what_was_formatted()
    {
        var number = ProblemNumber.Parse(" 2026-000123 ");

        number.Year.ShouldBe(2026);
        number.Sequence.ShouldBe(123);
        number.ShouldBe(ProblemNumber.Create(2026, 123));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-123")]
    [InlineData("2026000123")]
    [InlineData("2026-0001234")]
    [InlineData("2026/000123")]
    [InlineData("2026-00012a")]
    [InlineData("2026-000000")]
    [InlineData("1999-000001")]
    [InlineData("２０２６-000123")]
    public void Malformed_numbers_are_refused(string? input)
    {
        ProblemNumber.TryParse(input, out _).ShouldBeFalse();
        Should.Throw<DomainException>(() => ProblemNumber.Parse(input)).Message.ShouldBe("问题编号格式应为“年份-六位序号”，如2026-000123");
    }

    [Theory]
    [InlineData(1999, 1)]
    [InlineData(2026, 0)]
    [InlineData(2026, 1_000_000)]
    public void Create_refuses_years_and_sequences_out_of_range(int year, int sequence) =>
        Should.Throw<ArgumentOutOfRangeException>(() => ProblemNumber.Create(year, sequence));
}
