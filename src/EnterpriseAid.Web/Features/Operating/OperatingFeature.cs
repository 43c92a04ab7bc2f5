using System.Globalization;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Domain.Operating;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Web.Features.Ledger;
using EnterpriseAid.Web.Hosting;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Operating;

/// <summary>经营状况 / 复工复产 (ADR-022): reports per enterprise and date, the figures by scale class, the ledger section.</summary>
public static class OperatingFeature
{
    /// <summary>Who may see the reports and the 复工复产 table (within their scope).</summary>
    public const string Readers = PortalRoles.Staff;

    /// <summary>Who may enter a report for an enterprise in their scope: those who log visits.</summary>
    public const string Reporters = PortalRoles.RegisterEditors;

    public const string TablePath = "/operating";
    public const string ExportPath = "/operating/export";

    public static IServiceCollection AddOperatingFeature(this IServiceCollection services)
    {
        services.AddScoped<OperatingQueries>();
        services.AddScoped<OperatingFigureQuery>();
        services.AddScoped<OperatingCommands>();
        services.AddSingleton<IValidator<OperatingFormModel>, OperatingFormValidator>();
        services.AddScoped<ILedgerSection, OperatingLedgerSection>();
        return services;
    }

    public static void MapOperatingEndpoints(this WebApplication app) =>
        app.MapGet(ExportPath, async (HttpContext http, OperatingFigureQuery figures, ProblemQueries problems, IStringLocalizer<SharedResource> l,
                TimeProvider clock, CancellationToken ct) =>
            {
                var q = http.Request.Query;
                var request = OperatingRequest.Parse(q["date"], q["region"], await problems.FilterOptionsAsync(ct), ChinaTime.Today(clock), l);
                if (request.Errors.Count > 0)
                    return (IResult)Results.Text(string.Join("\n", request.Errors.Values.SelectMany(v => v).Prepend(l["Problems.Filter.Invalid"])),
                        "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
                var table = await figures.TableAsync(request.Day, request.Region?.Path, ct);
                var now = clock.GetUtcNow().ToChinaTime();
                var subtitle = string.Join("    ", $"{l["Operating.Field.Date"]}：{table.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
                    request.Region is { } r ? $"{l["Problems.Filter.Region"]}：{r.Name}" : l["Dashboard.WholeScope"].Value,
                    XlsxDownload.ExportedAt(l, now));
                return new XlsxDownload(XlsxDownload.Stamped(l["Operating.Title"], now), XlsxDownload.Stamped("operating", now),
                    async (book, token) =>
                    {
                        var sheet = book.AddSheet(l["Operating.Title"], OperatingColumns.Headers(l), l["Operating.Title"], subtitle);
                        foreach (var row in table.Rows) await sheet.WriteRowAsync(OperatingColumns.Cells(ScaleName(row.ScaleClass), row.Figures), token);
                        await sheet.WriteRowAsync(OperatingColumns.Cells(l["Operating.Total"], table.Total), token);
                    });
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = Readers })
            .ExcludeFromDescription()
                .OutsideRequestGate();

    public static string ScaleName(string code) => Catalog.Find(ScaleClasses.All, code)?.Name() ?? code;

    public static string Url(string path, DateOnly day, long? region) =>
        QueryHelpers.AddQueryString(path, new Dictionary<string, string?>
        {
            ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["region"] = region?.ToString(CultureInfo.InvariantCulture),
        }.Where(kv => kv.Value is not null));
}

/// <summary>The columns of the 复工复产 table, the same on the page and in the workbook.</summary>
public static class OperatingColumns
{
    public static IReadOnlyList<XlsxColumn> Headers(IStringLocalizer<SharedResource> l) =>
    [
        new(l["Operating.Column.ScaleClass"], 14),
        new(l["Operating.Column.Enterprises"], 10, XlsxColumnKind.Number),
        new(l["Operating.Column.Reported"], 10, XlsxColumnKind.Number),
        new(l["Operating.Column.Operating"], 10, XlsxColumnKind.Number),
        new(l["Operating.Column.ResumptionRate"], 10),
        new(l["Operating.Column.StaffOnDuty"], 10, XlsxColumnKind.Number),
        new(l["Operating.Column.UsualStaff"], 12, XlsxColumnKind.Number),
        new(l["Operating.Column.StaffRecoveryRate"], 12),
    ];

    public static IReadOnlyList<object?> Cells(string name, OperatingFigures f) =>
    [
        name, f.Enterprises, f.Reported, f.Operating, ProblemFigures.Percent(f.ResumptionRate), f.StaffOnDuty, f.UsualStaff,
        ProblemFigures.Percent(f.StaffRecoveryRate),
    ];
}

/// <summary>The day and region of the 复工复产 table, as the page and the export read them from the query string.</summary>
public sealed record OperatingRequest(DateOnly Day, RegionOption? Region, IReadOnlyDictionary<string, List<string>> Errors)
{
    public static OperatingRequest Parse(string? date, string? region, ProblemFilterOptions options, DateOnly today, IStringLocalizer<SharedResource> l)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new Dictionary<string, List<string>>();
        var day = today;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (!DateOnly.TryParseExact(date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            {
                errors["date"] = [l["Validation.Date.Format", l["Operating.Field.Date"]]];
                day = today;
            }
            else if (day > today)
            {
                errors["date"] = [l["Validation.Date.Future", l["Operating.Field.Date"]]];
                day = today;
            }
        }
        RegionOption? chosen = null;
        if (!string.IsNullOrWhiteSpace(region))
        {
            chosen = long.TryParse(region, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? options.Regions.FirstOrDefault(r => r.Id == id) : null;
            if (chosen is null) errors["region"] = [l["Problems.Filter.NotInScope", l["Problems.Filter.Region"]]];
        }
        return new OperatingRequest(day, chosen, errors);
    }
}
