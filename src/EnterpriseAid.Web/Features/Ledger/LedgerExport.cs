using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Components.Shared;
using EnterpriseAid.Web.Features.Enterprises;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Ledger;

/// <summary>
/// GET /enterprises/{id}/ledger.xlsx: the whole ledger of one enterprise as a workbook with the sheets
/// 企业信息 (with the problem figures), 包联, 走访 and 问题, then one per <see cref="ILedgerSection"/>.
/// </summary>
public static class LedgerExport
{
    public static string Path(long enterpriseId) => $"/enterprises/{enterpriseId}/ledger.xlsx";

    public static IServiceCollection AddLedgerFeature(this IServiceCollection services)
    {
        services.AddScoped<LedgerQueries>();
        return services;
    }

    public static void MapLedgerEndpoints(this WebApplication app) =>
        app.MapGet("/enterprises/{id:long}/ledger.xlsx", async (long id, LedgerQueries queries, IEnumerable<ILedgerSection> extensions,
                IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct) =>
            {
                var enterprise = await queries.EnterpriseAsync(id, ct);
                if (enterprise is null) return Results.NotFound();
                var figures = await queries.FiguresAsync(id, ct);
                var now = clock.GetUtcNow().ToChinaTime();
                var subtitle = XlsxDownload.ExportedAt(l, now);
                var title = $"{l["Ledger.Title"]}：{enterprise.Enterprise.Name}";
                return new XlsxDownload(XlsxDownload.Stamped($"{l["Ledger.Title"]}-{SafeFileName(enterprise.Enterprise.Name)}", now),
                    XlsxDownload.Stamped($"ledger-{id}", now),
                    async (book, token) =>
                    {
                        await FactsSheetAsync(book, enterprise, figures, title, subtitle, l, token);
                        await AssignmentSheetAsync(book, await queries.AssignmentsAsync(id, token), title, subtitle, l, token);
                        await VisitSheetAsync(book, queries.VisitsAsync(id, null, token), title, subtitle, l, token);
                        await ProblemExport.WriteSheetAsync(book, l["Ledger.Sheet.Problems"], title, subtitle, queries.ProblemsAsync(id, token), l, token);
                        foreach (var section in extensions.OrderBy(s => s.Order)) await section.WriteSheetAsync(book, id, token);
                    });
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.Staff })
            .ExcludeFromDescription()
                .OutsideRequestGate();

    private static async Task FactsSheetAsync(XlsxWorkbookWriter book, EnterpriseDetail detail, ProblemFigures figures, string title,
        string subtitle, IStringLocalizer l, CancellationToken ct)
    {
        var e = detail.Enterprise;
        var sheet = book.AddSheet(l["Ledger.Sheet.Facts"], [new XlsxColumn(l["Ledger.Col.Item"], 18), new XlsxColumn(l["Ledger.Col.Value"], 70, XlsxColumnKind.Wrapped)],
            title, subtitle);
        var rows = new (string Key, object? Value)[]
        {
            ("Enterprise.Name", e.Name),
            ("Enterprise.Uscc", e.Uscc),
            ("Enterprise.LegalRepresentative", e.LegalRepresentative),
            ("Enterprise.EstablishedOn", e.EstablishedOn),
            ("Enterprise.Town", detail.TownName),
            ("Enterprise.Scale", Catalogs.Scale(e.ScaleClass)),
            ("Enterprise.Industry", $"{e.IndustrySection} {Catalogs.Industry(e.IndustrySection)}"),
            ("Enterprise.Tags", e.Tags.Count == 0 ? null : string.Join("、", e.Tags.Select(Catalogs.Tag))),
            ("Enterprise.Employees", e.Employees),
            ("Enterprise.Address", e.Address),
            ("Enterprise.Section.Contacts", e.Contacts.Count == 0 ? null
                : string.Join("\n", e.Contacts.Select(c => string.Join(" ", new[] { c.Name, c.Title, c.Phone }.Where(s => !string.IsNullOrWhiteSpace(s)))))),
            ("Figures.Total", figures.Total),
            ("Figures.OnSpot", figures.SolvedOnSpot),
            ("Figures.Dispatched", figures.Dispatched),
            ("Figures.Resolved", figures.Resolved),
            ("Figures.ResolutionRate", ProblemFigures.Percent(figures.ResolutionRate)),
            ("Figures.Overdue", figures.Overdue),
            ("Figures.OnTimeRate", ProblemFigures.Percent(figures.OnTimeRate)),
            ("Figures.SatisfactionRate", ProblemFigures.Percent(figures.SatisfactionRate)),
        };
        foreach (var (key, value) in rows) await sheet.WriteRowAsync([l[key].Value, value], ct);
    }

    private static async Task AssignmentSheetAsync(XlsxWorkbookWriter book, IReadOnlyList<LedgerAssignment> assignments, string title,
        string subtitle, IStringLocalizer l, CancellationToken ct)
    {
        var sheet = book.AddSheet(l["Ledger.Sheet.Assignments"],
        [
            new(l["Ledger.Col.Role"], 14), new(l["Ledger.Col.Holder"], 24), new(l["Ledger.Col.HolderUnit"], 26),
            new(l["Ledger.Col.StartsOn"], 12, XlsxColumnKind.Date), new(l["Ledger.Col.EndsOn"], 12, XlsxColumnKind.Date),
            new(l["Ledger.Col.State"], 10), new(l["Ledger.Col.Note"], 40, XlsxColumnKind.Wrapped),
        ], title, subtitle);
        foreach (var a in assignments)
        {
            await sheet.WriteRowAsync([Catalog.Find(AssignmentRoles.All, a.Role)?.Name() ?? a.Role, a.Holder, a.HolderUnit, a.StartsOn, a.EndsOn,
                l[$"Ledger.State.{a.State}"].Value, a.Note], ct);
        }
    }

    private static async Task VisitSheetAsync(XlsxWorkbookWriter book, IAsyncEnumerable<LedgerVisit> visits, string title, string subtitle,
        IStringLocalizer l, CancellationToken ct)
    {
        var sheet = book.AddSheet(l["Ledger.Sheet.Visits"],
        [
            new(l["Ledger.Col.VisitedOn"], 12, XlsxColumnKind.Date), new(l["Visits.Field.Kind"], 12), new(l["Visits.Field.Officials"], 20, XlsxColumnKind.Wrapped),
            new(l["Visits.Field.Summary"], 48, XlsxColumnKind.Wrapped), new(l["Visits.Field.Situation"], 30, XlsxColumnKind.Wrapped),
            new(l["Visits.Field.Problems"], 30, XlsxColumnKind.Wrapped), new(l["Visits.Field.Goals"], 30, XlsxColumnKind.Wrapped),
            new(l["Visits.Field.Policies"], 30, XlsxColumnKind.Wrapped),
        ], title, subtitle);
        await foreach (var v in visits.WithCancellation(ct))
        {
            var kind = Catalog.Find(VisitKinds.All, v.Kind.ToString())?.Name() ?? v.Kind.ToString();
            if (v.EnterpriseCount > 1) kind += string.Format(l["Ledger.SymposiumOf"], v.EnterpriseCount);
            await sheet.WriteRowAsync([v.VisitedOn, kind, string.Join("、", v.Officials), v.Summary, v.Notes.Situation, v.Notes.Problems,
                v.Notes.Goals, v.Notes.Policies], ct);
        }
    }

    /// <summary>An enterprise name as part of a file name: no path or reserved characters.</summary>
    public static string SafeFileName(string name)
    {
        var invalid = System.IO.Path.GetInvalidFileNameChars().Concat(['\\', '/', ':', '*', '?', '"', '<', '>', '|']).ToHashSet();
        var safe = new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return safe.Length == 0 ? "_" : safe;
    }
}
