using EnterpriseAid.Infrastructure.Export;
using Microsoft.Net.Http.Headers;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// An endpoint result that streams an .xlsx workbook to the client as it is written (see ADR-011). The
/// file name may be Chinese: it goes out as RFC 5987 <c>filename*</c>, with an ASCII name for old clients.
/// </summary>
public sealed class XlsxDownload(string fileName, string asciiFileName, Func<XlsxWorkbookWriter, CancellationToken, Task> write) : IResult
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        Attachment(httpContext.Response, ContentType, fileName, asciiFileName);
        var ct = httpContext.RequestAborted;
        await using var book = XlsxWorkbookWriter.Create(httpContext.Response.Body);
        await write(book, ct);
        await book.CompleteAsync(ct);
    }

    /// <summary>The headers of a downloaded export: its type, its (Chinese and ASCII) name, never cached.</summary>
    public static void Attachment(HttpResponse response, string contentType, string fileName, string asciiFileName)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = contentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = asciiFileName, FileNameStar = fileName,
        }.ToString();
        // Case files: never kept by a shared proxy or the browser cache.
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>"名称-20261121-1030.xlsx": the name and the Beijing time of the export.</summary>
    public static string Stamped(string name, DateTimeOffset beijingNow) => $"{name}-{beijingNow:yyyyMMdd-HHmm}.xlsx";

    /// <summary>The "导出时间" line under an export's title.</summary>
    public static string ExportedAt(Microsoft.Extensions.Localization.IStringLocalizer l, DateTimeOffset beijingNow) =>
        l["Problems.Export.ExportedAt", beijingNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)];
}

/// <summary>The two file formats of a list export.</summary>
public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// A list export in either format from one description: the columns, the title rows (Excel only; a CSV file holds
/// the header and the data, nothing else) and the rows, written as they stream in from the database.
/// </summary>
public sealed class TableDownload(ExportFormat format, string name, string asciiName, string sheetName, IReadOnlyList<XlsxColumn> columns,
    string? title, string? subtitle, Func<ITableRowWriter, CancellationToken, Task> rows) : IResult
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<ExportFormat> Formats = [ExportFormat.Xlsx, ExportFormat.Csv];

    /// <summary>"/problems/export" and a format: "/problems/export.csv".</summary>
    public static string PathFor(string pathWithoutExtension, ExportFormat format) =>
        $"{pathWithoutExtension}.{Extension(format)}";

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var ct = httpContext.RequestAborted;
        if (format == ExportFormat.Xlsx)
        {
            await new XlsxDownload(name, asciiName, async (book, token) =>
                await rows(book.AddSheet(sheetName, columns, title, subtitle), token)).ExecuteAsync(httpContext);
            return;
        }
        var fileName = Path.ChangeExtension(name, ".csv");
        XlsxDownload.Attachment(httpContext.Response, CsvContentType, fileName, Path.ChangeExtension(asciiName, ".csv"));
        var csv = CsvWriter.Create(httpContext.Response.Body, columns.Select(c => c.Header).ToList());
        await rows(csv, ct);
        await csv.CompleteAsync(ct);
    }
}
