using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace EnterpriseAid.TestSupport;

/// <summary>One cell read back: its text (or number as text), and whether Excel shows it as a date.</summary>
public sealed record XlsxCellRead(string Reference, string Text, bool IsDate, bool IsNumber)
{
    public DateTime AsDate() => DateTime.FromOADate(double.Parse(Text, CultureInfo.InvariantCulture));
}

public sealed record XlsxSheetRead(string Name, IReadOnlyList<IReadOnlyList<XlsxCellRead>> Rows, string? FrozenTopLeft, string? AutoFilter,
    IReadOnlyList<string> Merged, IReadOnlyList<double> Widths)
{
    /// <summary>The text of each cell of a row, by column letter; missing cells are null.</summary>
    public IReadOnlyList<string?> Texts(int rowIndex, int columns)
    {
        var row = Rows[rowIndex];
        return Enumerable.Range(0, columns).Select(c =>
        {
            var letter = ((char)('A' + c)).ToString();
            return row.FirstOrDefault(x => new string(x.Reference.TakeWhile(char.IsLetter).ToArray()) == letter)?.Text;
        }).ToList();
    }
}

/// <summary>Reads an .xlsx back with the Open XML SDK, the way the tests check the exports.</summary>
public static class XlsxBook
{
    /// <summary>What the Open XML schema validator finds wrong with the file (nothing, for a file Excel opens cleanly).</summary>
    public static IReadOnlyList<string> SchemaErrors(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        return new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
    }

    public static IReadOnlyList<XlsxSheetRead> Read(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var wb = doc.WorkbookPart!;
        var formats = wb.WorkbookStylesPart?.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var xfs = wb.WorkbookStylesPart?.Stylesheet.CellFormats?.Elements<CellFormat>().ToList() ?? [];
        bool IsDateStyle(uint? style)
        {
            if (style is not { } s || s >= xfs.Count) return false;
            var id = xfs[(int)s].NumberFormatId?.Value ?? 0;
            return id is >= 14 and <= 22 || (formats.TryGetValue(id, out var code) && code.Contains("yy", StringComparison.Ordinal));
        }

        var sheets = new List<XlsxSheetRead>();
        foreach (var sheet in wb.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)wb.GetPartById(sheet.Id!);
            var ws = part.Worksheet;
            var rows = ws.GetFirstChild<SheetData>()!.Elements<Row>().Select(r => (IReadOnlyList<XlsxCellRead>)r.Elements<Cell>().Select(c =>
            {
                var isNumber = c.DataType is null || c.DataType.Value == CellValues.Number;
                var text = c.DataType?.Value == CellValues.InlineString ? c.InlineString?.Text?.Text ?? c.InlineString?.InnerText ?? string.Empty
                    : c.CellValue?.Text ?? string.Empty;
                return new XlsxCellRead(c.CellReference!.Value!, text, isNumber && IsDateStyle(c.StyleIndex?.Value), isNumber);
            }).ToList()).ToList();
            var pane = ws.GetFirstChild<SheetViews>()?.GetFirstChild<SheetView>()?.GetFirstChild<Pane>();
            sheets.Add(new XlsxSheetRead(sheet.Name!.Value!, rows,
                pane?.State?.Value == PaneStateValues.Frozen ? pane.TopLeftCell?.Value : null,
                ws.GetFirstChild<AutoFilter>()?.Reference?.Value,
                ws.GetFirstChild<MergeCells>()?.Elements<MergeCell>().Select(m => m.Reference!.Value!).ToList() ?? [],
                ws.GetFirstChild<Columns>()?.Elements<Column>().Select(c => c.Width?.Value ?? 0).ToList() ?? []));
        }
        return sheets;
    }
}
