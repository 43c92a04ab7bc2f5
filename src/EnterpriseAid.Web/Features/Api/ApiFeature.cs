using EnterpriseAid.Web.Hosting;
using FluentValidation;
using Microsoft.OpenApi;

namespace EnterpriseAid.Web.Features.Api;

/// <summary>The REST API /api/v1 for external systems (ADR-028) and its OpenAPI document.</summary>
public static class ApiFeature
{
    public const string Prefix = "/api/v1";
    public const string OpenApiPath = Prefix + "/openapi.json";

    public static IServiceCollection AddApiFeature(this IServiceCollection services)
    {
        services.AddScoped<ApiProblemService>();
        services.AddScoped<ApiClientCommands>();
        services.AddSingleton<IValidator<ApiProblemCreate>, ApiProblemCreateValidator>();
        services.AddApiKeyAuthentication();
        services.AddOpenApi("v1", o =>
        {
            // Only the API: the portal's pages and downloads are not part of the contract.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true && !d.RelativePath.EndsWith(".json", StringComparison.Ordinal);
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "助企服务平台 EnterpriseAid API", Version = "v1",
                    Description = "外部系统（如12345热线）推送企业诉求、查询办理状态与进展、按时间同步变更。认证：Authorization: Bearer <API密钥> 或 X-Api-Key。" +
                                  "创建问题须带 Idempotency-Key 请求头。错误以 application/problem+json（RFC 7807）返回。",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "管理员在“接口密钥”页面签发的API密钥",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Before authentication, so refused calls are audited too.</summary>
    public static void UseApiCallAudit(this WebApplication app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix) && c.Request.Path != OpenApiPath, b => b.UseMiddleware<ApiCallAudit>());

    public static void MapApiEndpoints(this WebApplication app)
    {
        var api = app.MapGroup(Prefix).RequireRateLimiting(RateLimiting.ApiPolicy).WithTags("problems");

        api.MapPost("/problems", (HttpContext http, ApiProblemService service, CancellationToken ct) => service.CreateAsync(http, ct))
            .RequireAuthorization(ApiAuthentication.WritePolicy)
            .WithName("CreateProblem")
            .WithSummary("为企业登记一个问题（诉求）")
            .WithDescription("按统一社会信用代码为本密钥范围内的企业登记问题，来源记为热线，时间线记录来源系统。须带 Idempotency-Key 请求头：" +
                             "同一键、同一内容的重试返回第一次的结果（同一问题）；同一键、不同内容返回422。")
            .Accepts<ApiProblemCreate>("application/json")
            .Produces<ApiProblem>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/problems/changes", (string? since, string? cursor, string? limit, ApiProblemService service, CancellationToken ct) =>
                service.ChangesAsync(since, cursor, limit, ct))
            .RequireAuthorization(ApiAuthentication.ReadPolicy)
            .WithName("ListProblemChanges")
            .WithSummary("列出某时刻以来有变化的问题")
            .WithDescription("按变更时间、编号升序分页。首次调用给 since（ISO 8601，如 2026-12-01T00:00:00+08:00），之后用返回的 nextCursor 继续；" +
                             "nextCursor 在没有新变化时也返回，保存它下次再查。limit 为每页条数（1–500，默认100）。")
            .Produces<ApiProblemChanges>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/problems/{idOrNumber}", (string idOrNumber, HttpContext http, ApiProblemService service, CancellationToken ct) =>
                service.GetAsync(http, idOrNumber, ct))
            .RequireAuthorization(ApiAuthentication.ReadPolicy)
            .WithName("GetProblem")
            .WithSummary("查询一个问题的状态和办理过程")
            .WithDescription("按问题ID或编号（如 2026-000123）查询：状态、牵头单位、办理期限、预警、时间线。不在本密钥范围内的问题返回404。")
            .Produces<ApiProblem>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        app.MapOpenApi(OpenApiPath).AllowAnonymous();
    }
}
