using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Supervision;

namespace EnterpriseAid.UnitTests.Supervision;

public sealed class SupervisionNoticeNumberTests
{
    [Theory]
    [InlineData(2026, 1, "督办〔2026〕1号")]
    [InlineData(2026, 15, "督办〔2026〕15号")]
    [InlineData(2027, 99_999, "督办〔2027〕99999号")]
    public void A_number_reads_like_an_official_document_number(int year, int sequence, string expected)
    {
        var number = SupervisionNoticeNumber.Create(year, sequence);

        number.ToString().ShouldBe(expected);
        number.ToString().Length.ShouldBeLessThanOrEqualTo(SupervisionNoticeNumber.MaxLength);
        SupervisionNoticeNumber.Parse(expected).ShouldBe(number);
    }

    [Theory]
    [InlineData("督办[2026]15号")]
    [InlineData("督办〔2026〕015号")]
    [InlineData("督办〔2026〕0号")]
    [InlineData("督办〔26〕15号")]
    [InlineData("督办〔1999〕15号")]
    [InlineData("督办〔2026〕100000号")]
    [InlineData("督〔2026〕15号")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_notice_number(string? input)
    {
        SupervisionNoticeNumber.TryParse(input, out _).ShouldBeFalse();
        Should.Throw<DomainException>(() => SupervisionNoticeNumber.Parse(input)).Message.ShouldContain("督办〔2026〕15号");
    }

    [Fact]
    public void Surrounding_spaces_are_ignored() =>
        SupervisionNoticeNumber.Parse(" 督办〔2026〕7号 ").ShouldBe(SupervisionNoticeNumber.Create(2026, 7));

    [Theory]
    [InlineData(1999, 1)]
    [InlineData(10_000, 1)]
    [InlineData(2026, 0)]
    [InlineData(2026, 100_000)]
    public void Out_of_range_parts_are_refused(int year, int sequence) =>
        Should.Throw<ArgumentOutOfRangeException>(() => SupervisionNoticeNumber.Create(year, sequence));

    [Fact]
    public void The_default_number_is_empty() => default(SupervisionNoticeNumber).ToString().ShouldBeEmpty();
}
