using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Api;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EnterpriseAid.Web.Features.Api;

/// <summary>
/// What /api/v1 does with problems. Reads go through the same scoped context and <see cref="ProblemQueries"/> as the
/// portal; a push goes through <see cref="ProblemCommands.RegisterAsync"/> (the Problem aggregate, the year's number
/// counter, a timeline entry naming the source system), with its source and idempotency record in the same transaction.
/// </summary>
public sealed class ApiProblemService(AppDbContext db, ProblemQueries queries, ProblemCommands commands, IValidator<ApiProblemCreate> validator,
    TimeProvider clock)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 100;
    /// <summary>HttpContext.Items key under which an endpoint leaves the problem id for the call's audit row.</summary>
    public const string ProblemIdItem = "ea:api_problem_id";

    public async Task<IResult> CreateAsync(HttpContext http, CancellationToken ct)
    {
        var user = http.User;
        var clientId = user.ClientId() ?? throw new InvalidOperationException("Not an API principal.");
        var key = http.Request.Headers[IdempotencyHeader].ToString().Trim();
        if (key.Length is 0 or > ApiIdempotencyRecord.KeyMaxLength || key.Any(char.IsControl))
        {
            return ApiProblems.Result(StatusCodes.Status400BadRequest, "缺少幂等键",
                $"创建问题须带 {IdempotencyHeader} 请求头（1至{ApiIdempotencyRecord.KeyMaxLength}个字符，每个新问题一个新值，重试时沿用）。");
        }

        ApiProblemCreate? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<ApiProblemCreate>(http.Request.Body, ApiJson.Options, ct);
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null)
            return ApiProblems.Result(StatusCodes.Status400BadRequest, "请求内容有误", "请求体应为 JSON 对象（Content-Type: application/json）。");
        var requestHash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options));

        if (await ReplayAsync(http, clientId, key, requestHash, ct) is { } replay) return replay;

        var validation = await validator.ValidateAsync(body, ct);
        if (!validation.IsValid)
        {
            return ApiProblems.Validation(validation.Errors.GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }

        var uscc = UnifiedSocialCreditCode.Normalize(body.Uscc);
        // Within the key's scope only: an enterprise elsewhere reads exactly like one that does not exist.
        var enterpriseId = await db.Enterprises.Where(e => e.Uscc == uscc).Select(e => (long?)e.Id).SingleOrDefaultAsync(ct);
        if (enterpriseId is null)
            return ApiProblems.Validation(new Dictionary<string, string[]> { ["uscc"] = ["没有找到该统一社会信用代码对应的企业（或不在本密钥的范围内）"] });

        var description = body.Description!.Trim();
        var title = string.IsNullOrWhiteSpace(body.Title) ? TitleFrom(description) : body.Title.Trim();
        var model = new ProblemRegisterModel
        {
            Category = body.Category, Urgency = body.Urgency ?? Urgencies.Describe(Urgency.Ordinary).Code,
            Source = nameof(ProblemSource.Hotline), Title = title, Description = description,
        };
        var sourceSystem = body.SourceSystem!.Trim();
        var client = user.FindFirstValue(ClaimTypes.Name);
        ProblemResult result;
        string? createdBody = null;
        try
        {
            result = await commands.RegisterAsync(enterpriseId.Value, model, user, ct, actorName: $"{sourceSystem}（接口：{client}）",
                beforeCommit: async problem =>
                {
                    db.ApiProblemSources.Add(new ApiProblemSource
                    {
                        ProblemId = problem.Id, ClientId = clientId, SourceSystem = sourceSystem,
                        ExternalReference = Blank(body.ExternalReference), ReporterContact = Blank(body.ReporterContact),
                    });
                    await db.SaveChangesAsync(ct);
                    // The answer is stored as sent, so a retry gets exactly these bytes.
                    createdBody = JsonSerializer.Serialize(await RepresentAsync(problem.Id, ct), ApiJson.Options);
                    db.ApiIdempotencyRecords.Add(new ApiIdempotencyRecord
                    {
                        ClientId = clientId, Key = key, RequestHash = requestHash, StatusCode = StatusCodes.Status201Created,
                        Location = LocationOf(problem.Id), ProblemId = problem.Id, CreatedAt = clock.GetUtcNow(), ResponseBody = createdBody,
                    });
                    await db.SaveChangesAsync(ct);
                });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "pk_api_idempotency_keys" })
        {
            // The same key raced in on another request, which won: everything here rolled back; answer as that one did.
            db.ChangeTracker.Clear();
            return await ReplayAsync(http, clientId, key, requestHash, ct) ?? throw new InvalidOperationException("Idempotency record vanished.", ex);
        }

        switch (result)
        {
            case ProblemResult.Saved saved:
                http.Items[ProblemIdItem] = saved.Id;
                return Results.Text(createdBody!, "application/json; charset=utf-8", Encoding.UTF8, StatusCodes.Status201Created)
                    .WithLocation(LocationOf(saved.Id));
            case ProblemResult.Refused refused:
                return ApiProblems.Result(StatusCodes.Status422UnprocessableEntity, "无法登记问题", refused.Message);
            default:
                return ApiProblems.Validation(new Dictionary<string, string[]> { ["uscc"] = ["没有找到该统一社会信用代码对应的企业（或不在本密钥的范围内）"] });
        }
    }

    /// <summary>The stored answer for a repeated key: the same one for the same body, 422 for a different body; null if the key is new.</summary>
    private async Task<IResult?> ReplayAsync(HttpContext http, long clientId, string key, byte[] requestHash, CancellationToken ct)
    {
        var earlier = await db.ApiIdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.ClientId == clientId && r.Key == key, ct);
        if (earlier is null) return null;
        if (!CryptographicOperations.FixedTimeEquals(earlier.RequestHash, requestHash))
        {
            return ApiProblems.Result(StatusCodes.Status422UnprocessableEntity, "幂等键已被使用",
                $"该 {IdempotencyHeader} 已用于内容不同的请求。新问题请使用新的幂等键。");
        }
        if (earlier.ProblemId is { } id) http.Items[ProblemIdItem] = id;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        var result = Results.Text(earlier.ResponseBody, "application/json; charset=utf-8", Encoding.UTF8, earlier.StatusCode);
        return earlier.Location is { } location ? result.WithLocation(location) : result;
    }

    public async Task<IResult> GetAsync(HttpContext http, string idOrNumber, CancellationToken ct)
    {
        long? id = long.TryParse(idOrNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : ProblemNumber.TryParse(idOrNumber, out var number)
                ? await db.Problems.Where(p => p.Number == number.ToString()).Select(p => (long?)p.Id).SingleOrDefaultAsync(ct)
                : null;
        if (id is null || await RepresentAsync(id.Value, ct) is not { } problem) return ApiProblems.NotFound();
        http.Items[ProblemIdItem] = problem.Id;
        return Results.Json(problem, ApiJson.Options);
    }

    public async Task<IResult> ChangesAsync(string? since, string? cursor, string? limit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        (DateTimeOffset At, long Id) after = default;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (DecodeCursor(cursor) is { } c) after = c;
            else errors["cursor"] = ["游标无效：请使用上一页返回的 nextCursor"];
        }
        else if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from) && since!.Contains('T'))
        {
            // Changes at or after "since": the position just before it.
            after = (from.ToUniversalTime(), 0);
        }
        else
        {
            errors["since"] = ["请用 ISO 8601 格式给出起始时间，例如 2026-12-01T00:00:00+08:00"];
        }
        var size = DefaultPageSize;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
            errors["limit"] = [$"每页条数应为1至{MaxPageSize}"];
        if (errors.Count > 0) return ApiProblems.Validation(errors);

        var (at, lastId) = after;
        var rows = await db.Problems.AsNoTracking()
            .Where(p => p.UpdatedAt > at || (p.UpdatedAt == at && p.Id > lastId))
            .OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id)
            .Take(size + 1)
            .Select(p => new
            {
                p.Id, p.Number, p.Status, p.LeadDepartmentName, p.Deadline, p.UpdatedAt,
                Reference = db.ApiProblemSources.Where(s => s.ProblemId == p.Id).Select(s => s.ExternalReference).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var hasMore = rows.Count > size;
        if (hasMore) rows.RemoveAt(size);
        var items = rows.Select(p => new ApiProblemChange(p.Id, p.Number, p.Status.ToString(), ProblemDisplay.Status(p.Status), p.LeadDepartmentName,
            p.Deadline, p.UpdatedAt.ToChinaTime(), p.Reference)).ToList();
        var next = rows.Count > 0 ? EncodeCursor(rows[^1].UpdatedAt, rows[^1].Id) : EncodeCursor(at, lastId);
        return Results.Json(new ApiProblemChanges(items, next, hasMore), ApiJson.Options);
    }

    private async Task<ApiProblem?> RepresentAsync(long id, CancellationToken ct)
    {
        if (await queries.DetailAsync(id, ct) is not { } detail) return null;
        var p = detail.Problem;
        var enterprise = await db.Enterprises.AsNoTracking().Where(e => e.Id == p.EnterpriseId).Select(e => new ApiEnterprise(e.Uscc, e.Name)).SingleAsync(ct);
        var source = await db.ApiProblemSources.AsNoTracking().Where(s => s.ProblemId == id)
            .Select(s => new ApiProblemSourceInfo(s.SourceSystem, s.ExternalReference)).SingleOrDefaultAsync(ct);
        return new ApiProblem(p.Id, p.Number, p.Status.ToString(), ProblemDisplay.Status(p.Status), p.Category, ProblemDisplay.Category(p.Category),
            p.Title, p.Description, enterprise, p.LeadDepartmentName, p.CoHandlers.Select(c => c.DepartmentName).ToList(), p.Deadline,
            detail.Flag == DeadlineFlag.None ? null : detail.Flag.ToString(), detail.Flag == DeadlineFlag.None ? null : DeadlineFlags.Describe(detail.Flag).Name(),
            p.CreatedAt.ToChinaTime(), p.UpdatedAt.ToChinaTime(), p.ResolvedAt?.ToChinaTime(), p.Resolution, source,
            detail.Timeline.OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => new ApiTimelineEntry(e.At.ToChinaTime(), e.Kind.ToString(), e.ActorName, e.Summary, e.Before, e.After, e.Detail)).ToList());
    }

    public static string LocationOf(long id) => $"/api/v1/problems/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The first line of the description, cut to the title's length.</summary>
    public static string TitleFrom(string description)
    {
        var line = description.Split('\n', 2)[0].Trim();
        return line.Length <= Problem.TitleMaxLength ? line : line[..(Problem.TitleMaxLength - 1)] + "…";
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>An opaque position in the change order: base64url of "utcTicks.id".</summary>
    public static string EncodeCursor(DateTimeOffset at, long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{id.ToString(CultureInfo.InvariantCulture)}"));

    public static (DateTimeOffset At, long Id)? DecodeCursor(string cursor)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
                return (new DateTimeOffset(ticks, TimeSpan.Zero), id);
        }
        catch (FormatException)
        {
        }
        return null;
    }
}

internal static class ResultLocation
{
    /// <summary>The result with a Location header.</summary>
    public static IResult WithLocation(this IResult result, string location) => new Located(result, location);

    private sealed class Located(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
