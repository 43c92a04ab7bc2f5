using EnterpriseAid.Web.Hosting;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Export;
using FluentValidation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Net.Http.Headers;

namespace EnterpriseAid.Web.Features.Briefings;

/// <summary>
/// The 工作简报 as a Word document: red masthead, 期数, issuing unit and date, red rule, the (edited) paragraphs,
/// the town ranking and the red-flag list. The text comes from the post, the tables from the database at the
/// time of the export; nothing is stored.
/// </summary>
public static class BriefingExport
{
    public const string Path = "/briefings/export.docx";

    public static byte[] Build(BriefingDraft draft, string issuingUnit, int issueNumber, IReadOnlyList<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(paragraphs);
        var doc = new DocxWriter()
            .Title("工作简报", DocxWriter.Red)
            .CenteredLine($"第{issueNumber}期")
            .SplitLine(issuingUnit, $"{draft.Today.Year}年{draft.Today.Month}月{draft.Today.Day}日")
            .Rule();
        foreach (var p in paragraphs) doc.Paragraph(p);

        doc.Heading($"附表1　{draft.Region.Name}各镇街问题解决情况（{draft.Figures.Period.Span}）");
        doc.Table(["序号", "镇（街道）", "梳理问题", "已解决", "解决率"],
            draft.Towns.Select((t, i) => (IReadOnlyList<string>)[(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), t.Town,
                t.Problems.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Resolved.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ProblemFigures.Percent(t.ResolutionRate)]),
            [false, false, true, true, true], [2, 6, 4, 4, 4]);

        doc.Heading("附表2　红色预警问题清单");
        if (draft.RedFlags.Count == 0)
        {
            doc.Paragraph("目前无红色预警问题。");
        }
        else
        {
            doc.Table(["问题编号", "企业", "问题", "责任单位", "逾期天数"],
                draft.RedFlags.Select(r => (IReadOnlyList<string>)[r.Number, r.Enterprise, r.Title, r.Department ?? "—",
                    r.DaysLate.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
                [false, false, false, false, true], [5, 6, 7, 5, 3]);
        }
        return doc.ToArray();
    }

    /// <summary>"工作简报第12期-20261122.docx".</summary>
    public static string FileName(int issueNumber, DateOnly today) => $"工作简报第{issueNumber}期-{today:yyyyMMdd}.docx";

    public static IEndpointRouteBuilder MapBriefingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExportAsync).RequireAuthorization(new AuthorizeAttribute { Roles = BriefingFeature.Roles }).OutsideRequestGate();
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, IAntiforgery antiforgery, BriefingQueries queries,
        IValidator<BriefingFormModel> validator, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType) return Results.BadRequest();
        var form = await http.Request.ReadFormAsync(ct);
        try
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        catch (AntiforgeryValidationException)
        {
            return Results.BadRequest();
        }

        var model = new BriefingFormModel
        {
            Period = form["Model.Period"], From = form["Model.From"], To = form["Model.To"],
            Region = long.TryParse(form["Model.Region"], out var region) ? region : null,
            IssuingUnit = form["Model.IssuingUnit"], IssueNumber = form["Model.IssueNumber"],
            Paragraphs = form.Keys.Where(k => k.StartsWith("Model.Paragraphs[", StringComparison.Ordinal))
                .OrderBy(k => int.TryParse(k.AsSpan("Model.Paragraphs[".Length).TrimEnd(']'), out var i) ? i : int.MaxValue)
                .Select(k => (string?)form[k].ToString()).ToList(),
        };
        // The page checked the same rules before it offered the download: failing here means a hand-made post.
        if (!(await validator.ValidateAsync(model, ct)).IsValid) return Results.BadRequest();
        var (period, error) = model.Choice.Resolve(queries.Today);
        if (period is null || error is not null) return Results.BadRequest();
        var target = BriefingQueries.Pick(await queries.RegionsAsync(ct), model.Region);
        if (target is null) return Results.NotFound();

        var draft = await queries.DraftAsync(target, period, ct);
        var issue = model.ParsedIssueNumber!.Value;
        var bytes = Build(draft, model.IssuingUnit!.Trim(), issue, model.PrintedParagraphs());
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = $"briefing-{issue}-{draft.Today:yyyyMMdd}.docx", FileNameStar = FileName(issue, draft.Today),
        }.ToString();
        http.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(bytes, DocxWriter.ContentType);
    }
}
