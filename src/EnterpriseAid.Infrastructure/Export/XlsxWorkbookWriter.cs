using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EnterpriseAid.Infrastructure.Export;

/// <summary>What a column holds; it sets the cell format of the column's values.</summary>
public enum XlsxColumnKind
{
    Text,
    /// <summary>Long text, wrapped in its cell.</summary>
    Wrapped,
    Date,
    DateTime,
    Number,
}

public sealed record XlsxColumn(string Header, double Width, XlsxColumnKind Kind = XlsxColumnKind.Text);

/// <summary>
/// Writes an .xlsx workbook row by row to any writable stream, including an HTTP response body that
/// cannot seek, with memory that does not grow with the number of rows (see ADR-011):
/// <list type="bullet">
/// <item>the package is a <see cref="ZipArchive"/> in create mode, which compresses each part as it is
/// written; the Open XML SDK's own package needs read access and keeps every part in memory until it is saved;</item>
/// <item>each worksheet is written with the SDK's SAX-style <see cref="OpenXmlWriter"/>, cell by cell,
/// with inline strings, so there is no shared-string table to hold;</item>
/// <item>compressed bytes collect in a small buffer that <see cref="XlsxSheetWriter.WriteRowAsync"/> drains
/// to the output asynchronously (ASP.NET Core forbids synchronous writes to a response).</item>
/// </list>
/// The parts that list the sheets (workbook, relationships, content types) are written last.
/// </summary>
public sealed class XlsxWorkbookWriter : IAsyncDisposable
{
    /// <summary>Excel's limit for the text of one cell.</summary>
    public const int MaxCellText = 32_767;
    public const int MaxSheetNameLength = 31;

    private const int DrainThreshold = 64 * 1024;
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeDocumentRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    private const string WorksheetRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    private const string StylesRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";

    private readonly Stream _output;
    private readonly BufferStream _buffer = new();
    private readonly ZipArchive _zip;
    private readonly List<SheetEntry> _sheets = [];
    private XlsxSheetWriter? _open;
    private bool _completed;

    private XlsxWorkbookWriter(Stream output)
    {
        _output = output;
        _zip = new ZipArchive(_buffer, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8);
    }

    /// <summary>A workbook written to <paramref name="output"/>, which need not be seekable or readable.</summary>
    public static XlsxWorkbookWriter Create(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite) throw new ArgumentException("The stream must be writable.", nameof(output));
        return new XlsxWorkbookWriter(output);
    }

    /// <summary>
    /// Starts the next worksheet (finishing the previous one). Above the header row go an optional
    /// bold <paramref name="title"/> and a <paramref name="subtitle"/> (filters, export time), each
    /// across all columns; the rows down to the header stay in view when scrolling.
    /// </summary>
    public XlsxSheetWriter AddSheet(string name, IReadOnlyList<XlsxColumn> columns, string? title = null, string? subtitle = null)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0) throw new ArgumentException("A sheet needs at least one column.", nameof(columns));
        CheckSheetName(name);
        _open?.Finish();
        var index = _sheets.Count + 1;
        var entry = _zip.CreateEntry($"xl/worksheets/sheet{index}.xml", CompressionLevel.Fastest);
        var sheet = new XlsxSheetWriter(this, entry.Open(), columns, title, subtitle);
        _sheets.Add(new SheetEntry(name, index, sheet));
        _open = sheet;
        return sheet;
    }

    /// <summary>Writes the remaining parts and the zip directory, and sends everything to the output.</summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_sheets.Count == 0) throw new InvalidOperationException("A workbook needs at least one sheet.");
        _open?.Finish();
        _open = null;
        WritePart("xl/styles.xml", w => XlsxStyles.Stylesheet().WriteTo(w));
        WritePart("xl/workbook.xml", w => Workbook().WriteTo(w));
        WritePart("xl/_rels/workbook.xml.rels", WorkbookRelationships);
        WritePart("_rels/.rels", w =>
        {
            w.WriteStartElement("Relationships", RelationshipsNs);
            Relationship(w, "rId1", OfficeDocumentRel, "xl/workbook.xml");
            w.WriteEndElement();
        });
        WritePart("[Content_Types].xml", ContentTypes);
        _zip.Dispose();
        _completed = true;
        await DrainAsync(ct);
        await _output.FlushAsync(ct);
    }

    internal async ValueTask DrainIfFullAsync(CancellationToken ct)
    {
        if (_buffer.Length >= DrainThreshold) await DrainAsync(ct);
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        if (_buffer.Length == 0) return;
        await _output.WriteAsync(_buffer.Written, ct);
        _buffer.Clear();
    }

    private Workbook Workbook()
    {
        var sheets = new Sheets();
        var names = new DefinedNames();
        foreach (var s in _sheets)
        {
            sheets.Append(new Sheet { Name = s.Name, SheetId = (uint)s.Index, Id = $"rId{s.Index}" });
            if (s.Writer.FilterRange is { } range)
            {
                names.Append(new DefinedName($"'{s.Name.Replace("'", "''", StringComparison.Ordinal)}'!{range}")
                {
                    Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)(s.Index - 1), Hidden = true,
                });
            }
        }
        var workbook = new Workbook(new BookViews(new WorkbookView()), sheets);
        if (names.HasChildren) workbook.Append(names);
        return workbook;
    }

    private void WorkbookRelationships(XmlWriter w)
    {
        w.WriteStartElement("Relationships", RelationshipsNs);
        foreach (var s in _sheets) Relationship(w, $"rId{s.Index}", WorksheetRel, $"worksheets/sheet{s.Index}.xml");
        Relationship(w, $"rId{_sheets.Count + 1}", StylesRel, "styles.xml");
        w.WriteEndElement();
    }

    private void ContentTypes(XmlWriter w)
    {
        const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
        w.WriteStartElement("Types", ns);
        Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
        Default(w, "xml", "application/xml");
        Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
        Override(w, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
        foreach (var s in _sheets)
            Override(w, $"/xl/worksheets/sheet{s.Index}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
        w.WriteEndElement();

        static void Default(XmlWriter w, string extension, string type)
        {
            w.WriteStartElement("Default", ns);
            w.WriteAttributeString("Extension", extension);
            w.WriteAttributeString("ContentType", type);
            w.WriteEndElement();
        }

        static void Override(XmlWriter w, string part, string type)
        {
            w.WriteStartElement("Override", ns);
            w.WriteAttributeString("PartName", part);
            w.WriteAttributeString("ContentType", type);
            w.WriteEndElement();
        }
    }

    private static void Relationship(XmlWriter w, string id, string type, string target)
    {
        w.WriteStartElement("Relationship", RelationshipsNs);
        w.WriteAttributeString("Id", id);
        w.WriteAttributeString("Type", type);
        w.WriteAttributeString("Target", target);
        w.WriteEndElement();
    }

    private void WritePart(string path, Action<XmlWriter> write)
    {
        var entry = _zip.CreateEntry(path, CompressionLevel.Fastest);
        using var stream = entry.Open();
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        xml.WriteStartDocument(true);
        write(xml);
        xml.WriteEndDocument();
    }

    private void CheckSheetName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxSheetNameLength || name.IndexOfAny([':', '\\', '/', '?', '*', '[', ']']) >= 0
            || name.StartsWith('\'') || name.EndsWith('\''))
            throw new ArgumentException($"'{name}' is not a valid sheet name.", nameof(name));
        if (_sheets.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"A sheet named '{name}' already exists.", nameof(name));
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed) return;
        // Abandoned (an error while writing): release the zip without sending a broken file.
        _completed = true;
        try
        {
            _open?.Finish();
            _zip.Dispose();
        }
        catch (IOException)
        {
        }
        await ValueTask.CompletedTask;
    }

    private sealed record SheetEntry(string Name, int Index, XlsxSheetWriter Writer);

    /// <summary>A write-only, non-seekable stream that collects bytes until they are drained.</summary>
    private sealed class BufferStream : Stream
    {
        private byte[] _bytes = new byte[DrainThreshold * 2];
        private int _length;

        public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);
        public override long Length => _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Clear() => _length = 0;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + buffer.Length));
            buffer.CopyTo(_bytes.AsSpan(_length));
            _length += buffer.Length;
        }

        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>One worksheet being written: rows go out in order and are not kept.</summary>
public sealed class XlsxSheetWriter : ITableRowWriter
{
    private readonly XlsxWorkbookWriter _book;
    private readonly Stream _stream;
    private readonly OpenXmlWriter _writer;
    private readonly IReadOnlyList<XlsxColumn> _columns;
    private readonly uint _headerRow;
    private uint _row;
    private bool _finished;

    internal XlsxSheetWriter(XlsxWorkbookWriter book, Stream stream, IReadOnlyList<XlsxColumn> columns, string? title, string? subtitle)
    {
        _book = book;
        _stream = stream;
        _columns = columns;
        _writer = OpenXmlWriter.Create(stream, new UTF8Encoding(false));
        _headerRow = (uint)((title is null ? 0 : 1) + (subtitle is null ? 0 : 1) + 1);
        var titleRows = new List<(string, uint)>();
        if (title is not null) titleRows.Add((title, XlsxStyles.Title));
        if (subtitle is not null) titleRows.Add((subtitle, XlsxStyles.Subtitle));
        TitleRows = [.. titleRows];

        _writer.WriteStartDocument(true);
        _writer.WriteStartElement(new Worksheet());
        // The title and header rows stay in view.
        _writer.WriteElement(new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = _headerRow, TopLeftCell = $"A{_headerRow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        })
        {
            WorkbookViewId = 0U,
        }));
        var cols = new Columns();
        for (var i = 0; i < columns.Count; i++)
        {
            cols.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = columns[i].Width, CustomWidth = true });
        }
        _writer.WriteElement(cols);
        _writer.WriteStartElement(new SheetData());
        foreach (var (text, style) in TitleRows)
        {
            StartRow();
            WriteCell(0, text, style);
            _writer.WriteEndElement();
        }
        StartRow();
        for (var i = 0; i < columns.Count; i++) WriteCell(i, columns[i].Header, XlsxStyles.Header);
        _writer.WriteEndElement();
    }

    private (string Text, uint Style)[] TitleRows { get; }

    /// <summary>Data rows written so far (not counting the title and header rows).</summary>
    public int RowCount => (int)(_row - _headerRow);

    /// <summary>The header row and data rows, for Excel's filter buttons.</summary>
    internal string? FilterRange { get; private set; }

    /// <summary>
    /// One data row. Values by column: <c>null</c> leaves the cell empty; strings are text; <see cref="DateOnly"/>,
    /// <see cref="DateTime"/> and <see cref="DateTimeOffset"/> (its own clock time; convert to Beijing time first)
    /// are real Excel dates; numbers are numbers; anything else is written as its text.
    /// </summary>
    public ValueTask WriteRowAsync(IReadOnlyList<object?> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_finished) throw new InvalidOperationException("The sheet is finished: rows go in before the next sheet is added.");
        if (values.Count > _columns.Count) throw new ArgumentException($"{values.Count} values for {_columns.Count} columns.", nameof(values));
        StartRow();
        for (var i = 0; i < values.Count; i++)
        {
            var kind = _columns[i].Kind;
            switch (values[i])
            {
                case null:
                    break;
                case string s:
                    WriteCell(i, SpreadsheetCells.Neutralise(s), kind == XlsxColumnKind.Wrapped ? XlsxStyles.Wrapped : XlsxStyles.Default);
                    break;
                case DateOnly d:
                    WriteNumber(i, Serial(d.ToDateTime(TimeOnly.MinValue)), XlsxStyles.Date);
                    break;
                case DateTime dt:
                    WriteNumber(i, Serial(dt), kind == XlsxColumnKind.Date ? XlsxStyles.Date : XlsxStyles.DateTime);
                    break;
                case DateTimeOffset dto:
                    WriteNumber(i, Serial(dto.DateTime), kind == XlsxColumnKind.Date ? XlsxStyles.Date : XlsxStyles.DateTime);
                    break;
                case int or long or short or byte or uint or ulong or decimal or double or float:
                    WriteNumber(i, Convert.ToString(values[i], CultureInfo.InvariantCulture)!, XlsxStyles.Default);
                    break;
                default:
                    WriteCell(i, SpreadsheetCells.Neutralise(Convert.ToString(values[i], CultureInfo.InvariantCulture) ?? string.Empty), XlsxStyles.Default);
                    break;
            }
        }
        _writer.WriteEndElement();
        return _book.DrainIfFullAsync(ct);
    }

    internal void Finish()
    {
        if (_finished) return;
        _finished = true;
        _writer.WriteEndElement(); // sheetData
        var lastColumn = ColumnName(_columns.Count - 1);
        FilterRange = $"$A${_headerRow}:${lastColumn}${Math.Max(_row, _headerRow)}";
        _writer.WriteElement(new AutoFilter { Reference = $"A{_headerRow}:{lastColumn}{Math.Max(_row, _headerRow)}" });
        if (TitleRows.Length > 0 && _columns.Count > 1)
        {
            var merges = new MergeCells();
            for (var r = 1; r <= TitleRows.Length; r++) merges.Append(new MergeCell { Reference = $"A{r}:{lastColumn}{r}" });
            _writer.WriteElement(merges);
        }
        _writer.WriteEndElement(); // worksheet
        _writer.Close();
        _stream.Dispose();
    }

    private void StartRow()
    {
        _row++;
        _writer.WriteStartElement(new Row { RowIndex = _row });
    }

    private void WriteCell(int column, string text, uint style)
    {
        var cell = new Cell { CellReference = Reference(column), DataType = CellValues.InlineString };
        if (style != XlsxStyles.Default) cell.StyleIndex = style;
        cell.Append(new InlineString(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve }));
        _writer.WriteElement(cell);
    }

    private void WriteNumber(int column, string value, uint style)
    {
        var cell = new Cell { CellReference = Reference(column), CellValue = new CellValue(value) };
        if (style != XlsxStyles.Default) cell.StyleIndex = style;
        _writer.WriteElement(cell);
    }

    private string Reference(int column) => ColumnName(column) + _row.ToString(CultureInfo.InvariantCulture);

    /// <summary>Days since 1899-12-30 with the time as a fraction: the number Excel stores for a date.</summary>
    private static string Serial(DateTime value) => value.ToOADate().ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A, B, …, Z, AA, AB, … for a zero-based column index.</summary>
    public static string ColumnName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    /// <summary>Drops characters XML cannot carry (control characters, lone surrogates) and cuts at Excel's cell limit.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = char.IsHighSurrogate(c)
                ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                : XmlConvert.IsXmlChar(c);
            if (valid && char.IsHighSurrogate(c))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (valid)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text, 0, i, text.Length);
        }
        var clean = sb?.ToString() ?? text;
        if (clean.Length <= XlsxWorkbookWriter.MaxCellText) return clean;
        var cut = XlsxWorkbookWriter.MaxCellText;
        if (char.IsHighSurrogate(clean[cut - 1])) cut--;
        return clean[..cut];
    }
}
