using System.Globalization;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Web.Features.Problems;
using Microsoft.AspNetCore.WebUtilities;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>The list's filters as validated criteria: batch, current stage, levels, region (subtree) and the month figures are "as of".</summary>
public sealed record ProjectCriteria(string? Batch, ProjectStage? Stage, IReadOnlyList<string> Levels, string? RegionPath, YearMonth AsOf);

/// <summary>
/// The list's query string, as typed or hand-edited. Unknown codes, a region outside the user's scope or a month that is
/// not a month are named next to their field and nothing is listed (the export answers 400 with the same messages).
/// </summary>
public sealed class ProjectFilterModel
{
    public string? Batch { get; init; }
    public string? Stage { get; init; }
    public IReadOnlyList<string> Levels { get; init; } = [];
    public string? Region { get; init; }
    public string? Month { get; init; }

    /// <summary>Error message keys by field.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public ProjectCriteria? Parse(ProblemFilterOptions options, DateOnly today)
    {
        Errors.Clear();
        ProjectStage? stage = null;
        if (!string.IsNullOrWhiteSpace(Stage))
        {
            if (ProjectStages.TryParse(Stage, out var s)) stage = s;
            else Errors[nameof(Stage)] = "Projects.Field.Stage";
        }
        var levels = Levels.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct().ToList();
        if (levels.Any(l => !ProjectLevels.IsValid(l))) Errors[nameof(Levels)] = "Projects.Field.Level";
        string? path = null;
        if (!string.IsNullOrWhiteSpace(Region))
        {
            var region = long.TryParse(Region, out var r) ? options.Regions.FirstOrDefault(o => o.Id == r) : null;
            if (region is null) Errors[nameof(Region)] = "Projects.Field.Region";
            else path = region.Path;
        }
        var asOf = YearMonth.Of(today);
        if (!string.IsNullOrWhiteSpace(Month))
        {
            if (YearMonth.TryParse(Month, out var m) && m.Year >= 2000 && m <= YearMonth.Of(today)) asOf = m;
            else Errors[nameof(Month)] = "Projects.Filter.AsOf";
        }
        var batch = string.IsNullOrWhiteSpace(Batch) ? null : new string(Batch.Trim().Where(c => !char.IsControl(c)).Take(Project.BatchMaxLength).ToArray());
        return Errors.Count > 0 ? null : new ProjectCriteria(batch, stage, levels, path, asOf);
    }

    public string Url(string path) => QueryHelpers.AddQueryString(path,
        new[]
        {
            new KeyValuePair<string, string?>("batch", Batch), new("stage", Stage), new("region", Region), new("month", Month),
        }.Concat(Levels.Select(l => new KeyValuePair<string, string?>("level", l))).Where(kv => !string.IsNullOrWhiteSpace(kv.Value)));

    public static string MonthText(YearMonth m) => m.ToString();

    public static string Format(int n) => n.ToString(CultureInfo.InvariantCulture);
}
