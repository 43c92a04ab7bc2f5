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
        var response = httpContext.Response;
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = asciiFileName, FileNameStar = fileName,
        }.ToString();
        // Case files: never kept by a shared proxy or the browser cache.
        response.Headers.CacheControl = "no-store";
        var ct = httpContext.RequestAborted;
        await using var book = XlsxWorkbookWriter.Create(response.Body);
        await write(book, ct);
        await book.CompleteAsync(ct);
    }

    /// <summary>"名称-20261121-1030.xlsx": the name and the Beijing time of the export.</summary>
    public static string Stamped(string name, DateTimeOffset beijingNow) => $"{name}-{beijingNow:yyyyMMdd-HHmm}.xlsx";
}
