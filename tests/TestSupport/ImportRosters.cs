using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Infrastructure.Imports;

namespace EnterpriseAid.TestSupport;

/// <summary>Enterprise rosters as the import reads them: the template's headers in row 1, then the given rows in field order.</summary>
public static class ImportRosters
{
    public static byte[] Xlsx(IEnumerable<string?[]> rows, string sheetName = "企业名录") => Xlsx(EnterpriseImportFields.All, rows, sheetName);

    /// <summary>A sheet of any kind: the fields' labels in row 1, then the rows in field order.</summary>
    public static byte[] Xlsx(IReadOnlyList<ImportField> fields, IEnumerable<string?[]> rows, string sheetName)
    {
        using var buffer = new MemoryStream();
        var book = XlsxWorkbookWriter.Create(buffer);
        var sheet = book.AddSheet(sheetName, fields.Select(f => new XlsxColumn(f.Label, 20)).ToList());
        foreach (var r in rows) sheet.WriteRowAsync(r).AsTask().GetAwaiter().GetResult();
        book.CompleteAsync().GetAwaiter().GetResult();
        book.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return buffer.ToArray();
    }
}
