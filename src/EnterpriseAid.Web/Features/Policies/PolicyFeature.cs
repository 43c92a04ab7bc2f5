using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Web.Features.Ledger;
using FluentValidation;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;

namespace EnterpriseAid.Web.Features.Policies;

public static class PolicyFeature
{
    public static IServiceCollection AddPolicyFeature(this IServiceCollection services)
    {
        services.AddScoped<PolicyQueries>();
        services.AddScoped<PolicyPushQueries>();
        services.AddScoped<PolicyCommands>();
        services.AddSingleton<IValidator<PolicyFormModel>, PolicyFormValidator>();
        services.AddScoped<ILedgerSection, PolicyLedgerSection>();
        return services;
    }

    public static void MapPolicyEndpoints(this WebApplication app)
    {
        var editors = new AuthorizeAttribute { Roles = PolicyRoles.Editors };
        app.MapPost("/policies/{id:long}/attachments", UploadAsync).RequireAuthorization(editors).OutsideRequestGate();
        app.MapPost("/policies/{id:long}/attachments/{attachmentId:long}/delete", DeleteAsync).RequireAuthorization(editors);
        app.MapGet("/policies/{id:long}/attachments/{attachmentId:long}", DownloadAsync)
            .RequireAuthorization(new AuthorizeAttribute { Roles = PolicyRoles.Readers }).OutsideRequestGate();
        app.MapGet("/portal/policies/{id:long}/attachments/{attachmentId:long}", DownloadAsync)
            .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.Enterprise }).OutsideRequestGate();
    }

    public const string FileField = "file";

    /// <summary>Room for the multipart boundaries, headers and the antiforgery token around the file.</summary>
    private const int EnvelopeBytes = 16 * 1024;

    /// <summary>
    /// A file sent as multipart form data (static SSR forms cannot bind files). The size is checked before
    /// the body is read, the antiforgery token after it; a refusal goes back to the policy page with the reason.
    /// </summary>
    private static async Task<IResult> UploadAsync(long id, HttpContext http, IAntiforgery antiforgery, PolicyQueries queries, PolicyCommands commands)
    {
        const long limit = PolicyAttachment.MaxBytes + EnvelopeBytes;
        string Back(string error) => $"/policies/{id}?error={Uri.EscapeDataString(error)}#attachments";
        var (form, refusal) = await MultipartUpload.ReadAsync(http, antiforgery, limit, () => Results.Redirect(Back("too-large")));
        if (form is null) return refusal!;
        if (await queries.DetailAsync(id, http.RequestAborted) is null) return Results.NotFound();
        var file = form.Files.GetFile(FileField);
        if (file is null || string.IsNullOrEmpty(file.FileName)) return Results.Redirect(Back("no-file"));
        if (file.Length > PolicyAttachment.MaxBytes) return Results.Redirect(Back("too-large"));
        var bytes = await MultipartUpload.BytesAsync(file, http.RequestAborted);
        return await commands.AddAttachmentAsync(id, file.FileName, bytes, PolicyCommands.UserId(http.User), http.RequestAborted) switch
        {
            AttachmentResult.Added => Results.Redirect($"/policies/{id}?uploaded=1#attachments"),
            AttachmentResult.Refused r => Results.Redirect(Back(r.Error)),
            _ => Results.NotFound(),
        };
    }

    private static async Task<IResult> DeleteAsync(long id, long attachmentId, HttpContext http, IAntiforgery antiforgery, PolicyCommands commands)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest();
        }
        return await commands.DeleteAttachmentAsync(id, attachmentId, http.RequestAborted)
            ? Results.Redirect($"/policies/{id}#attachments")
            : Results.NotFound();
    }

    /// <summary>
    /// The file as an attachment under its own (often Chinese) name: Content-Disposition carries an ASCII
    /// fallback and the UTF-8 name as RFC 5987 <c>filename*</c>. Never shown inline, never cached by a proxy.
    /// </summary>
    private static async Task<IResult> DownloadAsync(long id, long attachmentId, HttpContext http, PolicyQueries queries)
    {
        var attachment = await queries.AttachmentAsync(id, attachmentId, http.RequestAborted);
        if (attachment is null) return Results.NotFound();
        http.Response.Headers.CacheControl = "private, no-store";
        return Results.File(attachment.Content, attachment.ContentType, attachment.FileName);
    }
}
