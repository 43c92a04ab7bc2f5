using System.Globalization;
using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Briefings;

/// <summary>Which briefing to generate, as typed into the URL: period preset or days, and the region.</summary>
public sealed class BriefingChoice
{
    public const int MaxDays = 366;

    public string? Period { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public long? Region { get; set; }

    public static readonly IReadOnlyList<(string Code, BriefingPeriodKind Kind, string Label)> Periods =
    [
        ("week", BriefingPeriodKind.Week, "Briefings.Period.Week"),
        ("month", BriefingPeriodKind.Month, "Briefings.Period.Month"),
        ("quarter", BriefingPeriodKind.Quarter, "Briefings.Period.Quarter"),
        ("year", BriefingPeriodKind.Year, "Briefings.Period.Year"),
        ("custom", BriefingPeriodKind.Custom, "Briefings.Period.Custom"),
    ];

    /// <summary>The period chosen, or an error message key when the choice cannot be used.</summary>
    public (BriefingPeriod? Period, string? Error) Resolve(DateOnly today)
    {
        var code = string.IsNullOrWhiteSpace(Period) ? "week" : Period.Trim();
        var match = Periods.FirstOrDefault(p => p.Code == code);
        if (match.Code is null) return (null, "Briefings.Validation.Period");
        if (match.Kind != BriefingPeriodKind.Custom) return (BriefingPeriod.Preset(match.Kind, today), null);
        if (!ProblemFilterModel.TryParseDate(From, out var from) || !ProblemFilterModel.TryParseDate(To, out var to))
            return (null, "Briefings.Validation.Days");
        if (from > to) return (null, "Briefings.Validation.Order");
        if (to.DayNumber - from.DayNumber + 1 > MaxDays) return (null, "Briefings.Validation.TooLong");
        return (new BriefingPeriod(BriefingPeriodKind.Custom, from, to), null);
    }

    public string Query() =>
        $"period={Uri.EscapeDataString(Period ?? "week")}&from={Uri.EscapeDataString(From ?? "")}&to={Uri.EscapeDataString(To ?? "")}&region={Region}";
}

/// <summary>What the briefing form posts: the masthead fields and the (edited) paragraphs, plus the choice it was generated for.</summary>
public sealed class BriefingFormModel
{
    public const int IssuingUnitMaxLength = 60;
    public const int ParagraphMaxLength = 3000;
    public const int MaxParagraphs = 20;
    public const int MaxIssueNumber = 9999;

    public string? Period { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public long? Region { get; set; }
    public string? IssuingUnit { get; set; }
    public string? IssueNumber { get; set; }
    public List<string?> Paragraphs { get; set; } = [];

    public BriefingChoice Choice => new() { Period = Period, From = From, To = To, Region = Region };

    public int? ParsedIssueNumber =>
        int.TryParse(IssueNumber?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= MaxIssueNumber ? n : null;

    /// <summary>The paragraphs as printed: each non-blank line of each text box.</summary>
    public IReadOnlyList<string> PrintedParagraphs() =>
        Paragraphs.SelectMany(p => (p ?? string.Empty).Split('\n'))
            .Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
}

public sealed class BriefingFormValidator : AbstractValidator<BriefingFormModel>
{
    public BriefingFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.IssuingUnit)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Validation.Required", l["Briefings.Field.IssuingUnit"]])
            .Must(s => s is null || s.Trim().Length <= BriefingFormModel.IssuingUnitMaxLength)
            .WithMessage(_ => l["Validation.TooLong", l["Briefings.Field.IssuingUnit"], BriefingFormModel.IssuingUnitMaxLength])
            .Must(NoControl).WithMessage(_ => l["Validation.ControlCharacters", l["Briefings.Field.IssuingUnit"]]);
        RuleFor(x => x.IssueNumber)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Validation.Required", l["Briefings.Field.IssueNumber"]])
            .Must((m, s) => string.IsNullOrWhiteSpace(s) || m.ParsedIssueNumber is not null)
            .WithMessage(_ => l["Briefings.Validation.IssueNumber", BriefingFormModel.MaxIssueNumber]);
        RuleFor(x => x.Paragraphs)
            .Must(p => p.Any(s => !string.IsNullOrWhiteSpace(s))).WithMessage(_ => l["Briefings.Validation.Empty"])
            .Must(p => p.Count <= BriefingFormModel.MaxParagraphs).WithMessage(_ => l["Briefings.Validation.Empty"]);
        RuleForEach(x => x.Paragraphs)
            .Must(s => s is null || s.Trim().Length <= BriefingFormModel.ParagraphMaxLength)
            .WithMessage(_ => l["Validation.TooLong", l["Briefings.Field.Paragraph"], BriefingFormModel.ParagraphMaxLength])
            .Must(s => s is null || !s.Any(c => char.IsControl(c) && c != '\n' && c != '\r' && c != '\t'))
            .WithMessage(_ => l["Validation.ControlCharacters", l["Briefings.Field.Paragraph"]]);
    }

    private static bool NoControl(string? s) => s is null || !s.Any(char.IsControl);
}
