using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Hosting;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Problems;

/// <summary>
/// The Excel export of the problem list (GET /problems/export.xlsx with the list's filters): the same
/// scope and filters as the page, every matching row, streamed. The problem sheet is also used by the ledger.
/// </summary>
public static class ProblemExport
{
    public const string PathWithoutExtension = "/problems/export";
    public const string Path = PathWithoutExtension + ".xlsx";
    public const string CsvPath = PathWithoutExtension + ".csv";

    public static IReadOnlyList<XlsxColumn> Columns(IStringLocalizer l) =>
    [
        new(l["Problems.Col.Number"], 13),
        new(l["Problems.Col.Enterprise"], 30),
        new(l["Problems.Col.Uscc"], 21),
        new(l["Problems.Col.Category"], 10),
        new(l["Problems.Col.Urgency"], 9),
        new(l["Problems.Col.Source"], 12),
        new(l["Problems.Col.Title"], 36, XlsxColumnKind.Wrapped),
        new(l["Problems.Col.Status"], 9),
        new(l["Problems.Col.Lead"], 24),
        new(l["Problems.Col.CoHandlers"], 28, XlsxColumnKind.Wrapped),
        new(l["Problems.Col.RegisteredOn"], 12, XlsxColumnKind.Date),
        new(l["Problems.Col.Deadline"], 12, XlsxColumnKind.Date),
        new(l["Problems.Col.ResolvedOn"], 12, XlsxColumnKind.Date),
        new(l["Problems.Col.OnSpot"], 9),
        new(l["Problems.Col.OnTime"], 9),
        new(l["Problems.Col.Satisfaction"], 10),
        new(l["Problems.Col.Flag"], 18),
    ];

    public static object?[] Cells(ProblemExportRow r, IStringLocalizer l) =>
    [
        r.Number, r.EnterpriseName, r.Uscc, ProblemDisplay.Category(r.Category), ProblemDisplay.Urgency(r.Urgency),
        ProblemDisplay.Source(r.Source), r.Title, ProblemDisplay.Status(r.Status), r.LeadDepartmentName,
        r.CoHandlers.Count == 0 ? null : string.Join("、", r.CoHandlers), r.RegisteredOn, r.Deadline, r.ResolvedOn,
        YesNo(r.ResolvedOnSpot, l), r.ResolvedByDeadline is { } onTime ? YesNo(onTime, l) : null,
        r.Satisfaction is { } s ? Satisfactions.Describe(s).Name() : null,
        r.Flag == DeadlineFlag.None ? null : DeadlineFlags.Describe(r.Flag).Name(),
    ];

    /// <summary>A sheet of problems, one row each as they stream in.</summary>
    public static async Task WriteSheetAsync(XlsxWorkbookWriter book, string sheetName, string? title, string? subtitle,
        IAsyncEnumerable<ProblemExportRow> rows, IStringLocalizer l, CancellationToken ct)
    {
        var sheet = book.AddSheet(sheetName, Columns(l), title, subtitle);
        await foreach (var row in rows.WithCancellation(ct)) await sheet.WriteRowAsync(Cells(row, l), ct);
    }

    private static string YesNo(bool value, IStringLocalizer l) => value ? l["Common.Yes"] : l["Common.No"];

    /// <summary>The filters in words, for the title rows: "状态：办理中；登记日期：2026-03-01 至 2026-03-31".</summary>
    public static string Describe(ProblemFilterModel filter, IStringLocalizer l)
    {
        var parts = new List<string>();
        var c = filter.ToCriteria();
        if (c.Status is { } status) parts.Add($"{l["Problems.Status"]}：{ProblemDisplay.Status(status)}");
        if (c.Category is { } category) parts.Add($"{l["Problems.Category"]}：{ProblemDisplay.Category(category)}");
        if (c.Flag is { } flag) parts.Add($"{l["Problems.Flag"]}：{DeadlineFlags.Describe(flag).Name()}");
        if (c.DepartmentId is { } department)
        {
            var role = c.DepartmentRole switch
            {
                DepartmentRole.Lead => l["Problems.Filter.RoleLead"],
                DepartmentRole.CoHandler => l["Problems.Filter.RoleCo"],
                _ => l["Problems.Filter.RoleAny"],
            };
            parts.Add($"{l["Problems.Filter.Department"]}（{role}）：{filter.Options.Departments.First(d => d.Id == department).Name}");
        }
        if (c.RegionPath is { } path) parts.Add($"{l["Problems.Filter.Region"]}：{filter.Options.Regions.First(r => r.Path == path).Name}");
        if (c.From is not null || c.To is not null)
        {
            parts.Add($"{l["Problems.Filter.Period"]}：{c.From?.ToString("yyyy-MM-dd") ?? "…"} {l["Problems.Filter.Until"]} {c.To?.ToString("yyyy-MM-dd") ?? "…"}");
        }
        return parts.Count == 0 ? l["Problems.Export.AllConditions"] : string.Join("；", parts);
    }

    public static void MapProblemEndpoints(this WebApplication app)
    {
        foreach (var format in TableDownload.Formats)
        {
            app.MapGet(TableDownload.PathFor(PathWithoutExtension, format), (HttpContext http, ProblemQueries queries, IValidator<ProblemFilterModel> validator,
                    IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct) => ExportAsync(format, http, queries, validator, l, clock, ct))
                .RequireAuthorization(new AuthorizeAttribute { Roles = PortalRoles.Staff })
                .ExcludeFromDescription()
                .OutsideRequestGate();
        }
    }

    private static async Task<IResult> ExportAsync(ExportFormat format, HttpContext http, ProblemQueries queries, IValidator<ProblemFilterModel> validator,
        IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct)
    {
        var filter = ProblemFilterModel.FromQuery(http.Request.Query);
        filter.Options = await queries.FilterOptionsAsync(ct);
        var result = await validator.ValidateAsync(filter, ct);
        if (!result.IsValid)
        {
            // A hand-edited link: say what is wrong, in the user's language, rather than send a broken file.
            var lines = result.Errors.Select(e => e.ErrorMessage).Distinct().Prepend(l["Problems.Filter.Invalid"]);
            return Results.Text(string.Join("\n", lines), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        var criteria = filter.ToCriteria();
        var total = (await queries.FiguresAsync(criteria, ct)).Total;
        var now = clock.GetUtcNow().ToChinaTime();
        var subtitle = string.Join("    ",
            l["Problems.Export.Conditions", Describe(filter, l)], l["Problems.Export.Count", total],
            XlsxDownload.ExportedAt(l, now));
        return new TableDownload(format, XlsxDownload.Stamped(l["Problems.Export.FileName"], now), XlsxDownload.Stamped("problems", now),
            l["Problems.Export.Sheet"], Columns(l), l["Problems.Export.Title"], subtitle,
            async (sheet, token) =>
            {
                await foreach (var row in queries.ExportAsync(criteria, token).WithCancellation(token)) await sheet.WriteRowAsync(Cells(row, l), token);
            });
    }
}
