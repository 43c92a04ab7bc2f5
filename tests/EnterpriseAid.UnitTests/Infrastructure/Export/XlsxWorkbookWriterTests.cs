using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.UnitTests.Infrastructure.Export;

public sealed class XlsxWorkbookWriterTests
{
    private static readonly XlsxColumn[] Columns =
    [
        new("编号", 12), new("标题", 30, XlsxColumnKind.Wrapped), new("登记日期", 12, XlsxColumnKind.Date),
        new("时间", 16, XlsxColumnKind.DateTime), new("人数", 8, XlsxColumnKind.Number),
    ];

    private static async Task<byte[]> WriteAsync(Func<XlsxWorkbookWriter, Task> write)
    {
        var output = new ResponseLikeStream();
        await using (var book = XlsxWorkbookWriter.Create(output))
        {
            await write(book);
            await book.CompleteAsync();
        }
        return output.Received.ToArray();
    }

    [Fact]
    public async Task A_workbook_written_to_a_response_like_stream_is_valid_Open_XML()
    {
        var bytes = await WriteAsync(async book =>
        {
            var sheet = book.AddSheet("问题", Columns, "问题台账", "筛选条件：全部问题");
            await sheet.WriteRowAsync(["2026-000001", "用电增容", new DateOnly(2026, 3, 1), new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8)), 12]);
            var second = book.AddSheet("企业信息", [new XlsxColumn("项目", 10), new XlsxColumn("内容", 40)]);
            await second.WriteRowAsync(["企业名称", "江城精工有限公司"]);
        });

        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        new OpenXmlValidator().Validate(doc).Select(e => e.Description).ShouldBeEmpty();
        XlsxBook.Read(bytes).Select(s => s.Name).ShouldBe(["问题", "企业信息"]);
    }

    [Fact]
    public async Task Title_rows_headers_frozen_pane_filter_and_typed_cells_come_back()
    {
        var bytes = await WriteAsync(async book =>
        {
            var sheet = book.AddSheet("问题", Columns, "问题台账", "导出时间：2026-11-21 10:00");
            await sheet.WriteRowAsync(["2026-000001", "用电增容", new DateOnly(2026, 3, 1), new DateTime(2026, 3, 1, 9, 30, 0), 12]);
            await sheet.WriteRowAsync(["2026-000002", null, null, null, 3.5m]);
        });

        var sheet = XlsxBook.Read(bytes).Single();
        sheet.Texts(0, 1).ShouldBe(["问题台账"]);
        sheet.Texts(1, 1).ShouldBe(["导出时间：2026-11-21 10:00"]);
        sheet.Texts(2, 5).ShouldBe(["编号", "标题", "登记日期", "时间", "人数"]);
        sheet.FrozenTopLeft.ShouldBe("A4");
        sheet.AutoFilter.ShouldBe("A3:E5");
        sheet.Merged.ShouldBe(["A1:E1", "A2:E2"]);
        sheet.Widths.ShouldBe([12, 30, 12, 16, 8]);
        var first = sheet.Rows[3];
        first[2].IsDate.ShouldBeTrue();
        first[2].AsDate().ShouldBe(new DateTime(2026, 3, 1));
        first[3].IsDate.ShouldBeTrue();
        first[3].AsDate().ShouldBe(new DateTime(2026, 3, 1, 9, 30, 0));
        first[4].IsNumber.ShouldBeTrue();
        first[4].IsDate.ShouldBeFalse();
        first[4].Text.ShouldBe("12");
        sheet.Rows[4].Select(c => c.Reference).ShouldBe(["A5", "E5"]);
        sheet.Rows[4][1].Text.ShouldBe("3.5");
    }

    [Fact]
    public async Task Without_a_title_the_header_is_the_first_row_and_stays_in_view()
    {
        var bytes = await WriteAsync(async book => await book.AddSheet("包联", Columns).WriteRowAsync(["a"]));

        var sheet = XlsxBook.Read(bytes).Single();
        sheet.Texts(0, 2).ShouldBe(["编号", "标题"]);
        sheet.FrozenTopLeft.ShouldBe("A2");
        sheet.Merged.ShouldBeEmpty();
    }

    [Fact]
    public async Task Text_keeps_its_spaces_and_line_breaks_and_loses_what_XML_cannot_carry()
    {
        var bytes = await WriteAsync(async book =>
            await book.AddSheet("问题", Columns).WriteRowAsync([" 前后空格 ", "第一行\n第二行\u0001\u0008结束\uD800", "𠀀汉字"]));

        var row = XlsxBook.Read(bytes).Single().Rows[1];
        row[0].Text.ShouldBe(" 前后空格 ");
        row[1].Text.ShouldBe("第一行\n第二行结束");
        row[2].Text.ShouldBe("𠀀汉字");
    }

    [Fact]
    public void Text_longer_than_a_cell_holds_is_cut_at_Excels_limit_without_splitting_a_character()
    {
        XlsxSheetWriter.Clean(new string('字', 40_000)).Length.ShouldBe(XlsxWorkbookWriter.MaxCellText);
        var pairs = string.Concat(Enumerable.Repeat("𠀀", 20_000));
        var cut = XlsxSheetWriter.Clean(pairs);
        cut.Length.ShouldBe(XlsxWorkbookWriter.MaxCellText - 1);
        char.IsHighSurrogate(cut[^1]).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(51, "AZ")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Columns_are_lettered_as_in_Excel(int index, string name) => XlsxSheetWriter.ColumnName(index).ShouldBe(name);

    [Theory]
    [InlineData("")]
    [InlineData("问题/走访")]
    [InlineData("[问题]")]
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二")]
    public async Task A_sheet_name_Excel_would_refuse_is_refused(string name)
    {
        await using var book = XlsxWorkbookWriter.Create(new MemoryStream());
        Should.Throw<ArgumentException>(() => book.AddSheet(name, Columns));
    }

    [Fact]
    public async Task Two_sheets_may_not_share_a_name()
    {
        await using var book = XlsxWorkbookWriter.Create(new MemoryStream());
        book.AddSheet("问题", Columns);
        Should.Throw<ArgumentException>(() => book.AddSheet("问题", Columns));
    }

    [Fact]
    public async Task Rows_go_out_while_the_sheet_is_still_being_written()
    {
        var output = new ResponseLikeStream();
        await using var book = XlsxWorkbookWriter.Create(output);
        var sheet = book.AddSheet("问题", Columns);
        var sentEarly = 0L;
        for (var i = 0; i < 20_000; i++)
        {
            await sheet.WriteRowAsync([$"2026-{i:000000}", $"企业反映的第{i}个问题，涉及用工、用地和融资等方面", new DateOnly(2026, 1, 1).AddDays(i % 365), null, i]);
            if (i == 10_000) sentEarly = output.Received.Length;
        }
        await book.CompleteAsync();

        // Memory stays flat because the compressed rows leave as they are written, not at the end.
        sentEarly.ShouldBeGreaterThan(0);
        XlsxBook.Read(output.Received.ToArray()).Single().Rows.Count.ShouldBe(20_001);
    }
}
