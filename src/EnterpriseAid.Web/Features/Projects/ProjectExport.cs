using System.Globalization;
using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>
/// The figures table (per batch) and the project list as the page shows them, in one .xlsx with two sheets, streamed
/// through <see cref="XlsxWorkbookWriter"/>. Rates are written as the page prints them, so the file reads like the bulletin.
/// </summary>
public static class ProjectExport
{
    public const string PathWithoutExtension = "/projects/export";
    public const string Path = PathWithoutExtension + ".xlsx";
    public const string CsvPath = PathWithoutExtension + ".csv";

    public sealed record FigureColumn(string HeaderKey, Func<BatchFigures, object?> Cell, XlsxColumnKind Kind);

    public static IReadOnlyList<FigureColumn> FigureColumns(IStringLocalizer l) =>
    [
        new("Projects.Field.Batch", b => b.Batch ?? l["Projects.Figures.All"].Value, XlsxColumnKind.Text),
        new("Projects.Figures.Projects", b => b.Figures.Projects, XlsxColumnKind.Number),
        new("Projects.Figures.TotalInvestment", b => ChineseAmount.Format(b.Figures.TotalInvestment), XlsxColumnKind.Text),
        new("Projects.Figures.Signed", b => b.Figures.Signed, XlsxColumnKind.Number),
        new("Projects.Figures.SignedInvestment", b => ChineseAmount.Format(b.Figures.SignedInvestment), XlsxColumnKind.Text),
        new("Projects.Figures.HonourRate", b => ProjectRates.WholePercent(b.Figures.HonourRate), XlsxColumnKind.Text),
        new("Projects.Figures.Started", b => b.Figures.Started, XlsxColumnKind.Number),
        new("Projects.Figures.StartRate", b => ProjectRates.WholePercent(b.Figures.StartRate), XlsxColumnKind.Text),
        new("Projects.Figures.Producing", b => b.Figures.Producing, XlsxColumnKind.Number),
        new("Projects.Figures.ProductionRate", b => ProjectRates.WholePercent(b.Figures.ProductionRate), XlsxColumnKind.Text),
        new("Projects.Figures.ProducingCompleted", b => ChineseAmount.Format(b.Figures.ProducingCompleted), XlsxColumnKind.Text),
        new("Projects.Figures.ProducingShare", b => ProjectRates.Percent(b.Figures.ProducingCompletedShare), XlsxColumnKind.Text),
        new("Projects.Figures.Effective", b => b.Figures.Effective, XlsxColumnKind.Number),
        new("Projects.Figures.EffectRate", b => ProjectRates.WholePercent(b.Figures.EffectRate), XlsxColumnKind.Text),
        new("Projects.Figures.AnnualPlan", b => ChineseAmount.Format(b.Figures.AnnualPlan), XlsxColumnKind.Text),
        new("Projects.Figures.CompletedThisYear", b => ChineseAmount.Format(b.Figures.CompletedThisYear), XlsxColumnKind.Text),
        new("Projects.Figures.PlanRate", b => ProjectRates.Percent(b.Figures.PlanRate), XlsxColumnKind.Text),
        new("Projects.Figures.Schedule", b => ProjectRates.ScheduleSentence(b.Figures.PlanRate, b.Figures.AsOf), XlsxColumnKind.Text),
        new("Projects.Figures.Procedures", b => $"{b.Figures.ProceduresDone}/{b.Figures.Procedures}", XlsxColumnKind.Text),
        new("Projects.Figures.ProcedureRate", b => ProjectRates.Percent(b.Figures.ProcedureRate), XlsxColumnKind.Text),
    ];

    public static IReadOnlyList<XlsxColumn> ListColumns(IStringLocalizer l) =>
    [
        new(l["Projects.Field.Name"], 30), new(l["Projects.Field.Enterprise"], 26), new(l["Projects.Field.Region"], 12),
        new(l["Projects.Field.Industry"], 14), new(l["Projects.Field.Level"], 8), new(l["Projects.Field.Batch"], 8),
        new(l["Projects.Field.Stage"], 8), new(l["Projects.Field.TotalInvestmentWan"], 14, XlsxColumnKind.Number),
        new(l["Projects.Field.AnnualPlanWan"], 14, XlsxColumnKind.Number), new(l["Projects.Field.CompletedWan"], 14, XlsxColumnKind.Number),
        new(l["Projects.Reached.Signed"], 11, XlsxColumnKind.Date), new(l["Projects.Reached.Started"], 11, XlsxColumnKind.Date),
        new(l["Projects.Reached.Producing"], 11, XlsxColumnKind.Date), new(l["Projects.Reached.Effective"], 11, XlsxColumnKind.Date),
        new(l["Projects.Figures.Procedures"], 10),
    ];

    public static object?[] ListCells(ProjectListItem r, IStringLocalizer l) =>
    [
        r.Name, r.EnterpriseName ?? l["Projects.InvestorOutOfScope"].Value, r.RegionName,
        Catalog.Find(IndustrySections.All, r.IndustrySection)?.Name() ?? r.IndustrySection,
        Catalog.Find(ProjectLevels.All, r.Level)?.Name() ?? r.Level, r.Batch, ProjectStages.Describe(r.Stage).Name(),
        r.TotalInvestment / ProjectInput.WanYuan, r.AnnualPlanInvestment / ProjectInput.WanYuan, r.Completed / ProjectInput.WanYuan,
        r.SignedOn, r.StartedOn, r.ProducingOn, r.EffectiveOn, $"{r.ProceduresDone}/{r.Procedures}",
    ];

    public static void MapProjectEndpoints(this WebApplication app)
    {
        foreach (var format in TableDownload.Formats)
        {
            app.MapGet(TableDownload.PathFor(PathWithoutExtension, format),
                    (HttpContext http, ProjectQueries queries, IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct) =>
                        ExportAsync(format, http, queries, l, clock, ct))
                .RequireAuthorization(new AuthorizeAttribute { Roles = ProjectRoles.Readers })
                .ExcludeFromDescription()
                .OutsideRequestGate();
        }
    }

    private static async Task<IResult> ExportAsync(ExportFormat format, HttpContext http, ProjectQueries queries, IStringLocalizer<SharedResource> l,
        TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var filter = new ProjectFilterModel
        {
            Batch = q["batch"], Stage = q["stage"], Region = q["region"], Month = q["month"],
            Levels = q["level"].Where(v => v is not null).Select(v => v!).ToList(),
        };
        var criteria = filter.Parse(await queries.OptionsAsync(ct), queries.Today);
        if (criteria is null)
        {
            var lines = filter.Errors.Select(e => ProjectFilterMessages.Message(e.Key, e.Value, l)).Prepend(l["Problems.Filter.Invalid"]);
            return Results.Text(string.Join("\n", lines), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var now = clock.GetUtcNow().ToChinaTime();
        var name = XlsxDownload.Stamped(l["Projects.Title"], now);
        var asciiName = XlsxDownload.Stamped("projects", now);
        if (format == ExportFormat.Csv)
        {
            // The list only: a CSV file has one table, and the figures per batch are the Excel file's first sheet.
            return new TableDownload(format, name, asciiName, l["Projects.List.Sheet"], ListColumns(l), null, null, async (sheet, token) =>
            {
                await foreach (var r in queries.ExportAsync(criteria).WithCancellation(token)) await sheet.WriteRowAsync(ListCells(r, l), token);
            });
        }
        var figures = await queries.FiguresAsync(criteria, ct);
        var rows = await queries.ListAsync(criteria, ct);
        var subtitle = string.Join("    ", l["Projects.Figures.AsOf", criteria.AsOf.Zh].Value,
            XlsxDownload.ExportedAt(l, now));
        return new XlsxDownload(name, asciiName, async (book, token) =>
        {
            var columns = FigureColumns(l);
            var sheet = book.AddSheet(l["Projects.Figures.Sheet"], columns.Select(c => new XlsxColumn(l[c.HeaderKey], 12, c.Kind)).ToList(),
                l["Projects.Figures.Title"], subtitle);
            foreach (var b in figures) await sheet.WriteRowAsync(columns.Select(c => c.Cell(b)).ToList(), token);

            var list = book.AddSheet(l["Projects.List.Sheet"], ListColumns(l), l["Projects.List.Sheet"], subtitle);
            foreach (var r in rows) await list.WriteRowAsync(ListCells(r, l), token);
        });
    }
}

public static class ProjectFilterMessages
{
    /// <summary>The message of a refused filter field.</summary>
    public static string Message(string field, string labelKey, IStringLocalizer l) => field switch
    {
        nameof(ProjectFilterModel.Region) => l["Problems.Filter.NotInScope", l[labelKey]],
        nameof(ProjectFilterModel.Month) => l["Projects.Filter.MonthInvalid"],
        _ => l["Problems.Filter.Unknown", l[labelKey]],
    };
}
