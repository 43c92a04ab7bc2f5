using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// Reading a file posted as multipart form data by an endpoint (static SSR forms cannot bind files): the declared size
/// is checked before the body is read, a body without a length is cut off at the same limit while it is read, and the
/// antiforgery token is checked after it, so an oversized upload is answered with a message rather than read in full.
/// </summary>
public static class MultipartUpload
{
    /// <summary>The form, or the answer to give instead: <paramref name="tooLarge"/> for a body over the limit, 400 otherwise.</summary>
    public static async Task<(IFormCollection? Form, IResult? Refusal)> ReadAsync(HttpContext http, IAntiforgery antiforgery, long limit, Func<IResult> tooLarge)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(tooLarge);
        if (http.Request.ContentLength > limit) return (null, tooLarge());
        if (!http.Request.HasFormContentType) return (null, Results.BadRequest());
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit, ValueCountLimit = 16 }, http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
        {
            return (null, tooLarge());
        }
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return (null, Results.BadRequest());
        }
        return (form, null);
    }

    /// <summary>The file's bytes.</summary>
    public static async Task<byte[]> BytesAsync(IFormFile file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
