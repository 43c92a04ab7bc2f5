using System.Diagnostics;
using EnterpriseAid.Web.Components.Pages;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnterpriseAid.Web.Hosting;

public static class StatusPages
{
    /// <summary>
    /// Unhandled exceptions and empty error responses are re-executed to /status/{code}, which
    /// answers every method with a full Chinese page. A failure caused by the database being away
    /// becomes 503 rather than 500: it is an outage, not a defect, and monitors should see it so.
    /// </summary>
    public static void UsePortalStatusPages(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/status/500", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        // Blazor answers a bad form post with an empty 400 that already carries a content type,
        // which makes the status code pages leave it alone. Clear the type when, and only when,
        // no byte of body was written (a page may set 404 and render its own content).
        app.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            var tracked = new WriteTrackingStream(original);
            context.Response.Body = tracked;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            if (!tracked.Written && !context.Response.HasStarted && context.Response.StatusCode >= 400)
            {
                context.Response.ContentType = null;
            }
        });
    }

    public static void MapPortalStatusPages(this WebApplication app) =>
        app.Map("/status/{code:int}", (int code, HttpContext http) =>
        {
            var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            if (error is not null && DatabaseUnavailable.IsCause(error))
            {
                code = StatusCodes.Status503ServiceUnavailable;
                DatabaseUnavailable.ForgetPooledConnections(http.RequestServices);
            }
            // A body the server cannot read (a form value with a NUL character, a malformed multipart body) is the client's error.
            if (error is InvalidDataException or BadHttpRequestException) code = StatusCodes.Status400BadRequest;
            if (code is < 400 or > 599) code = StatusCodes.Status404NotFound;
            // Left by the component endpoint that failed; the status page's renderer sets it again.
            http.Response.Headers.Remove("blazor-enhanced-nav");
            return new RazorComponentResult<StatusDocument>(new
            {
                Code = code,
                // Refused by the request gate: the node is busy, the database is fine.
                Busy = code == StatusCodes.Status503ServiceUnavailable && http.Items.ContainsKey(RequestGate.RefusedItem),
                RequestId = code >= 500 ? Activity.Current?.Id ?? http.TraceIdentifier : null,
            })
            { StatusCode = code };
        }).DisableAntiforgery().AllowAnonymous().ExcludeFromDescription().OutsideRequestGate();
}

/// <summary>Passes writes through and remembers whether there was any.</summary>
internal sealed class WriteTrackingStream(Stream inner) : Stream
{
    public bool Written { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Written |= count > 0;
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written |= buffer.Length > 0;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Written |= count > 0;
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
