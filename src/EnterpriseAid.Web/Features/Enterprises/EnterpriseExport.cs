using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Components.Shared;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Enterprises;

/// <summary>
/// The register as .xlsx or .csv (GET /enterprises/export.xlsx|.csv with the list's q, town, scale and tag): the
/// same scope and filters as the page, every matching enterprise in the list's order, streamed.
/// </summary>
public static class EnterpriseExport
{
    public const string PathWithoutExtension = "/enterprises/export";

    public static void MapEnterpriseEndpoints(this WebApplication app)
    {
        foreach (var format in TableDownload.Formats)
        {
            app.MapGet(TableDownload.PathFor(PathWithoutExtension, format), (HttpContext http, EnterpriseQueries queries,
                    IStringLocalizer<SharedResource> l, TimeProvider clock) =>
                {
                    var q = http.Request.Query;
                    var filter = new EnterpriseListFilter(q["q"], long.TryParse(q["town"], out var town) ? town : null, q["scale"], q["tag"], null, null);
                    var now = clock.GetUtcNow().ToChinaTime();
                    return new TableDownload(format, XlsxDownload.Stamped(l["Enterprises.Title"], now), XlsxDownload.Stamped("enterprises", now),
                        l["Enterprises.Title"], Columns(l), l["Enterprises.Title"],
                        XlsxDownload.ExportedAt(l, now),
                        async (sheet, token) =>
                        {
                            await foreach (var e in queries.ExportAsync(filter).WithCancellation(token))
                            {
                                await sheet.WriteRowAsync(
                                [
                                    e.Name, e.Uscc, e.TownName, Catalogs.Scale(e.ScaleClass), Catalogs.Industry(e.IndustrySection), e.Employees,
                                    e.Tags.Count == 0 ? null : string.Join("、", e.Tags.Select(Catalogs.Tag)), ChinaTime.DateOf(e.CreatedAt),
                                ], token);
                            }
                        });
                })
                .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.Staff })
                .ExcludeFromDescription()
                .OutsideRequestGate();
        }
    }

    public static IReadOnlyList<XlsxColumn> Columns(IStringLocalizer l) =>
    [
        new(l["Enterprise.Name"], 32), new(l["Enterprise.Uscc"], 21), new(l["Enterprise.Town"], 14), new(l["Enterprise.Scale"], 12),
        new(l["Enterprise.Industry"], 20), new(l["Enterprise.Employees"], 10, XlsxColumnKind.Number), new(l["Enterprise.Tags"], 24, XlsxColumnKind.Wrapped),
        new(l["Enterprises.RegisteredOn"], 12, XlsxColumnKind.Date),
    ];
}
