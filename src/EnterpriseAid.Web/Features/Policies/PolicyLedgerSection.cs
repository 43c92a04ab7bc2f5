using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Policies;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Ledger;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Policies;

/// <summary>适用政策 on the enterprise ledger: the policies in effect that fit the enterprise, and whether each was pushed.</summary>
public sealed class PolicyLedgerSection(PolicyQueries queries, LedgerQueries ledger, TimeProvider clock, IStringLocalizer<SharedResource> l) : ILedgerSection
{
    public int Order => 10;

    public Type Component => typeof(LedgerPolicies);

    public async Task WriteSheetAsync(XlsxWorkbookWriter book, long enterpriseId, CancellationToken ct)
    {
        // The same heading as the ledger's own sheets.
        var (title, subtitle) = await LedgerSheetHeading.ForAsync(ledger, l, clock, enterpriseId, ct);
        var sheet = book.AddSheet(l["Policies.Ledger.Title"],
        [
            new(l["Policies.Field.Title"], 48, XlsxColumnKind.Wrapped), new(l["Policies.Field.DocumentNo"], 24),
            new(l["Policies.Field.Department"], 26), new(l["Policies.Field.Category"], 12),
            new(l["Policies.Field.EffectiveFrom"], 12, XlsxColumnKind.Date), new(l["Policies.Field.EffectiveTo"], 12, XlsxColumnKind.Date),
            new(l["Policies.Ledger.Pushed"], 18),
        ], title, subtitle);
        foreach (var p in await queries.FittingAsync(enterpriseId, ct))
        {
            await sheet.WriteRowAsync([p.Title, p.DocumentNo, p.DepartmentName, PolicyCategories.Describe(p.Category).Name(), p.EffectiveFrom,
                p.EffectiveTo, PolicyDisplay.Delivery(l, p.PushedAt, p.ReadAt)], ct);
        }
    }
}
