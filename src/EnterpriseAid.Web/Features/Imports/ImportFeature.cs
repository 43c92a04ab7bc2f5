using System.Globalization;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Export;
using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Enterprises;
using EnterpriseAid.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Imports;

/// <summary>
/// Spreadsheet imports for onboarding a district (ADR-027): upload, column mapping, validation report, commit.
/// The pages are <c>/imports</c>, <c>/imports/new</c> and <c>/imports/{id}</c>; the endpoints below take the
/// upload (static SSR forms cannot bind a file), serve the htmx progress fragment, the report and the templates.
/// </summary>
public static class ImportFeature
{
    public const string Roles = "Administrator,Dispatcher";
    public const string UploadPath = "/imports/upload";
    public const string FileField = "file";
    public const string KindField = "kind";
    /// <summary>Room for the multipart boundaries, headers and the antiforgery token around the file.</summary>
    private const int EnvelopeBytes = 64 * 1024;

    public static class Errors
    {
        public const string NoFile = "no-file";
        public const string TooLarge = "too-large";
        public const string Kind = "kind";
        public static readonly IReadOnlyList<string> All = [NoFile, TooLarge, Kind];
    }

    public static string TemplatePath(string kind) => $"/imports/templates/{kind}.xlsx";

    public static IServiceCollection AddImportFeature(this IServiceCollection services)
    {
        services.AddImports();
        services.AddScoped<ImportQueries>();
        return services;
    }

    public static void MapImportEndpoints(this WebApplication app)
    {
        var roles = new AuthorizeAttribute { Roles = Roles };
        app.MapPost(UploadPath, UploadAsync).RequireAuthorization(roles).ExcludeFromDescription().OutsideRequestGate();
        app.MapGet("/imports/{id:long}/progress", ProgressAsync).RequireAuthorization(roles).ExcludeFromDescription();
        app.MapGet("/imports/{id:long}/report.xlsx", ReportAsync).RequireAuthorization(roles).ExcludeFromDescription().OutsideRequestGate();
        app.MapGet(TemplatePath(ImportKinds.Enterprises), EnterpriseTemplateAsync).RequireAuthorization(roles).ExcludeFromDescription();
        app.MapGet(TemplatePath(ImportKinds.Assignments), AssignmentTemplate).RequireAuthorization(roles).ExcludeFromDescription();
        app.MapGet(TemplatePath(ImportKinds.Problems), ProblemTemplate).RequireAuthorization(roles).ExcludeFromDescription();
    }

    private static async Task<IResult> UploadAsync(HttpContext http, IAntiforgery antiforgery, ImportJobStore store, IDataScopeProvider scopes)
    {
        var limits = ImportLimits.Default;
        var limit = limits.MaxFileBytes + EnvelopeBytes;
        var (form, refusal) = await MultipartUpload.ReadAsync(http, antiforgery, limit, () => Back(Errors.TooLarge));
        if (form is null) return refusal!;

        var kind = form[KindField].ToString();
        if (!ImportKinds.IsKnown(kind)) return Back(Errors.Kind);
        var file = form.Files.GetFile(FileField);
        if (file is null || string.IsNullOrEmpty(file.FileName) || file.Length == 0) return Back(Errors.NoFile);
        if (file.Length > limits.MaxFileBytes) return Back(Errors.TooLarge);

        var userId = ImportQueries.UserId(http.User) ?? throw new InvalidOperationException("signed-in user without id");
        var userName = http.User.Identity?.Name ?? string.Empty;
        var fileName = Path.GetFileName(file.FileName);
        var bytes = await MultipartUpload.BytesAsync(file, http.RequestAborted);

        var scope = scopes.Current;
        long id;
        try
        {
            if (!scope.SeesAll && scope.RegionPath is null) throw new ImportFileException("您的账号没有所属区域，不能导入");
            var format = ImportFileReader.Detect(bytes, fileName, limits);
            var header = ImportFileReader.ReadRows(bytes, format, limits).FirstOrDefault()
                ?? throw new ImportFileException("文件中没有任何内容");
            var headers = header.Cells.Select((c, i) => string.IsNullOrWhiteSpace(c) ? $"第{i + 1}列" : c.Trim()).ToList();
            var map = ColumnMapping.AutoMatch(ImportFieldSets.Of(kind), headers);
            id = await store.CreateAsync(new NewImportJob(kind, fileName, format, bytes, headers, map, userId, userName, scope.SeesAll,
                scope.SeesAll ? null : scope.RegionPath), http.RequestAborted);
        }
        catch (ImportFileException ex)
        {
            id = await store.CreateRefusedAsync(kind, fileName, bytes.Length, userId, userName, ex.Message, http.RequestAborted);
        }
        return Results.Redirect($"/imports/{id}");
    }

    private static IResult Back(string error) => Results.Redirect($"/imports/new?error={error}");

    private static async Task<IResult> ProgressAsync(long id, HttpContext http, ImportQueries queries, CancellationToken ct)
    {
        if (ImportQueries.UserId(http.User) is not { } userId || await queries.FindAsync(id, userId, ct) is not { } job) return Results.NotFound();
        // Once the job stops running, htmx reloads the whole page, which then shows the report or the result.
        if (!job.IsRunning) http.Response.Headers["HX-Refresh"] = "true";
        return new RazorComponentResult<ImportProgress>(new { Job = job });
    }

    private static async Task<IResult> ReportAsync(long id, HttpContext http, ImportQueries queries, IStringLocalizer<SharedResource> l,
        TimeProvider clock, CancellationToken ct)
    {
        if (ImportQueries.UserId(http.User) is not { } userId || await queries.FindAsync(id, userId, ct) is not { } job) return Results.NotFound();
        var issues = await queries.IssuesAsync(id, userId, ct);
        var now = clock.GetUtcNow().ToChinaTime();
        var subtitle = string.Format(CultureInfo.CurrentCulture, l["Imports.Report.Subtitle"], job.FileName, job.TotalRows ?? 0, job.ErrorRows ?? 0,
            job.WarningCount ?? 0, now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        return new XlsxDownload(XlsxDownload.Stamped(l["Imports.Report.FileName"], now), XlsxDownload.Stamped("import-report", now), async (book, token) =>
        {
            var sheet = book.AddSheet(l["Imports.Report.Sheet"], [
                new XlsxColumn(l["Imports.Issue.Row"], 8, XlsxColumnKind.Number),
                new XlsxColumn(l["Imports.Issue.Column"], 18),
                new XlsxColumn(l["Imports.Issue.Value"], 30),
                new XlsxColumn(l["Imports.Issue.Message"], 60, XlsxColumnKind.Wrapped),
                new XlsxColumn(l["Imports.Issue.Kind"], 8),
            ], l["Imports.Report.Title"], subtitle);
            foreach (var i in issues)
            {
                await sheet.WriteRowAsync([i.Row, i.Column, i.Value, i.Message, i.Warning ? l["Imports.Issue.Warning"].Value : l["Imports.Issue.Error"].Value], token);
            }
        });
    }

    /// <summary>The roster template: the expected headers, and a second sheet with what each column may hold (the towns of the user's scope).</summary>
    private static async Task<IResult> EnterpriseTemplateAsync(EnterpriseQueries enterprises, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var towns = await enterprises.TownsAsync(ct);
        var fields = EnterpriseImportFields.All;
        string Allowed(ImportField f) => f.Key switch
        {
            EnterpriseImportFields.Uscc => "18位，GB 32100-2015，校验位必须正确",
            EnterpriseImportFields.Town => string.Join("、", towns.Select(t => t.Name)),
            EnterpriseImportFields.Scale => string.Join("、", ScaleClasses.All.Select(s => s.NameZh)),
            EnterpriseImportFields.Industry => string.Join("、", IndustrySections.All.Select(s => $"{s.Code} {s.NameZh}")),
            EnterpriseImportFields.Tags => "多个用“、”分隔：" + string.Join("、", EnterpriseTags.All.Select(s => s.NameZh)),
            EnterpriseImportFields.Employees => "整数",
            EnterpriseImportFields.EstablishedOn => "日期，如 2020-05-18",
            _ => string.Empty,
        };
        return Template(l, "Enterprises", "enterprise", fields, Allowed, EnterpriseImportFields.Name);
    }

    private static IResult AssignmentTemplate(IStringLocalizer<SharedResource> l) =>
        Template(l, "Assignments", "assignment", AssignmentImportFields.All, f => f.Key switch
        {
            AssignmentImportFields.Uscc => "18位；企业须已在系统中登记，且在您的管辖范围内",
            AssignmentImportFields.Name => "仅用于核对，须与系统中登记的名称一致",
            AssignmentImportFields.Leader or AssignmentImportFields.Liaison => "干部姓名（系统中已有的账号）；同一行可同时填写包联领导和联络员",
            AssignmentImportFields.Role => "包联领导、联络员（与“姓名”一起填写）",
            AssignmentImportFields.Person => "干部姓名，与“包联角色”一起填写",
            AssignmentImportFields.Unit => "同名干部按所属单位区分",
            AssignmentImportFields.Phone or AssignmentImportFields.Account => "按账号、手机号、姓名的顺序查找干部；同名时请填写账号或手机号",
            AssignmentImportFields.StartsOn => "日期，如 2026-01-01；不填为今天",
            _ => string.Empty,
        }, AssignmentImportFields.Name);

    private static IResult ProblemTemplate(IStringLocalizer<SharedResource> l) =>
        Template(l, "Problems", "problem", ProblemImportFields.All, f => f.Key switch
        {
            ProblemImportFields.Number => $"原台账的编号（不超过{ProblemImporter.OriginalNumberMaxLength}个字）；不填时按统一社会信用代码、登记日期和问题描述识别同一问题",
            ProblemImportFields.Uscc => "18位；企业须已在系统中登记，且在您的管辖范围内",
            ProblemImportFields.ReportedOn or ProblemImportFields.ResolvedOn => "日期，如 2025-03-18；已办结、已销号的问题须填写办结日期",
            ProblemImportFields.Category => string.Join("、", ProblemCategories.All.Select(c => c.NameZh)),
            ProblemImportFields.Status => "已办结、已销号；办理中、未办结的问题以“登记”状态导入，再按流程交办",
            ProblemImportFields.Department => "办结问题的责任单位名称",
            _ => string.Empty,
        }, ProblemImportFields.Description);

    private static XlsxDownload Template(IStringLocalizer<SharedResource> l, string name, string file, IReadOnlyList<ImportField> fields,
        Func<ImportField, string> allowed, string wideField) =>
        new(l[$"Imports.Template.{name}.FileName"] + ".xlsx", $"{file}-import-template.xlsx", async (book, token) =>
        {
            book.AddSheet(l[$"Imports.Template.{name}.Sheet"], fields.Select(f => new XlsxColumn(f.Label, f.Key == wideField ? 30 : 16)).ToList());
            var help = book.AddSheet(l["Imports.Template.Help"], [
                new XlsxColumn(l["Imports.Template.Column"], 18), new XlsxColumn(l["Imports.Template.Required"], 8),
                new XlsxColumn(l["Imports.Template.Aliases"], 30, XlsxColumnKind.Wrapped), new XlsxColumn(l["Imports.Template.Allowed"], 70, XlsxColumnKind.Wrapped),
            ]);
            foreach (var f in fields)
            {
                await help.WriteRowAsync([f.Label, f.Required ? l["Imports.Template.Yes"].Value : string.Empty, string.Join("、", f.Aliases), allowed(f)], token);
            }
        });
}
