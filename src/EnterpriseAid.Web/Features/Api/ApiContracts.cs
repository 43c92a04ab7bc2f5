using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnterpriseAid.Web.Features.Api;

/// <summary>POST /api/v1/problems: a problem an external system (the 12345 hotline) pushes in for an enterprise.</summary>
public sealed record ApiProblemCreate
{
    /// <summary>统一社会信用代码 of the enterprise (18 characters).</summary>
    public string? Uscc { get; init; }
    /// <summary>问题类别 code: policy, labor, land, funding, energy, materials, approval, logistics, market, legal, infrastructure, other.</summary>
    public string? Category { get; init; }
    /// <summary>A short title (up to 60 characters); when left out, the start of the description.</summary>
    public string? Title { get; init; }
    public string? Description { get; init; }
    /// <summary>ordinary (default), urgent or complex.</summary>
    public string? Urgency { get; init; }
    /// <summary>The calling system's name as the timeline shows it, e.g. "12345政务服务便民热线".</summary>
    public string? SourceSystem { get; init; }
    public string? ReporterContact { get; init; }
    /// <summary>The caller's own reference for the case (its work order number).</summary>
    public string? ExternalReference { get; init; }
}

public sealed record ApiEnterprise(string Uscc, string Name);

public sealed record ApiTimelineEntry(DateTimeOffset At, string Kind, string Actor, string Summary, string? Before, string? After, string? Detail);

public sealed record ApiProblemSourceInfo(string System, string? ExternalReference);

/// <summary>A problem as the API returns it: status, department, deadline, flag and timeline. Times are Beijing time (+08:00).</summary>
public sealed record ApiProblem(
    long Id, string Number, string Status, string StatusName, string Category, string CategoryName, string Title, string Description,
    ApiEnterprise Enterprise, string? LeadDepartment, IReadOnlyList<string> CoHandlers, DateOnly? Deadline, string? Flag, string? FlagName,
    DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt, DateTimeOffset? ResolvedAt, string? Resolution, ApiProblemSourceInfo? Source,
    IReadOnlyList<ApiTimelineEntry> Timeline);

public sealed record ApiProblemChange(long Id, string Number, string Status, string StatusName, string? LeadDepartment, DateOnly? Deadline,
    DateTimeOffset UpdatedAt, string? ExternalReference);

/// <summary>One page of changes; poll again with <see cref="NextCursor"/> (kept even when the page is empty).</summary>
public sealed record ApiProblemChanges(IReadOnlyList<ApiProblemChange> Items, string? NextCursor, bool HasMore);

public static class ApiJson
{
    /// <summary>camelCase, enums as text, Chinese left readable.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    /// <summary>An RFC 7807 problem document with a Chinese title and detail, and per-field errors for bad input.</summary>
    public static IResult Result(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    {
        var body = new Dictionary<string, object?>
        {
            // RFC 7807: "about:blank" means the status code says it all; the title is its (Chinese) name.
            ["type"] = "about:blank",
            ["title"] = title, ["status"] = status, ["detail"] = detail,
        };
        if (errors is { Count: > 0 }) body["errors"] = errors;
        return Results.Json(body, ApiJson.Options, ContentType, status);
    }

    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Result(status, title, detail).ExecuteAsync(context);

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Result(StatusCodes.Status400BadRequest, "请求内容有误", "请按各字段的提示更正后重试。", errors);

    public static IResult NotFound() =>
        Result(StatusCodes.Status404NotFound, "未找到", "没有找到该问题，或它不在本密钥的范围内。");

}
