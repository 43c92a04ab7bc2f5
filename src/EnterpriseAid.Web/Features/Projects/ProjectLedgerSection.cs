using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Ledger;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>
/// 三个一批 on the enterprise's ledger (一企一台账): the projects it invests in that the reader sees, on the page and as a
/// sheet. Most enterprises invest in none: then the ledger shows nothing and the workbook has no empty sheet.
/// </summary>
public sealed class ProjectLedgerSection(ProjectQueries queries, IStringLocalizer<SharedResource> l) : ILedgerSection
{
    public int Order => 20;

    public Type Component => typeof(ProjectLedgerPanel);

    public async Task WriteSheetAsync(XlsxWorkbookWriter book, long enterpriseId, CancellationToken ct)
    {
        var rows = await queries.OfEnterpriseAsync(enterpriseId, ct);
        if (rows.Count == 0) return;
        var sheet = book.AddSheet(l["Projects.Ledger.Title"],
        [
            new(l["Projects.Field.Name"], 30), new(l["Projects.Field.Region"], 12), new(l["Projects.Field.Batch"], 8), new(l["Projects.Field.Level"], 8),
            new(l["Projects.Field.Stage"], 8), new(l["Projects.Field.TotalInvestment"], 12), new(l["Projects.Field.Completed"], 12),
            new(l["Projects.Figures.Procedures"], 10),
        ], l["Projects.Ledger.Title"]);
        foreach (var r in rows)
        {
            await sheet.WriteRowAsync(
            [
                r.Name, r.RegionName, r.Batch, Catalog.Find(ProjectLevels.All, r.Level)?.Name() ?? r.Level, ProjectStages.Describe(r.Stage).Name(),
                ChineseAmount.Format(r.TotalInvestment), ChineseAmount.Format(r.Completed), $"{r.ProceduresDone}/{r.Procedures}",
            ], ct);
        }
    }
}
