using System.Security.Claims;
using System.Text;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>
/// POST /admin/calendar/upload: a holiday file sent as multipart form data. Static SSR forms cannot bind a file,
/// so this small endpoint reads it, keeps it as a draft and redirects to the preview (or back to the import page
/// with the reason it was refused). The antiforgery token is checked here, after the size check, so an
/// oversized upload is answered with a message rather than read in full.
/// </summary>
public static class CalendarUpload
{
    public const string Path = "/admin/calendar/upload";
    public const string FileField = "file";
    public const int MaxFileBytes = CalendarImportDraft.ContentMaxLength;
    /// <summary>Room for the multipart boundaries, headers and the antiforgery token around the file.</summary>
    private const int EnvelopeBytes = 16 * 1024;

    public static class Errors
    {
        public const string NoFile = "no-file";
        public const string TooLarge = "too-large";
        public const string Empty = "empty";
        public const string NotText = "not-text";
        public const string Spreadsheet = "spreadsheet";
        public static readonly IReadOnlyList<string> All = [NoFile, TooLarge, Empty, NotText, Spreadsheet];
    }

    public static RouteHandlerBuilder MapCalendarUpload(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, UploadAsync).RequireAuthorization(new AuthorizeAttribute { Roles = Domain.Identity.PortalRoles.Administrator })
            .OutsideRequestGate();

    private static async Task<IResult> UploadAsync(HttpContext http, IAntiforgery antiforgery, CalendarImportCommands commands)
    {
        const int limit = MaxFileBytes + EnvelopeBytes;
        var (form, refusal) = await MultipartUpload.ReadAsync(http, antiforgery, limit, () => Back(Errors.TooLarge));
        if (form is null) return refusal!;

        var file = form.Files.GetFile(FileField);
        if (file is null || string.IsNullOrEmpty(file.FileName)) return Back(Errors.NoFile);
        if (file.Length > MaxFileBytes) return Back(Errors.TooLarge);
        if (file.Length == 0) return Back(Errors.Empty);

        var bytes = await MultipartUpload.BytesAsync(file, http.RequestAborted);
        var (text, error) = Decode(bytes, file.FileName);
        if (error is not null) return Back(error);

        var userId = long.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : (long?)null;
        var draft = await commands.SaveDraftAsync(file.FileName, text!, userId, http.RequestAborted);
        return Results.Redirect($"/admin/calendar/import?draft={draft:N}");
    }

    private static IResult Back(string error) => Results.Redirect($"/admin/calendar/import?error={error}");

    /// <summary>
    /// The file's text: UTF-8 (with or without a byte order mark), else GB18030, which is what Excel on a Chinese
    /// Windows writes for "CSV (逗号分隔)". A workbook, or anything with NUL or other control bytes, is refused.
    /// </summary>
    public static (string? Text, string? Error) Decode(byte[] bytes, string? fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) return (null, Errors.Empty);
        var extension = System.IO.Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        // .xlsx is a zip archive ("PK"), .xls an OLE compound file.
        var isZip = bytes.Length >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04;
        var isOle = bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0;
        if (extension is ".xlsx" or ".xls" or ".et" || isZip || isOle) return (null, Errors.Spreadsheet);
        if (Array.IndexOf(bytes, (byte)0) >= 0) return (null, Errors.NotText);

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            try
            {
                text = Gb18030.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return (null, Errors.NotText);
            }
        }
        text = text.TrimStart('\uFEFF');
        if (text.Any(ch => char.IsControl(ch) && ch is not ('\r' or '\n' or '\t'))) return (null, Errors.NotText);
        if (string.IsNullOrWhiteSpace(text)) return (null, Errors.Empty);
        return (text, null);
    }

    private static readonly Encoding Gb18030 = CreateGb18030();

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
