using System.Globalization;
using System.Security.Claims;
using EnterpriseAid.Domain.Assistance;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Assistance;

/// <summary>The form as typed: every field a string, so whatever was typed is shown again beside its message.</summary>
public sealed class AssistanceFormModel
{
    public string? Kind { get; set; }
    public string? DeliveredOn { get; set; }
    public string? DepartmentId { get; set; }
    public string? AmountYuan { get; set; }
    public string? Bank { get; set; }
    public string? JobPostings { get; set; }
    public string? JobMatches { get; set; }
    public string? LandMu { get; set; }
    public string? Item { get; set; }
    public string? Quantity { get; set; }
    public string? Note { get; set; }
}

/// <summary>Recording a measure: parsing the form (Chinese messages per field), then the domain's rules; nothing is saved on any error.</summary>
public sealed class AssistanceCommands(AppDbContext db, ProblemQueries problems, TimeProvider clock)
{
    public sealed record Result(long? Id, IReadOnlyDictionary<string, string> Errors, bool NotFound = false);

    public async Task<Result> RecordAsync(long enterpriseId, AssistanceFormModel form, ClaimsPrincipal user, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!await db.Enterprises.AnyAsync(e => e.Id == enterpriseId, ct)) return new Result(null, new Dictionary<string, string>(), NotFound: true);
        var errors = new Dictionary<string, string>();
        AssistanceKind? kind = Enum.TryParse<AssistanceKind>(form.Kind, out var k) && Enum.IsDefined(k) && !int.TryParse(form.Kind, out _) ? k : null;
        if (kind is null) errors[nameof(form.Kind)] = "请选择保障类型";
        if (!DateOnly.TryParseExact(form.DeliveredOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
            errors[nameof(form.DeliveredOn)] = "请填写保障日期（年-月-日）";
        var departments = (await problems.FilterOptionsAsync(ct)).Departments;
        var department = long.TryParse(form.DepartmentId, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            ? departments.FirstOrDefault(o => o.Id == d) : null;
        if (department is null) errors[nameof(form.DepartmentId)] = "请选择提供保障的部门";
        var amount = Decimal(form.AmountYuan, nameof(form.AmountYuan), "金额", errors);
        var land = Decimal(form.LandMu, nameof(form.LandMu), "土地面积", errors);
        var postings = Integer(form.JobPostings, nameof(form.JobPostings), "发布岗位数", errors);
        var matches = Integer(form.JobMatches, nameof(form.JobMatches), "达成意向人数", errors);
        if (errors.Count > 0) return new Result(null, errors);

        var userId = long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
        AssistanceRecord record;
        try
        {
            record = AssistanceRecord.Create(enterpriseId, kind!.Value, on, department!.Id, department.Name,
                new AssistanceRecord.Figures(amount, form.Bank, postings, matches, land, form.Item, form.Quantity), form.Note, userId,
                clock.GetUtcNow(), ChinaTime.Today(clock));
        }
        catch (DomainException ex)
        {
            return new Result(null, new Dictionary<string, string> { [""] = ex.Message });
        }
        db.AssistanceRecords.Add(record);
        await db.SaveChangesAsync(ct);
        return new Result(record.Id, errors);
    }

    private static decimal? Decimal(string? text, string field, string what, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;
        errors[field] = $"{what}须为数字";
        return null;
    }

    private static int? Integer(string? text, string field, string what, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        errors[field] = $"{what}须为0或正整数";
        return null;
    }
}
