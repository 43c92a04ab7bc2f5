namespace EnterpriseAid.Infrastructure.Export;

/// <summary>
/// The one rule both export writers apply to text cells, so a value typed by a user or an external system
/// cannot become a formula when the file is opened in Excel or WPS (CSV injection, OWASP): text that starts
/// with <c>= + - @</c>, a tab or a carriage return gets a leading apostrophe and is then shown as typed.
/// </summary>
public static class SpreadsheetCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static bool IsDangerous(string text) => text.Length > 0 && Array.IndexOf(FormulaStarts, text[0]) >= 0;

    /// <summary>The text as it is safe to put in a cell. Numbers go out as numbers and are never passed here.</summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsDangerous(text) ? "'" + text : text;
    }
}

/// <summary>Where an export writes its data rows, whatever the file format.</summary>
public interface ITableRowWriter
{
    /// <summary>One row, a value per column (see <see cref="XlsxSheetWriter.WriteRowAsync"/> for the value types).</summary>
    ValueTask WriteRowAsync(IReadOnlyList<object?> values, CancellationToken ct = default);
}
