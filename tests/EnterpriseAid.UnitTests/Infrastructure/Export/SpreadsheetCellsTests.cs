using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.UnitTests.Infrastructure.Export;

/// <summary>One rule for both writers: text that a spreadsheet would read as a formula is shown as typed.</summary>
public sealed class SpreadsheetCellsTests
{
    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+86 138 0000 0000", "'+86 138 0000 0000")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=cmd|' /C calc'!A0", "'\t=cmd|' /C calc'!A0")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("=HYPERLINK(\"http://x\",\"点我\")", "'=HYPERLINK(\"http://x\",\"点我\")")]
    public void Text_starting_like_a_formula_gets_a_leading_apostrophe(string text, string expected) =>
        SpreadsheetCells.Neutralise(text).ShouldBe(expected);

    [Theory]
    [InlineData("")]
    [InlineData("城关精工有限公司")]
    [InlineData("a=b")]
    [InlineData(" =1")]
    [InlineData("'已转义")]
    [InlineData("—")]
    public void Other_text_is_left_alone(string text) => SpreadsheetCells.Neutralise(text).ShouldBe(text);

    [Fact]
    public async Task The_xlsx_writer_neutralises_text_cells_but_not_numbers()
    {
        var output = new ResponseLikeStream();
        await using (var book = XlsxWorkbookWriter.Create(output))
        {
            var sheet = book.AddSheet("表", [new("文字", 10), new("数值", 10, XlsxColumnKind.Number)]);
            await sheet.WriteRowAsync(["=1+2", -5m]);
            await sheet.WriteRowAsync(["@x", 3]);
            await book.CompleteAsync();
        }

        var rows = XlsxBook.Read(output.Received.ToArray()).Single().Rows;
        rows[1][0].Text.ShouldBe("'=1+2");
        rows[1][1].Text.ShouldBe("-5");
        rows[1][1].IsNumber.ShouldBeTrue();
        rows[2][0].Text.ShouldBe("'@x");
    }
}
