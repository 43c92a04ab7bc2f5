using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
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
        return AsTypedInExcel(buffer.ToArray());
    }

    /// <summary>
    /// The portal's writer neutralises text that starts like a formula (a leading apostrophe); a roster typed in
    /// Excel has no such mark. Takes it off again, so a fixture's <c>=HYPERLINK(…)</c> reaches the import as typed.
    /// </summary>
    private static byte[] AsTypedInExcel(byte[] xlsx)
    {
        using var buffer = new MemoryStream();
        buffer.Write(xlsx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).ToList())
            {
                string xml;
                using (var reader = new StreamReader(entry.Open(), Encoding.UTF8)) xml = reader.ReadToEnd();
                var typed = Regex.Replace(xml, "(<(?:\\w+:)?t(?: [^>]*)?>)'([=+\\-@])", "$1$2");
                if (typed == xml) continue;
                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(typed);
            }
        }
        return buffer.ToArray();
    }
}
