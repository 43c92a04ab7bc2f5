using System.Globalization;
using EnterpriseAid.Domain.Assignments;

namespace EnterpriseAid.Web.Features.Assignments;

/// <summary>
/// What the "add an assignment" form posts. Ids and dates arrive as text and are parsed by the
/// validator, so a hand-edited value is reported instead of silently becoming 0.
/// </summary>
public sealed class AssignmentFormModel
{
    public string? Role { get; set; }
    /// <summary>The official, for 包联领导 and 联络员.</summary>
    public string? UserId { get; set; }
    /// <summary>The competent department, for 行业主管单位. 属地镇办 is always the enterprise's own town.</summary>
    public string? DepartmentId { get; set; }
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
    public string? Note { get; set; }

    public bool NamesPerson => Role is AssignmentRoles.Leader or AssignmentRoles.Liaison;
    public long? ParsedUserId => AssignmentInput.Id(UserId);
    public long? ParsedDepartmentId => AssignmentInput.Id(DepartmentId);
    public DateOnly? ParsedStartsOn => AssignmentInput.Date(StartsOn);
    public DateOnly? ParsedEndsOn => AssignmentInput.Date(EndsOn);
}

/// <summary>What the bulk form posts: one official, one role, one period, several enterprises.</summary>
public sealed class BulkAssignmentFormModel
{
    public const int MaxEnterprises = 100;

    public string? Role { get; set; }
    public string? UserId { get; set; }
    public string? StartsOn { get; set; }
    public string? EndsOn { get; set; }
    public string? Note { get; set; }
    // The form mapper assigns null to a collection the post does not mention.
    public List<string> EnterpriseIds { get; set => field = value ?? []; } = [];

    public long? ParsedUserId => AssignmentInput.Id(UserId);
    public DateOnly? ParsedStartsOn => AssignmentInput.Date(StartsOn);
    public DateOnly? ParsedEndsOn => AssignmentInput.Date(EndsOn);
    public List<long> ParsedEnterpriseIds =>
        EnterpriseIds.Select(AssignmentInput.Id).Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
}

/// <summary>Ending an assignment: which one, the version the user saw, the last day it holds.</summary>
public sealed class EndAssignmentFormModel
{
    public string? AssignmentId { get; set; }
    public string? Version { get; set; }
    public string? EndsOn { get; set; }

    public long? ParsedAssignmentId => AssignmentInput.Id(AssignmentId);
    public uint? ParsedVersion => uint.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    public DateOnly? ParsedEndsOn => AssignmentInput.Date(EndsOn);
}

/// <summary>Deleting an assignment entered by mistake today.</summary>
public sealed class DeleteAssignmentFormModel
{
    public string? AssignmentId { get; set; }
    public string? Version { get; set; }

    public long? ParsedAssignmentId => AssignmentInput.Id(AssignmentId);
    public uint? ParsedVersion => uint.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}

public static class AssignmentInput
{
    public static long? Id(string? text) =>
        long.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Assignments are dated in Beijing time, whatever the server's zone.</summary>
    public static DateOnly Today(TimeProvider clock) => ChinaTime.Today(clock);
}
