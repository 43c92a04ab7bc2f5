using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace EnterpriseAid.Infrastructure.Export;

/// <summary>
/// Builds a Word (.docx) document in the layout of Chinese official documents (GB/T 9704): A4 with margins of
/// 3.7 / 3.5 / 2.8 / 2.6 cm, body in 仿宋 三号 (16 pt) with a two-character first-line indent, headings in 黑体,
/// tables with single borders. Documents are a few pages, so the whole file is built in memory and
/// written at once (unlike the streamed workbooks of <see cref="XlsxWorkbookWriter"/>).
/// </summary>
public sealed class DocxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public const string Red = "C00000";
    private const string BodyFont = "仿宋";
    private const string TitleFont = "宋体";
    private const string HeadingFont = "黑体";
    private const int BodySize = 32; // half-points: 三号
    private const int TableSize = 24; // 小四
    private const int PageWidth = 11906; // A4, twips
    private const int LeftMargin = 1588;
    private const int RightMargin = 1474;
    private const int TextWidth = PageWidth - LeftMargin - RightMargin;

    private readonly Body _body = new();

    /// <summary>A large centred title, e.g. the red "工作简报" masthead.</summary>
    public DocxWriter Title(string text, string? color = null, int halfPoints = 72) =>
        Add(Centered(Run(text, TitleFont, halfPoints, bold: true, color: color)));

    /// <summary>A centred line in body type, e.g. 第12期.</summary>
    public DocxWriter CenteredLine(string text) => Add(Centered(Run(text, BodyFont, BodySize)));

    /// <summary>One line with text at the left and at the right margin, e.g. the issuing unit and the date.</summary>
    public DocxWriter SplitLine(string left, string right)
    {
        var p = new Paragraph(
            new ParagraphProperties(new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth })),
            Run(left, BodyFont, BodySize), new Run(new TabChar()), Run(right, BodyFont, BodySize));
        return Add(p);
    }

    /// <summary>A full-width horizontal rule (the red line under a masthead).</summary>
    public DocxWriter Rule(string color = Red) =>
        Add(new Paragraph(new ParagraphProperties(new ParagraphBorders(
            new BottomBorder { Val = BorderValues.Single, Size = 18, Space = 1, Color = color }),
            new SpacingBetweenLines { After = "240" })));

    /// <summary>A body paragraph, indented two characters on its first line.</summary>
    public DocxWriter Paragraph(string text) =>
        Add(new Paragraph(
            new ParagraphProperties(new SpacingBetweenLines { Line = "560", LineRule = LineSpacingRuleValues.Exact },
                new Indentation { FirstLineChars = 200, FirstLine = "640" }, new Justification { Val = JustificationValues.Both }),
            Run(text, BodyFont, BodySize)));

    /// <summary>A heading in 黑体 before a section or table.</summary>
    public DocxWriter Heading(string text) =>
        Add(new Paragraph(new ParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" }),
            Run(text, HeadingFont, BodySize)));

    /// <summary>A bordered table with a bold header row; numeric cells are right-aligned when <paramref name="numeric"/> says so.</summary>
    public DocxWriter Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<bool>? numeric = null, IReadOnlyList<int>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var border = new Func<OpenXmlElement>[]
        {
            () => new TopBorder { Val = BorderValues.Single, Size = 4 }, () => new LeftBorder { Val = BorderValues.Single, Size = 4 },
            () => new BottomBorder { Val = BorderValues.Single, Size = 4 }, () => new RightBorder { Val = BorderValues.Single, Size = 4 },
            () => new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, () => new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 },
        };
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(border.Select(b => b())),
            new TableLayout { Type = TableLayoutValues.Autofit }));
        // Column widths in twips across the text width of the page, in proportion to the weights (or to the headers' lengths).
        weights ??= headers.Select(h => Math.Max(2, h.Length)).ToList();
        table.Append(new TableGrid(weights.Select(w => new GridColumn { Width = (TextWidth * w / weights.Sum()).ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(headers, bold: true, numeric: null));
        foreach (var row in rows) table.Append(Row(row, bold: false, numeric));
        _body.Append(table);
        return this;
    }

    /// <summary>Writes the document (A4, official margins) to <paramref name="output"/>.</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(buffer, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = (Body)_body.CloneNode(true);
            body.Append(new SectionProperties(
                new PageSize { Width = PageWidth, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = LeftMargin, Right = RightMargin, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    private DocxWriter Add(Paragraph p)
    {
        _body.Append(p);
        return this;
    }

    private static Paragraph Centered(Run run) =>
        new(new ParagraphProperties(new SpacingBetweenLines { After = "120" }, new Justification { Val = JustificationValues.Center }), run);

    private static TableRow Row(IReadOnlyList<string> cells, bool bold, IReadOnlyList<bool>? numeric)
    {
        var row = new TableRow();
        if (bold) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < cells.Count; i++)
        {
            var right = numeric is not null && i < numeric.Count && numeric[i];
            row.Append(new TableCell(new Paragraph(
                new ParagraphProperties(new Justification { Val = bold ? JustificationValues.Center : right ? JustificationValues.Right : JustificationValues.Left }),
                Run(cells[i], BodyFont, TableSize, bold))));
        }
        return row;
    }

    private static Run Run(string text, string font, int halfPoints, bool bold = false, string? color = null)
    {
        var props = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font, ComplexScript = font });
        if (bold) props.Append(new Bold());
        if (color is not null) props.Append(new Color { Val = color });
        props.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
