using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EnterpriseAid.Infrastructure.Imports;

namespace EnterpriseAid.UnitTests.Imports;

public sealed class ImportFileReaderTests
{
    private static List<SheetRow> Read(byte[] bytes, string name, ImportLimits? limits = null)
    {
        limits ??= ImportLimits.Default;
        return ImportFileReader.ReadRows(bytes, ImportFileReader.Detect(bytes, name, limits), limits).ToList();
    }

    [Fact]
    public void A_gbk_csv_from_chinese_excel_is_decoded()
    {
        System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("统一社会信用代码,企业名称,所属镇街\r\n91411500MA44ABCD1X,\"新河机械，有限公司\",城关街道\r\n");
        var rows = Read(bytes, "名录.csv");
        rows[0].Cells.ShouldBe(["统一社会信用代码", "企业名称", "所属镇街"]);
        rows[1].Cells.ShouldBe(["91411500MA44ABCD1X", "新河机械，有限公司", "城关街道"]);
        rows[1].Number.ShouldBe(2);
    }

    [Fact]
    public void A_utf8_csv_with_bom_quotes_and_blank_lines_is_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("名称,地址\n\"甲\"\"公司\",\"两行\n地址\"\n\n乙,\n")).ToArray();
        var rows = Read(bytes, "a.csv");
        rows.Select(r => r.Number).ShouldBe([1, 2, 4]);
        rows[1].Cells.ShouldBe(["甲\"公司", "两行\n地址"]);
        rows[2].Cells.ShouldBe(["乙", null]);
    }

    [Fact]
    public void An_excel_workbook_with_shared_strings_numbers_and_a_formula_gives_text_and_cached_values()
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var strings = wb.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable(new SharedStringItem(new Text("企业名称")), new SharedStringItem(new Text("新河甲公司")));
            var ws = wb.AddNewPart<WorksheetPart>();
            ws.Worksheet = new Worksheet(new SheetData(
                new Row(new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                        new Cell { CellReference = "C1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("从业人数")) }) { RowIndex = 1 },
                new Row(new Cell { CellReference = "A3", DataType = CellValues.SharedString, CellValue = new CellValue("1") },
                        new Cell { CellReference = "C3", CellFormula = new CellFormula("SUM(1,2)"), CellValue = new CellValue("3") }) { RowIndex = 3 }));
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(ws), SheetId = 1, Name = "S" }));
        }
        var rows = Read(buffer.ToArray(), "x.xlsx");
        rows[0].Cells.ShouldBe(["企业名称", null, "从业人数"]);
        rows[1].Number.ShouldBe(3);
        rows[1].Cells.ShouldBe(["新河甲公司", null, "3"]);
    }

    [Fact]
    public void A_text_file_renamed_xlsx_and_an_old_xls_are_refused_by_their_bytes()
    {
        Should.Throw<ImportFileException>(() => Read("a,b\n"u8.ToArray(), "x.xlsx")).Message.ShouldContain("可能是其他文件改了扩展名");
        Should.Throw<ImportFileException>(() => Read([0xD0, 0xCF, 0x11, 0xE0, 0, 0], "x.xlsx")).Message.ShouldContain(".xls");
        Should.Throw<ImportFileException>(() => Read("MZ"u8.ToArray(), "x.exe")).Message.ShouldContain("只能导入");
    }

    [Fact]
    public void Too_many_rows_and_a_huge_cell_are_refused()
    {
        var limits = new ImportLimits { MaxRows = 3 };
        var csv = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 6).Select(i => $"行{i}")));
        Should.Throw<ImportFileException>(() => Read(csv, "a.csv", limits)).Message.ShouldContain("3行数据的上限");
        var huge = Encoding.UTF8.GetBytes("名称\n" + new string('长', 40_000) + "\n");
        Should.Throw<ImportFileException>(() => Read(huge, "a.csv")).Message.ShouldContain("32767");
    }

    [Fact]
    public void Headers_are_matched_by_label_alias_and_containment_each_column_once()
    {
        var map = ColumnMapping.AutoMatch(EnterpriseImportFields.All, ["序号", "企业名称（全称）", "社会信用代码", "镇（街道）", "规模", "所属行业", "法人", "备注"]);
        map.ShouldBe(new Dictionary<string, int>
        {
            ["name"] = 1, ["uscc"] = 2, ["town"] = 3, ["scale"] = 4, ["industry"] = 5, ["legal"] = 6,
        }, ignoreOrder: true);
        ColumnMapping.Problems(EnterpriseImportFields.All, new Dictionary<string, int> { ["uscc"] = 0, ["name"] = 0 }, 3)
            .ShouldContain("请为必填项“所属镇街”选择对应的列");
    }
}
