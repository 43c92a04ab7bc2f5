using System.Globalization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Dashboard;

/// <summary>
/// A breakdown table (比学赶超) as the page shows it and as the Excel export writes it: one list of columns and one
/// way to turn a row into cells, so the file parses back to exactly the table on the screen.
/// </summary>
public static class DashboardTable
{
    public const string ExportPath = "/dashboard/breakdown.xlsx";

    public sealed record Column(string Code, string HeaderKey, bool VisitColumn);

    public static readonly IReadOnlyList<Column> Columns =
    [
        new("name", "Dashboard.Col.Name", false),
        new("visits", "Dashboard.EnterpriseVisits", true),
        new("symposia", "Dashboard.Symposia", true),
        new("covered", "Dashboard.EnterprisesCovered", true),
        new("total", "Figures.Total", false),
        new("onspot", "Figures.OnSpot", false),
        new("dispatched", "Figures.Dispatched", false),
        new("resolved", "Figures.Resolved", false),
        new("rate", "Figures.ResolutionRate", false),
        new("overdue", "Figures.Overdue", false),
        new("ontime", "Figures.OnTimeRate", false),
        new("satisfaction", "Figures.SatisfactionRate", false),
    ];

    /// <summary>The columns of a breakdown: visits only where visits have the breakdown's key (regions).</summary>
    /// <summary>Visits have a town and officials, not a department or a category: only those tables show visit columns.</summary>
    public static IReadOnlyList<Column> For(BreakdownKind kind) =>
        kind is BreakdownKind.Region or BreakdownKind.Official ? Columns : Columns.Where(c => !c.VisitColumn).ToList();

    /// <summary>A cell as text (the page) — counts as numbers, rates as the bulletins print them.</summary>
    public static object Cell(BreakdownRow row, string code, string unnamed) => code switch
    {
        "name" => string.IsNullOrEmpty(row.Name) ? unnamed : row.Name,
        "visits" => row.Visits?.EnterpriseVisits ?? 0,
        "symposia" => row.Visits?.Symposia ?? 0,
        "covered" => row.Visits?.EnterprisesCovered ?? 0,
        "total" => row.Problems.Total,
        "onspot" => row.Problems.SolvedOnSpot,
        "dispatched" => row.Problems.Dispatched,
        "resolved" => row.Problems.Resolved,
        "rate" => ProblemFigures.Percent(row.Problems.ResolutionRate),
        "overdue" => row.Problems.Overdue,
        "ontime" => ProblemFigures.Percent(row.Problems.OnTimeRate),
        "satisfaction" => ProblemFigures.Percent(row.Problems.SatisfactionRate),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown column."),
    };

    public static string KindCode(BreakdownKind kind) => kind.ToString().ToLowerInvariant();

    public static BreakdownKind? ParseKind(string? code) => code?.Trim() switch
    {
        null or "" or "region" => BreakdownKind.Region,
        "department" => BreakdownKind.Department,
        "category" => BreakdownKind.Category,
        "official" => BreakdownKind.Official,
        _ => null,
    };

    public static void MapDashboardEndpoints(this WebApplication app) =>
        app.MapGet(ExportPath, async (HttpContext http, DashboardQueries queries, DashboardData data, ProblemQueries problems,
                IStringLocalizer<SharedResource> l, TimeProvider clock, CancellationToken ct) =>
            {
                var q = http.Request.Query;
                var options = await problems.FilterOptionsAsync(ct);
                var request = DashboardRequest.Parse(q["period"], q["from"], q["to"], q["region"], options, queries.Today);
                var kind = ParseKind(q["by"]);
                if (request.Period is not { } period || kind is not { } by)
                {
                    var lines = request.Errors.Select(e => e.Key == "Problems.Filter.NotInScope" ? l[e.Key, l["Problems.Filter.Region"]].Value : l[e.Key, l["Dashboard.From"], ProblemFilterModel.EarliestDate.Year, ProblemFilterModel.LatestDate.Year].Value)
                        .Prepend(l["Problems.Filter.Invalid"]);
                    if (kind is null) lines = lines.Append(l["Problems.Filter.Unknown", l["Dashboard.By"]]);
                    return Results.Text(string.Join("\n", lines.Distinct()), "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
                }
                var rows = BreakdownColumns.Sort(await data.BreakdownAsync(by, request.Region?.Path, period, ct), q["sort"], q["dir"] == "desc");
                var columns = For(by);
                var now = clock.GetUtcNow().ToChinaTime();
                var title = $"{l["Dashboard.Title"]}：{l["Dashboard.By." + KindCode(by)]}";
                var subtitle = string.Join("    ", $"{l["Problems.Filter.Period"]}：{period.FromText} {l["Problems.Filter.Until"]} {period.ToText}",
                    request.Region is { } r ? $"{l["Problems.Filter.Region"]}：{r.Name}" : l["Dashboard.WholeScope"].Value,
                    XlsxDownload.ExportedAt(l, now));
                var unnamed = l["Dashboard.Unnamed." + KindCode(by)];
                return new XlsxDownload(XlsxDownload.Stamped($"{l["Dashboard.Title"]}-{l["Dashboard.By." + KindCode(by)]}", now),
                    XlsxDownload.Stamped("dashboard-" + KindCode(by), now),
                    async (book, token) =>
                    {
                        var sheet = book.AddSheet(l["Dashboard.By." + KindCode(by)],
                            columns.Select(c => new XlsxColumn(l[c.HeaderKey], c.Code == "name" ? 24 : 12, c.Code == "name" || c.Code is "rate" or "ontime" or "satisfaction" ? XlsxColumnKind.Text : XlsxColumnKind.Number)).ToList(),
                            title, subtitle);
                        foreach (var row in rows) await sheet.WriteRowAsync(columns.Select(c => (object?)Cell(row, c.Code, unnamed)).ToList(), token);
                    });
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = DashboardFeature.Readers })
            .ExcludeFromDescription()
                .OutsideRequestGate();

    /// <summary>The query string of a breakdown (period, region, grouping, sort) for links and the export.</summary>
    public static string Url(string path, DashboardPeriod period, string? region, BreakdownKind by, string? sort, bool descending) =>
        QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
        {
            ["period"] = DashboardPeriod.Code(period.Preset),
            ["from"] = period.Preset == PeriodPreset.Custom ? period.FromText : null,
            ["to"] = period.Preset == PeriodPreset.Custom ? period.ToText : null,
            ["region"] = region,
            ["by"] = KindCode(by),
            ["sort"] = sort,
            ["dir"] = descending ? "desc" : null,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
}
