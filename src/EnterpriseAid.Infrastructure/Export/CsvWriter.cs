using System.Globalization;
using System.Text;

namespace EnterpriseAid.Infrastructure.Export;

/// <summary>
/// Writes a CSV file row by row to any writable stream (an HTTP response body included) with memory that does
/// not grow with the number of rows: UTF-8 with a byte-order mark, so Excel opens Chinese text correctly; RFC 4180
/// quoting (a field with a comma, a quote or a line break is quoted, quotes doubled) and CRLF line ends; text cells
/// neutralised by <see cref="SpreadsheetCells"/>. Bytes collect in a small buffer that is drained asynchronously.
/// </summary>
public sealed class CsvWriter : ITableRowWriter
{
    private const int DrainThreshold = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _output;
    private readonly int _columns;
    private readonly StringBuilder _line = new(256);
    private byte[] _buffer = new byte[DrainThreshold * 2];
    private int _length;

    private CsvWriter(Stream output, int columns)
    {
        _output = output;
        _columns = columns;
    }

    public int RowCount { get; private set; }

    /// <summary>A CSV file on <paramref name="output"/>: the byte-order mark and the header row are written at once.</summary>
    public static CsvWriter Create(Stream output, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        if (!output.CanWrite) throw new ArgumentException("The stream must be writable.", nameof(output));
        if (headers.Count == 0) throw new ArgumentException("A file needs at least one column.", nameof(headers));
        var writer = new CsvWriter(output, headers.Count);
        writer.Append(Encoding.UTF8.Preamble);
        writer.AppendLine(headers.Cast<object?>().ToList());
        return writer;
    }

    public ValueTask WriteRowAsync(IReadOnlyList<object?> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count > _columns) throw new ArgumentException($"{values.Count} values for {_columns} columns.", nameof(values));
        AppendLine(values);
        RowCount++;
        return _length >= DrainThreshold ? new ValueTask(DrainAsync(ct)) : ValueTask.CompletedTask;
    }

    /// <summary>Sends what is left in the buffer.</summary>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        await DrainAsync(ct);
        await _output.FlushAsync(ct);
    }

    /// <summary>One value as CSV text: dates as yyyy-MM-dd, times as yyyy-MM-dd HH:mm:ss (their own clock time), numbers invariant.</summary>
    public static string Field(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            string s => SpreadsheetCells.Neutralise(s),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            int or long or short or byte or uint or ulong or decimal or double or float => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            _ => SpreadsheetCells.Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
        };
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private void AppendLine(IReadOnlyList<object?> values)
    {
        _line.Clear();
        for (var i = 0; i < _columns; i++)
        {
            if (i > 0) _line.Append(',');
            if (i < values.Count) _line.Append(Field(values[i]));
        }
        _line.Append("\r\n");
        // Encoded as one string: a chunk boundary of the builder may fall inside a surrogate pair.
        var line = _line.ToString();
        Ensure(Utf8.GetMaxByteCount(line.Length));
        _length += Utf8.GetBytes(line, _buffer.AsSpan(_length));
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        if (_length == 0) return;
        await _output.WriteAsync(_buffer.AsMemory(0, _length), ct);
        _length = 0;
    }
}
