using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace EnterpriseAid.Infrastructure.Imports;

/// <summary>A file the import refuses as a whole; the message is for the user, in Chinese.</summary>
public sealed class ImportFileException(string message) : Exception(message);

public static class ImportFileFormats
{
    public const string Xlsx = "xlsx";
    public const string Csv = "csv";
}

/// <summary>The limits that keep a hostile or careless file from exhausting the server (ADR-027).</summary>
public sealed record ImportLimits
{
    public static readonly ImportLimits Default = new();

    /// <summary>The upload itself. A 100,000-row roster is about 6 MB as .xlsx and 15 MB as CSV.</summary>
    public int MaxFileBytes { get; init; } = 40 * 1024 * 1024;
    /// <summary>Data rows of one file (Excel's own limit is 1,048,576).</summary>
    public int MaxRows { get; init; } = 200_000;
    public int MaxColumns { get; init; } = 100;
    /// <summary>Excel cannot write more into one cell; a file with more was not made by Excel.</summary>
    public int MaxCellLength { get; init; } = 32_767;
    /// <summary>Zip bomb guards: one part unpacked, all parts unpacked, and unpacked ÷ packed for a part.</summary>
    public long MaxPartBytes { get; init; } = 300L * 1024 * 1024;
    public long MaxTotalBytes { get; init; } = 600L * 1024 * 1024;
    public int MaxCompressionRatio { get; init; } = 200;
}

/// <summary>One row of the sheet: its row number as Excel shows it and the text of each cell (null when empty).</summary>
public sealed record SheetRow(int Number, string?[] Cells)
{
    public string? Cell(int column) => column >= 0 && column < Cells.Length ? Cells[column] : null;
    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// Reads the first worksheet of an .xlsx, or a CSV file, row by row without holding the sheet in memory. The
/// .xlsx is opened as a plain zip archive whose parts are checked before anything is unpacked (sizes and
/// compression ratios from the central directory, then the bytes actually unpacked, which a forged directory
/// cannot raise), and the sheet is read with the Open XML SDK's SAX reader. Formulas are never evaluated: a
/// formula cell gives its cached value. A CSV is UTF-8 (with or without BOM) or GB18030/GBK.
/// </summary>
public static class ImportFileReader
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>The file's format from its bytes (not its name), or the reason it is refused.</summary>
    public static string Detect(ReadOnlySpan<byte> bytes, string fileName, ImportLimits limits)
    {
        if (bytes.Length == 0) throw new ImportFileException("文件是空的，请选择要导入的文件");
        if (bytes.Length > limits.MaxFileBytes)
            throw new ImportFileException($"文件超过{limits.MaxFileBytes / 1024 / 1024} MB 的上限，请拆分后分批导入");
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var isZip = bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04;
        var isOle = bytes.Length >= 4 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0;
        if (isOle) throw new ImportFileException("不支持旧版 Excel 97-2003（.xls）或 WPS（.et）格式，请在 Excel 中“另存为” .xlsx 后再导入");
        if (extension is ".xlsx" or ".xlsm")
        {
            if (!isZip) throw new ImportFileException("文件扩展名是 .xlsx，但内容不是 Excel 工作簿（可能是其他文件改了扩展名），请用 Excel 打开后另存为 .xlsx");
            return ImportFileFormats.Xlsx;
        }
        if (extension is ".csv" or ".txt")
        {
            if (isZip) throw new ImportFileException("文件扩展名是 .csv，但内容是压缩包或 Excel 工作簿，请把扩展名改为 .xlsx 或另存为 CSV");
            return ImportFileFormats.Csv;
        }
        throw new ImportFileException("只能导入 Excel 工作簿（.xlsx）或 CSV 文件（.csv）");
    }

    /// <summary>
    /// The rows of the file, header first, blank rows skipped. <paramref name="progress"/> receives the share of the
    /// file read so far (0–1). Throws <see cref="ImportFileException"/> for a refused file, also midway.
    /// </summary>
    public static IEnumerable<SheetRow> ReadRows(byte[] bytes, string format, ImportLimits limits, Action<double>? progress = null) =>
        format == ImportFileFormats.Xlsx ? ReadXlsx(bytes, limits, progress) : ReadCsv(bytes, limits, progress);

    // ------------------------------------------------------------------ xlsx

    private static IEnumerable<SheetRow> ReadXlsx(byte[] bytes, ImportLimits limits, Action<double>? progress)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException("文件已损坏，或不是 Excel 工作簿，无法读取");
        }
        using (zip)
        {
            CheckEntries(zip, limits);
            var sheetPath = FirstSheetPath(zip, limits);
            var shared = ReadSharedStrings(zip, limits);
            var entry = zip.GetEntry(sheetPath) ?? throw new ImportFileException("工作簿中没有找到工作表");
            using var raw = OpenLimited(entry, limits);
            using var x = XmlReader.Create(raw, SafeXml);
            var total = Math.Max(1, entry.Length);
            var rowsRead = 0;
            while (SafeRead(x))
            {
                if (x.NodeType != XmlNodeType.Element) continue;
                if (x.LocalName == "dimension")
                {
                    if (LastRowOf(x.GetAttribute("ref")) > limits.MaxRows + 1) throw TooManyRows(limits);
                    continue;
                }
                if (x.LocalName != "row") continue;
                var rowNumber = int.TryParse(x.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : rowsRead + 1;
                var cells = x.IsEmptyElement ? [] : ReadRowCells(x, shared, limits);
                rowsRead++;
                var row = new SheetRow(rowNumber, cells);
                if (row.IsBlank) continue;
                if (rowNumber > limits.MaxRows + 1) throw TooManyRows(limits);
                if ((rowsRead & 1023) == 0) progress?.Invoke(Math.Min(1, raw.Position / (double)total));
                yield return row;
            }
            progress?.Invoke(1);
        }
    }

    /// <summary>
    /// The cells of the row the reader stands on, read with a plain XmlReader: on a 100,000-row sheet it is several
    /// times faster than the SDK's typed SAX reader, which builds an element object for every node (docs/performance.md).
    /// </summary>
    private static string?[] ReadRowCells(XmlReader x, List<string> shared, ImportLimits limits)
    {
        var cells = new List<string?>();
        var position = 0;
        var rowDepth = x.Depth;
        SafeRead(x);
        while (!(x.NodeType == XmlNodeType.EndElement && x.Depth == rowDepth) && !x.EOF)
        {
            if (x.NodeType == XmlNodeType.Element && x.LocalName == "c")
            {
                var type = x.GetAttribute("t");
                var reference = x.GetAttribute("r");
                var column = reference is null ? position : ColumnIndex(reference);
                if (column < 0 || column >= limits.MaxColumns)
                    throw new ImportFileException($"工作表的列数超过{limits.MaxColumns}列的上限，请只保留要导入的列");
                var value = x.IsEmptyElement ? null : ReadCellValue(x, type, shared, limits);
                while (cells.Count <= column) cells.Add(null);
                cells[column] = value;
                position = column + 1;
            }
            SafeRead(x);
        }
        return [.. cells];
    }

    /// <summary>Reads up to the cell's end element. The cached value of a formula cell; the formula itself is dropped.</summary>
    private static string? ReadCellValue(XmlReader x, string? type, List<string> shared, ImportLimits limits)
    {
        var cellDepth = x.Depth;
        string? value = null;
        StringBuilder? inline = null;
        var inPhonetic = false;
        SafeRead(x);
        while (!(x.NodeType == XmlNodeType.EndElement && x.Depth == cellDepth) && !x.EOF)
        {
            if (x.NodeType == XmlNodeType.Element && x.LocalName == "v")
            {
                value = ReadContent(x);
                continue;
            }
            if (x.NodeType == XmlNodeType.Element && x.LocalName == "rPh") inPhonetic = !x.IsEmptyElement;
            else if (x.NodeType == XmlNodeType.EndElement && x.LocalName == "rPh") inPhonetic = false;
            else if (x.NodeType == XmlNodeType.Element && x.LocalName == "t" && type == "inlineStr" && !inPhonetic)
            {
                (inline ??= new StringBuilder()).Append(ReadContent(x));
                continue;
            }
            SafeRead(x);
        }
        var text = type switch
        {
            "inlineStr" => inline?.ToString(),
            "s" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : null,
            "b" => value == "1" ? "TRUE" : value is null ? null : "FALSE",
            "e" => null,
            _ => value,
        };
        if (text?.Length > limits.MaxCellLength) throw CellTooLong(limits);
        return text;
    }

    private static string ReadContent(XmlReader x)
    {
        try
        {
            return x.ReadElementContentAsString();
        }
        catch (XmlException)
        {
            throw new ImportFileException("工作表内容已损坏，无法读取");
        }
    }

    private static bool Read(OpenXmlReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (XmlException)
        {
            throw new ImportFileException("工作表内容已损坏，无法读取");
        }
    }

    private static void CheckEntries(ZipArchive zip, ImportLimits limits)
    {
        long total = 0;
        foreach (var e in zip.Entries)
        {
            if (e.Length > limits.MaxPartBytes || (e.Length > 1024 * 1024 && e.CompressedLength > 0 && e.Length / e.CompressedLength > limits.MaxCompressionRatio))
                throw ZipBomb();
            total += e.Length;
            if (total > limits.MaxTotalBytes) throw ZipBomb();
        }
        if (zip.GetEntry("xl/workbook.xml") is null && zip.GetEntry("[Content_Types].xml") is null)
            throw new ImportFileException("文件是压缩包，但不是 Excel 工作簿（.xlsx）");
    }

    private static ImportFileException ZipBomb() =>
        new("文件解压后过大或压缩比异常（疑似“压缩炸弹”），已拒绝导入；请用 Excel 重新保存后再试");

    private static ImportFileException TooManyRows(ImportLimits limits) =>
        new($"文件超过{limits.MaxRows}行数据的上限，已拒绝导入；请拆分为多个文件分批导入");

    private static ImportFileException CellTooLong(ImportLimits limits) =>
        new($"有单元格超过{limits.MaxCellLength}个字符（Excel 单元格的上限），文件不像是 Excel 正常生成的，已拒绝导入");

    /// <summary>The unpacked part, cut off at its declared size and at the part limit, whatever the deflate stream would give.</summary>
    private static LimitedStream OpenLimited(ZipArchiveEntry entry, ImportLimits limits)
    {
        try
        {
            return new LimitedStream(entry.Open(), Math.Min(entry.Length, limits.MaxPartBytes));
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException("文件已损坏，无法读取");
        }
    }

    private static string FirstSheetPath(ZipArchive zip, ImportLimits limits)
    {
        var workbook = zip.GetEntry("xl/workbook.xml") ?? throw new ImportFileException("文件不是 Excel 工作簿（缺少 workbook.xml）");
        string? relId = null;
        using (var s = OpenLimited(workbook, limits))
        using (var x = XmlReader.Create(s, SafeXml))
        {
            while (SafeRead(x))
            {
                if (x.NodeType == XmlNodeType.Element && x.LocalName == "sheet" && x.NamespaceURI == MainNs)
                {
                    relId = x.GetAttribute("id", RelNs);
                    break;
                }
            }
        }
        if (relId is null) throw new ImportFileException("工作簿中没有工作表");
        var rels = zip.GetEntry("xl/_rels/workbook.xml.rels");
        if (rels is null) return "xl/worksheets/sheet1.xml";
        using (var s = OpenLimited(rels, limits))
        using (var x = XmlReader.Create(s, SafeXml))
        {
            while (SafeRead(x))
            {
                if (x.NodeType == XmlNodeType.Element && x.LocalName == "Relationship" && x.GetAttribute("Id") == relId)
                {
                    var target = x.GetAttribute("Target") ?? string.Empty;
                    return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
                }
            }
        }
        throw new ImportFileException("工作簿中没有找到第一张工作表");
    }

    private static List<string> ReadSharedStrings(ZipArchive zip, ImportLimits limits)
    {
        var list = new List<string>();
        var entry = zip.GetEntry("xl/sharedStrings.xml");
        if (entry is null) return list;
        using var s = OpenLimited(entry, limits);
        using var reader = new TypedOpenXmlPartReader(s, default);
        StringBuilder? item = null;
        var inPhonetic = false;
        while (Read(reader))
        {
            var type = reader.ElementType;
            if (type == typeof(SharedStringItem))
            {
                if (reader.IsStartElement) item = new StringBuilder();
                else if (item is not null)
                {
                    if (item.Length > limits.MaxCellLength) throw CellTooLong(limits);
                    list.Add(item.ToString());
                    item = null;
                }
            }
            else if (type == typeof(PhoneticRun)) inPhonetic = reader.IsStartElement;
            else if (type == typeof(Text) && reader.IsStartElement && item is not null && !inPhonetic)
            {
                item.Append(reader.GetText());
                if (item.Length > limits.MaxCellLength) throw CellTooLong(limits);
            }
        }
        return list;
    }

    private static readonly XmlReaderSettings SafeXml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, CloseInput = false };

    private static bool SafeRead(XmlReader x)
    {
        try
        {
            return x.Read();
        }
        catch (XmlException)
        {
            throw new ImportFileException("工作簿内容已损坏，无法读取");
        }
    }

    private static int LastRowOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return 0;
        var last = reference.Contains(':') ? reference[(reference.IndexOf(':') + 1)..] : reference;
        var digits = new string(last.SkipWhile(char.IsLetter).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>0-based column of a reference such as "AB12".</summary>
    public static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference)
        {
            if (ch is >= 'A' and <= 'Z') n = n * 26 + (ch - 'A' + 1);
            else if (ch is >= 'a' and <= 'z') n = n * 26 + (ch - 'a' + 1);
            else break;
            if (n > 20_000) return -1;
        }
        return n - 1;
    }

    // ------------------------------------------------------------------ csv

    private static IEnumerable<SheetRow> ReadCsv(byte[] bytes, ImportLimits limits, Action<double>? progress)
    {
        var text = DecodeText(bytes);
        var delimiter = DetectDelimiter(text);
        var rowNumber = 0;
        var dataRows = 0;
        var i = 0;
        var fields = new List<string?>();
        var field = new StringBuilder();
        while (i <= text.Length)
        {
            fields.Clear();
            var endOfRow = false;
            while (!endOfRow)
            {
                field.Clear();
                var quoted = i < text.Length && text[i] == '"';
                if (quoted)
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length) throw new ImportFileException($"第{rowNumber + 1}行的引号没有成对出现，文件格式不正确");
                        var ch = text[i++];
                        if (ch == '"')
                        {
                            if (i < text.Length && text[i] == '"') { field.Append('"'); i++; }
                            else break;
                        }
                        else field.Append(ch);
                        if (field.Length > limits.MaxCellLength) throw CellTooLong(limits);
                    }
                }
                while (i < text.Length && text[i] != delimiter && text[i] != '\n' && text[i] != '\r')
                {
                    field.Append(text[i++]);
                    if (field.Length > limits.MaxCellLength) throw CellTooLong(limits);
                }
                fields.Add(field.Length == 0 ? null : field.ToString());
                if (fields.Count > limits.MaxColumns) throw new ImportFileException($"文件的列数超过{limits.MaxColumns}列的上限，请只保留要导入的列");
                if (i < text.Length && text[i] == delimiter) { i++; continue; }
                if (i < text.Length && text[i] == '\r') i++;
                if (i < text.Length && text[i] == '\n') i++;
                endOfRow = true;
            }
            rowNumber++;
            var row = new SheetRow(rowNumber, [.. fields]);
            if (!row.IsBlank)
            {
                if (++dataRows > limits.MaxRows + 1) throw TooManyRows(limits);
                if ((rowNumber & 1023) == 0) progress?.Invoke(i / (double)Math.Max(1, text.Length));
                yield return row;
            }
            if (i >= text.Length) break;
        }
        progress?.Invoke(1);
    }

    private static char DetectDelimiter(string text)
    {
        var end = text.IndexOf('\n');
        var first = end < 0 ? text : text[..end];
        return !first.Contains(',') && first.Contains('\t') ? '\t' : ',';
    }

    /// <summary>UTF-8 (a BOM is dropped), else GB18030, which covers the GBK that Chinese Excel writes for “CSV (逗号分隔)”.</summary>
    public static string DecodeText(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0) throw new ImportFileException("文件含有二进制内容，不是文本 CSV 文件");
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            try
            {
                text = Gb18030.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new ImportFileException("无法识别文件的文字编码，请另存为“CSV UTF-8（逗号分隔）”后再导入");
            }
        }
        return text.TrimStart('\uFEFF');
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding Gb18030 = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>A read-only stream that refuses to give more than a fixed number of bytes (the zip bomb's last guard).</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => limit;
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException)
            {
                throw new ImportFileException("文件已损坏，无法解压");
            }
            _read += n;
            if (_read > limit) throw ZipBomb();
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
