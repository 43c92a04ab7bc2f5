using System.Globalization;
using EnterpriseAid.Domain.Calendar;
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

    /// <summary>Problems raised during the visit, registered with it in the same transaction.</summary>
    public List<VisitProblemRow> ProblemRows { get; set => field = value ?? []; } = [];

    /// <summary>
    /// Set by the row buttons: <see cref="AddRowCommand"/> or <see cref="RemoveRowPrefix"/> and an index. Such a post
    /// only changes the rows and shows the form again; a post without it saves.
    /// </summary>
    public string? RowCommand { get; set; }

    public const int MaxProblemRows = 30;
    public const string AddRowCommand = "add";
    public const string RemoveRowPrefix = "remove-";

    /// <summary>The rows the user filled in, with their position in the form (blank rows are ignored).</summary>
    public IEnumerable<(VisitProblemRow Row, int Index)> FilledProblemRows =>
        ProblemRows.Select((row, index) => (row, index)).Where(r => r.row is { IsBlank: false });

    /// <summary>Applies an add or remove command; false when the post is a save.</summary>
    public bool ApplyRowCommand()
    {
        var command = RowCommand?.Trim();
        RowCommand = null;
        if (command == AddRowCommand)
        {
            if (ProblemRows.Count < MaxProblemRows) ProblemRows.Add(VisitProblemRow.New());
            return true;
        }
        if (command is not null && command.StartsWith(RemoveRowPrefix, StringComparison.Ordinal))
        {
            if (int.TryParse(command.AsSpan(RemoveRowPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < ProblemRows.Count)
            {
                ProblemRows.RemoveAt(index);
            }
            return true;
        }
        return false;
    }

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

/// <summary>One problem raised during the visit, as typed into the visit form.</summary>
public sealed class VisitProblemRow
{
    /// <summary>For a 座谈会: which of the visit's enterprises raised it.</summary>
    public string? EnterpriseId { get; set; }
    public string? Category { get; set; }
    public string? Urgency { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    /// <summary>现场解决: resolved on the spot; <see cref="Resolution"/> says how.</summary>
    public bool SolvedOnSpot { get; set; }
    public string? Resolution { get; set; }

    public static VisitProblemRow New() => new() { Urgency = Urgencies.Describe(Domain.Calendar.Urgency.Ordinary).Code };

    /// <summary>Nothing typed (the preset urgency and enterprise do not count): the row is left out.</summary>
    public bool IsBlank => string.IsNullOrWhiteSpace(Category) && string.IsNullOrWhiteSpace(Title)
                           && string.IsNullOrWhiteSpace(Description) && string.IsNullOrWhiteSpace(Resolution) && !SolvedOnSpot;

    public long? ParsedEnterpriseId =>
        long.TryParse(EnterpriseId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;

    public Domain.Calendar.Urgency? ParsedUrgency => Urgencies.TryParse(Urgency, out var u) ? u : null;
}
