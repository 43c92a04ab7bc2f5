using EnterpriseAid.Domain.Common;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Ledger;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Operating;

/// <summary>经营状况 on the enterprise ledger: the latest report on the page, every report in the workbook.</summary>
public sealed class OperatingLedgerSection(OperatingQueries queries, LedgerQueries ledger, TimeProvider clock, IStringLocalizer<SharedResource> l) : ILedgerSection
{
    public int Order => 20;

    public Type Component => typeof(LedgerOperating);

    public async Task WriteSheetAsync(XlsxWorkbookWriter book, long enterpriseId, CancellationToken ct)
    {
        // The same heading as the ledger's own sheets.
        var (title, subtitle) = await LedgerSheetHeading.ForAsync(ledger, l, clock, enterpriseId, ct);
        var sheet = book.AddSheet(l["Operating.Ledger.Title"],
        [
            new(l["Operating.Field.ReportedOn"], 12, XlsxColumnKind.Date), new(l["Operating.Field.Operating"], 10),
            new(l["Operating.Field.StaffOnDuty"], 10, XlsxColumnKind.Number), new(l["Operating.Field.UsualStaff"], 12, XlsxColumnKind.Number),
            new(l["Operating.Field.Capacity"], 10, XlsxColumnKind.Number), new(l["Operating.Field.Note"], 40, XlsxColumnKind.Wrapped),
            new(l["Operating.EnteredBy"], 16),
        ], title, subtitle);
        foreach (var r in await queries.ReportsAsync(enterpriseId, OperatingQueries.MaxListed, ct))
        {
            await sheet.WriteRowAsync([r.ReportedOn, OperatingDisplay.Status(l, r.Operating), r.StaffOnDuty, r.UsualStaff, r.CapacityPercent, r.Note,
                OperatingDisplay.EnteredBy(l, r)], ct);
        }
    }
}

public static class OperatingDisplay
{
    public static string Status(IStringLocalizer<SharedResource> l, bool operating) =>
        l[operating ? "Operating.Status.Operating" : "Operating.Status.Stopped"];

    public static string EnteredBy(IStringLocalizer<SharedResource> l, OperatingReportRow r) =>
        r.Source == Domain.Operating.OperatingReportSource.Enterprise
            ? l["Operating.Source.Enterprise"]
            : r.EnteredBy ?? l["Operating.Source.Staff"];
}
