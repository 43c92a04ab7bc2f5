using EnterpriseAid.Domain.Briefings;

namespace EnterpriseAid.UnitTests.Briefings;

public class ChineseAmountTests
{
    [Theory]
    [InlineData("215000000", "2.15亿元")]
    [InlineData("214960000", "2.15亿元")]
    [InlineData("300000000", "3亿元")]
    [InlineData("35600000", "3560万元")]
    [InlineData("35604999", "3560万元")]
    [InlineData("85000", "8.5万元")]
    [InlineData("85049", "8.5万元")]
    [InlineData("85050", "8.5万元")]
    [InlineData("85051", "8.5万元")]
    [InlineData("85100", "8.5万元")]
    [InlineData("86000", "8.6万元")]
    [InlineData("10000", "1万元")]
    [InlineData("9999", "9999元")]
    [InlineData("9940", "9940元")]
    [InlineData("0", "0元")]
    [InlineData("99999999", "1亿元")]
    [InlineData("9999500", "1000万元")]
    [InlineData("-85000", "-8.5万元")]
    public void Amounts_print_with_the_bulletins_precision(string yuan, string expected) =>
        ChineseAmount.Format(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
}
