using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Enterprises;

/// <summary>
/// Pages show a contact's number masked (138****5678); tapping it comes here, which looks the
/// number up within the user's scope and hands it to the phone as a tel: address. The full
/// number so never sits in a page, a cached copy of one, or a screenshot of a list.
/// </summary>
public static class ContactCall
{
    public const string Pattern = "/enterprises/{id:long}/contacts/{index:int}/call";

    public static string Url(long enterpriseId, int index) => $"/enterprises/{enterpriseId}/contacts/{index}/call";

    public static void MapContactCall(this WebApplication app) =>
        app.MapGet(Pattern, async (long id, int index, AppDbContext db, CancellationToken ct) =>
        {
            var contacts = await db.Enterprises.AsNoTracking().Where(e => e.Id == id).Select(e => e.Contacts).SingleOrDefaultAsync(ct);
            if (contacts is null || index < 0 || index >= contacts.Count) return Results.NotFound();
            var digits = new string(contacts[index].Phone.Where(c => char.IsDigit(c) || c is '+' or '-').ToArray());
            return Results.Redirect("tel:" + digits);
        });
}
