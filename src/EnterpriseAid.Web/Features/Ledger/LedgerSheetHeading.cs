using EnterpriseAid.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Ledger;

/// <summary>The heading every sheet of the ledger workbook carries: "一企一台账：企业名" and when it was exported.</summary>
public sealed record LedgerSheetHeading(string Title, string Subtitle)
{
    public static async Task<LedgerSheetHeading> ForAsync(LedgerQueries ledger, IStringLocalizer l, TimeProvider clock, long enterpriseId,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(l);
        var name = (await ledger.EnterpriseAsync(enterpriseId, ct))?.Enterprise.Name;
        return new LedgerSheetHeading($"{l["Ledger.Title"]}：{name}",
            XlsxDownload.ExportedAt(l, clock.GetUtcNow().ToChinaTime()));
    }
}
