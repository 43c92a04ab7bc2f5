using System.Globalization;
using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Hosting;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assistance;

/// <summary>要素保障 as Excel: the list's filter streamed row by row (ADR-011), and the same sheet on the ledger workbook.</summary>
public static class AssistanceExport
{
    public const string Path = "/assistance/export.xlsx";

    public static XlsxSheetWriter AddSheet(XlsxWorkbookWriter book, IStringLocalizer l, string title, string subtitle)
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.AddSheet(l["Assistance.Title"],
        [
            new(l["Assistance.Field.DeliveredOn"], 12, XlsxColumnKind.Date), new(l["Assistance.Field.Enterprise"], 30),
            new(l["Assistance.Field.Kind"], 12), new(l["Assistance.Field.Amount"], 16, XlsxColumnKind.Number), new(l["Assistance.Field.Bank"], 20),
            new(l["Assistance.Field.Postings"], 10, XlsxColumnKind.Number), new(l["Assistance.Field.Matches"], 10, XlsxColumnKind.Number),
            new(l["Assistance.Field.Land"], 10, XlsxColumnKind.Number), new(l["Assistance.Field.Item"], 16), new(l["Assistance.Field.Quantity"], 12),
            new(l["Assistance.Field.Department"], 24), new(l["Assistance.Field.Note"], 40, XlsxColumnKind.Wrapped),
        ], title, subtitle);
    }

    public static ValueTask WriteRowAsync(XlsxSheetWriter sheet, IStringLocalizer l, AssistanceItem r, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(r);
        return sheet.WriteRowAsync([r.DeliveredOn, r.EnterpriseName, AssistanceDisplay.Kind(l, r.Kind), r.AmountYuan, r.Bank, r.JobPostings, r.JobMatches,
            r.LandMu, r.Item, r.Quantity, r.DepartmentName, r.Note], ct);
    }

    public static void MapAssistanceEndpoints(this WebApplication app) =>
        app.MapGet(Path, async (HttpContext http, AssistanceQueries queries, ProblemQueries problems, IStringLocalizer<SharedResource> l,
                TimeProvider clock, CancellationToken ct) =>
            {
                var parsed = AssistanceRequest.Parse(http.Request.Query, await problems.FilterOptionsAsync(ct), ChinaTime.Today(clock));
                if (parsed.Filter is not { } filter)
                    return Results.Text(string.Join("\n", parsed.Errors.Values.Prepend(l["Problems.Filter.Invalid"].Value)), "text/plain; charset=utf-8",
                        statusCode: StatusCodes.Status400BadRequest);
                var now = clock.GetUtcNow().ToChinaTime();
                var subtitle = string.Join("    ", $"{l["Problems.Filter.Period"]}：{filter.From:yyyy-MM-dd} {l["Problems.Filter.Until"]} {filter.To:yyyy-MM-dd}",
                    XlsxDownload.ExportedAt(l, now));
                return new XlsxDownload(XlsxDownload.Stamped(l["Assistance.Title"], now), XlsxDownload.Stamped("assistance", now), async (book, token) =>
                {
                    var sheet = AddSheet(book, l, l["Assistance.Title"], subtitle);
                    await foreach (var r in queries.ExportAsync(filter).WithCancellation(token)) await WriteRowAsync(sheet, l, r, token);
                });
            })
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = PortalRoles.Staff })
            .OutsideRequestGate();
}

/// <summary>The list's query string checked: 年-月-日 days (this year by default), a kind, a region of the scope. Errors by field.</summary>
public sealed record AssistanceRequest(AssistanceFilter? Filter, IReadOnlyDictionary<string, string> Errors)
{
    public static AssistanceRequest Parse(IQueryCollection query, ProblemFilterOptions options, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, string>();
        DateOnly Date(string field, DateOnly fallback)
        {
            var text = query[field].ToString();
            if (string.IsNullOrWhiteSpace(text)) return fallback;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                && d >= AssistanceQueries.Earliest && d.Year <= 2100) return d;
            errors[field] = "日期须为2000年以后的年-月-日";
            return fallback;
        }
        var from = Date("from", new DateOnly(today.Year, 1, 1));
        var to = Date("to", today);
        if (errors.Count == 0 && from > to) errors["to"] = "结束日期不能早于开始日期";
        AssistanceKind? kind = null;
        var kindText = query["kind"].ToString();
        if (!string.IsNullOrWhiteSpace(kindText))
        {
            if (Enum.TryParse<AssistanceKind>(kindText.Trim(), out var k) && Enum.IsDefined(k) && !int.TryParse(kindText, out _)) kind = k;
            else errors["kind"] = "保障类型不可识别";
        }
        string? region = null;
        var regionText = query["region"].ToString();
        if (!string.IsNullOrWhiteSpace(regionText))
        {
            region = long.TryParse(regionText, out var id) ? options.Regions.FirstOrDefault(r => r.Id == id)?.Path : null;
            if (region is null) errors["region"] = "所选地区不在您的权限范围内";
        }
        return new AssistanceRequest(errors.Count == 0 ? new AssistanceFilter(from, to, kind, region) : null, errors);
    }
}
