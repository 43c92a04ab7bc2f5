using System.Globalization;
using EnterpriseAid.Domain.Visits;

namespace EnterpriseAid.Web.Features.Visits;

/// <summary>
/// What the visit form posts. Ids and the date arrive as text and are parsed by the validator, so a
/// hand-edited value is reported instead of silently becoming 0.
/// </summary>
public sealed class VisitFormModel
{
    // The form mapper assigns null to a collection the post does not mention.
    public List<string> EnterpriseIds { get; set => field = value ?? []; } = [];
    /// <summary>Without JavaScript the enterprise can be named by its unified social credit code.</summary>
    public string? Uscc { get; set; }
    public string? VisitedOn { get; set; }
    public string? Kind { get; set; }
    public List<string> OfficialIds { get; set => field = value ?? []; } = [];
    public string? Summary { get; set; }
    public string? Situation { get; set; }
    public string? Problems { get; set; }
    public string? Goals { get; set; }
    public string? Policies { get; set; }
    /// <summary>For 检查: record it as part of the inspection already logged that day for the enterprise.</summary>
    public bool JoinExisting { get; set; }

    public VisitKind? ParsedKind => Enum.TryParse<VisitKind>(Kind, out var k) && Enum.IsDefined(k) && !int.TryParse(Kind, out _) ? k : null;

    public DateOnly? ParsedVisitedOn =>
        DateOnly.TryParseExact(VisitedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public List<long> ParsedEnterpriseIds => Ids(EnterpriseIds);
    public List<long> ParsedOfficialIds => Ids(OfficialIds);

    public FourClearNotes Notes => new(Blank(Situation), Blank(Problems), Blank(Goals), Blank(Policies));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<long> Ids(IEnumerable<string> values) =>
        values.Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0).Distinct().ToList();

    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
