using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Policies;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Subsidies;

/// <summary>
/// 政策兑现 lists as .xlsx or .csv: the programmes in scope (GET /subsidies/export.xlsx|.csv) and one programme's
/// applications (GET /subsidies/{id}/applications.xlsx|.csv, 404 outside the scope), streamed from the database.
/// Amounts are in yuan, as numbers, so the file adds up.
/// </summary>
public static class SubsidyExport
{
    public const string ProgramsPath = "/subsidies/export";

    public static string ApplicationsPath(long programId, ExportFormat format) =>
        TableDownload.PathFor($"/subsidies/{programId}/applications", format);

    public static void MapSubsidyEndpoints(this WebApplication app)
    {
        foreach (var format in TableDownload.Formats)
        {
            app.MapGet(TableDownload.PathFor(ProgramsPath, format), (IStringLocalizer<SharedResource> l, SubsidyQueries queries, TimeProvider clock) =>
                {
                    var now = clock.GetUtcNow().ToChinaTime();
                    return new TableDownload(format, XlsxDownload.Stamped(l["Subsidies.Title"], now), XlsxDownload.Stamped("subsidy-programmes", now),
                        l["Subsidies.Program"], ProgramColumns(l), l["Subsidies.Title"], XlsxDownload.ExportedAt(l, now), async (sheet, token) =>
                        {
                            await foreach (var p in queries.ExportProgramsAsync().WithCancellation(token))
                            {
                                await sheet.WriteRowAsync(
                                [
                                    p.Name, p.Batch, p.PolicyTitle, PolicyDisplay.Category(p.Category), p.Budget, p.ApprovedTotal, p.ApplyFrom, p.ApplyTo,
                                    p.MianShenJiXiang ? l["Common.Yes"].Value : l["Common.No"].Value, l["Subsidies.Stage." + p.Stage].Value, p.NoticeFrom, p.NoticeTo,
                                ], token);
                            }
                        });
                })
                .RequireAuthorization(new AuthorizeAttribute { Roles = SubsidyRoles.Readers })
                .ExcludeFromDescription()
                .OutsideRequestGate();

            app.MapGet($"/subsidies/{{id:long}}/applications.{TableDownload.Extension(format)}",
                    async (long id, IStringLocalizer<SharedResource> l, SubsidyQueries queries, TimeProvider clock, CancellationToken ct) =>
                    {
                        if (await queries.ProgramNameAsync(id, ct) is not { } program) return Results.NotFound();
                        var now = clock.GetUtcNow().ToChinaTime();
                        return new TableDownload(format, XlsxDownload.Stamped(program, now), XlsxDownload.Stamped($"subsidy-applications-{id}", now),
                            l["Subsidies.ApplicationsSheet"], ApplicationColumns(l), program, XlsxDownload.ExportedAt(l, now), async (sheet, token) =>
                            {
                                await foreach (var a in queries.ExportApplicationsAsync(id).WithCancellation(token))
                                {
                                    await sheet.WriteRowAsync(
                                    [
                                        a.EnterpriseName, l["Subsidies.Status." + a.Status].Value, a.RequestedAmount, a.ApprovedAmount, a.DisbursedAmount,
                                        a.DisbursedOn, a.Automatic ? l["Common.Yes"].Value : l["Common.No"].Value, a.Objections,
                                    ], token);
                                }
                            });
                    })
                .RequireAuthorization(new AuthorizeAttribute { Roles = SubsidyRoles.Readers })
                .ExcludeFromDescription()
                .OutsideRequestGate();
        }
    }

    private static IReadOnlyList<XlsxColumn> ProgramColumns(IStringLocalizer l) =>
    [
        new(l["Subsidies.Program"], 28), new(l["Subsidies.Batch"], 14), new(l["Subsidies.Policy"], 34, XlsxColumnKind.Wrapped),
        new(l["Policies.Field.Category"], 10), new(l["Subsidies.BudgetYuan"], 14, XlsxColumnKind.Number),
        new(l["Subsidies.ApprovedYuan"], 14, XlsxColumnKind.Number), new(l["Subsidies.ApplyFrom"], 12, XlsxColumnKind.Date),
        new(l["Subsidies.ApplyTo"], 12, XlsxColumnKind.Date), new(l["Policies.MianShen"], 9), new(l["Subsidies.Stage"], 10),
        new(l["Subsidies.NoticeFrom"], 12, XlsxColumnKind.Date), new(l["Subsidies.NoticeTo"], 12, XlsxColumnKind.Date),
    ];

    private static IReadOnlyList<XlsxColumn> ApplicationColumns(IStringLocalizer l) =>
    [
        new(l["Enterprise.Name"], 30), new(l["Subsidies.Status"], 10), new(l["Subsidies.Requested"], 14, XlsxColumnKind.Number),
        new(l["Subsidies.ApprovedAmount"], 14, XlsxColumnKind.Number), new(l["Subsidies.DisbursedAmount"], 14, XlsxColumnKind.Number),
        new(l["Subsidies.DisbursedOn"], 12, XlsxColumnKind.Date), new(l["Subsidies.AutomaticColumn"], 10), new(l["Subsidies.ObjectionCount"], 8, XlsxColumnKind.Number),
    ];
}
