using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assistance;

/// <summary>要素保障 on the enterprise ledger: totals per kind and the latest records, and every record in the ledger workbook.</summary>
public sealed class AssistanceLedgerSection(AssistanceQueries queries, LedgerQueries ledger, TimeProvider clock, IStringLocalizer<SharedResource> l)
    : ILedgerSection
{
    public int Order => 20;

    public Type Component => typeof(LedgerAssistance);

    public async Task WriteSheetAsync(XlsxWorkbookWriter book, long enterpriseId, CancellationToken ct)
    {
        var (title, subtitle) = await LedgerSheetHeading.ForAsync(ledger, l, clock, enterpriseId, ct);
        var sheet = AssistanceExport.AddSheet(book, l, title, subtitle);
        await foreach (var r in queries.Items(queries.OfEnterpriseAll(enterpriseId)).AsAsyncEnumerable().WithCancellation(ct))
            await AssistanceExport.WriteRowAsync(sheet, l, r, ct);
    }
}
