using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Problems;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Problems;

/// <summary>Which part a department plays in a problem, for the department filter.</summary>
public enum DepartmentRole
{
    /// <summary>牵头或协办.</summary>
    Any,
    /// <summary>牵头.</summary>
    Lead,
    /// <summary>协办.</summary>
    CoHandler,
}

/// <summary>A region (the city, a district, a town or street office) the user may filter by, with its depth in the tree.</summary>
public sealed record RegionOption(long Id, string Name, string Path, int Depth);

/// <summary>The departments and regions this user may choose in the problem filters.</summary>
public sealed record ProblemFilterOptions(IReadOnlyList<DepartmentOption> Departments, IReadOnlyList<RegionOption> Regions)
{
    public static readonly ProblemFilterOptions None = new([], []);
}

/// <summary>
/// The problem filters as typed into the URL (all text, so that a hand-edited value is reported rather
/// than silently dropped). The list page, its export and any link share these query-string names.
/// </summary>
public sealed class ProblemFilterModel
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>Dates outside these years are refused rather than overflowing the Beijing-day arithmetic.</summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    public string? Status { get; set; }
    public string? Category { get; set; }
    public string? Flag { get; set; }
    public string? Department { get; set; }
    public string? Role { get; set; }
    public string? Region { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    /// <summary>One figure's problems (<see cref="FigureCodes"/>), so that a number on the dashboard lists exactly what it counts.</summary>
    public string? Figure { get; set; }

    /// <summary>What the user may choose; set by the page before validating, never bound from the URL.</summary>
    public ProblemFilterOptions Options { get; set; } = ProblemFilterOptions.None;

    public static ProblemFilterModel FromQuery(IQueryCollection query) => new()
    {
        Status = query["status"], Category = query["category"], Flag = query["flag"], Department = query["dept"],
        Role = query["role"], Region = query["region"], From = query["from"], To = query["to"],
        Figure = query["figure"],
    };

    /// <summary>The filters as query-string pairs (empty ones left out), for links, paging and the export.</summary>
    public IEnumerable<KeyValuePair<string, string?>> QueryPairs() =>
        new KeyValuePair<string, string?>[]
        {
            new("status", Status), new("category", Category), new("flag", Flag), new("dept", Department),
            new("role", Role), new("region", Region), new("from", From), new("to", To),
            new("figure", Figure),
        }.Where(kv => !string.IsNullOrWhiteSpace(kv.Value));

    public string Url(string path, params KeyValuePair<string, string?>[] extra) =>
        QueryHelpers.AddQueryString(path, QueryPairs().Concat(extra.Where(kv => !string.IsNullOrEmpty(kv.Value))));

    public bool IsEmpty => !QueryPairs().Any();

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        && date >= EarliestDate && date <= LatestDate;

    public static DepartmentRole? ParseRole(string? code) => code?.Trim() switch
    {
        null or "" => DepartmentRole.Any,
        "lead" => DepartmentRole.Lead,
        "co" => DepartmentRole.CoHandler,
        _ => null,
    };

    public static ProblemStatus? ParseStatus(string? code) =>
        Catalog.Find(ProblemStatuses.All, code?.Trim()) is { } entry ? Enum.Parse<ProblemStatus>(entry.Code) : null;

    public static DeadlineFlag? ParseFlag(string? code) => code?.Trim() switch
    {
        "none" => DeadlineFlag.None,
        "blue" => DeadlineFlag.Blue,
        "yellow" => DeadlineFlag.Yellow,
        "red" => DeadlineFlag.Red,
        _ => null,
    };

    /// <summary>The figures a list can be narrowed to, each the rule of <see cref="ProblemFigureRules"/> that counts it.</summary>
    public static readonly IReadOnlyList<string> FigureCodes = ["onspot", "dispatched", "resolved", "open", "overdue", "ontime", "rated", "satisfied"];

    public static string? ParseFigure(string? code) => FigureCodes.FirstOrDefault(c => c == code?.Trim());

    /// <summary>The rule behind a figure code (see <see cref="FigureCodes"/>).</summary>
    public static System.Linq.Expressions.Expression<Func<Problem, bool>> FigureRule(string code, DateOnly today) => code switch
    {
        "onspot" => ProblemFigureRules.SolvedOnSpot,
        "dispatched" => ProblemFigureRules.Dispatched,
        "resolved" => ProblemFigureRules.Resolved,
        "open" => ProblemFigureRules.Open,
        "overdue" => ProblemFigureRules.OverdueOn(today),
        "ontime" => ProblemFigureRules.ResolvedByDeadline,
        "rated" => ProblemFigureRules.Rated,
        "satisfied" => ProblemFigureRules.Satisfied,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown figure."),
    };

    /// <summary>The typed criteria. Call after validation: a value that does not parse is left out.</summary>
    public ProblemCriteria ToCriteria()
    {
        var region = long.TryParse(Region, out var r) ? Options.Regions.FirstOrDefault(o => o.Id == r) : null;
        var department = long.TryParse(Department, out var d) && Options.Departments.Any(o => o.Id == d) ? d : (long?)null;
        return new ProblemCriteria
        {
            Status = ParseStatus(Status),
            Category = ProblemCategories.IsValid(Category?.Trim()) ? Category!.Trim() : null,
            Flag = ParseFlag(Flag),
            DepartmentId = department,
            DepartmentRole = ParseRole(Role) ?? DepartmentRole.Any,
            RegionPath = region?.Path,
            From = TryParseDate(From, out var from) ? from : null,
            To = TryParseDate(To, out var to) ? to : null,
            Figure = ParseFigure(Figure),
        };
    }

    /// <summary>本月, 本季度 and 本年 around <paramref name="today"/>: first and last Beijing dates, inclusive.</summary>
    public static (DateOnly From, DateOnly To) Month(DateOnly today) =>
        (new DateOnly(today.Year, today.Month, 1), new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1));

    public static (DateOnly From, DateOnly To) Quarter(DateOnly today)
    {
        var start = new DateOnly(today.Year, (today.Month - 1) / 3 * 3 + 1, 1);
        return (start, start.AddMonths(3).AddDays(-1));
    }

    public static (DateOnly From, DateOnly To) Year(DateOnly today) => (new DateOnly(today.Year, 1, 1), new DateOnly(today.Year, 12, 31));
}

/// <summary>Validated problem filters, every one applied in SQL (the deadline flag as deadline ranges of the day, ADR-031).</summary>
public sealed record ProblemCriteria
{
    public static readonly ProblemCriteria All = new();

    public ProblemStatus? Status { get; init; }
    public string? Category { get; init; }
    public DeadlineFlag? Flag { get; init; }
    /// <summary>A department that leads or co-handles the problem (as <see cref="DepartmentRole"/> says).</summary>
    public long? DepartmentId { get; init; }
    public DepartmentRole DepartmentRole { get; init; }
    /// <summary>The enterprise's town lies in this subtree of the org tree.</summary>
    public string? RegionPath { get; init; }
    /// <summary>Registered on or after this Beijing date.</summary>
    public DateOnly? From { get; init; }
    /// <summary>Registered on or before this Beijing date.</summary>
    public DateOnly? To { get; init; }
    /// <summary>Only the problems one figure counts (a code of <see cref="ProblemFilterModel.FigureCodes"/>).</summary>
    public string? Figure { get; init; }
    /// <summary>Problems of one enterprise (the ledger).</summary>
    public long? EnterpriseId { get; init; }

    /// <summary>The instant a Beijing date begins, in UTC (PostgreSQL compares timestamptz in UTC).</summary>
    public static DateTimeOffset BeijingMidnight(DateOnly date) =>
        ChinaTime.StartOfDay(date);
}

/// <summary>
/// Checks the problem filters of a URL: known codes, dates as 年-月-日 within range, from not after to,
/// and a department or region the user may choose. Messages come from the resources when validating.
/// </summary>
public sealed class ProblemFilterValidator : AbstractValidator<ProblemFilterModel>
{
    public ProblemFilterValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Status).Must(s => string.IsNullOrWhiteSpace(s) || ProblemFilterModel.ParseStatus(s) is not null)
            .WithMessage(_ => l["Problems.Filter.Unknown", l["Problems.Status"]]);
        RuleFor(x => x.Category).Must(c => string.IsNullOrWhiteSpace(c) || ProblemCategories.IsValid(c.Trim()))
            .WithMessage(_ => l["Problems.Filter.Unknown", l["Problems.Category"]]);
        RuleFor(x => x.Flag).Must(f => string.IsNullOrWhiteSpace(f) || ProblemFilterModel.ParseFlag(f) is not null)
            .WithMessage(_ => l["Problems.Filter.Unknown", l["Problems.Flag"]]);
        RuleFor(x => x.Role).Must(r => ProblemFilterModel.ParseRole(r) is not null)
            .WithMessage(_ => l["Problems.Filter.Unknown", l["Problems.Filter.Role"]]);
        RuleFor(x => x.Department).Must((m, d) => string.IsNullOrWhiteSpace(d) || (long.TryParse(d, out var id) && m.Options.Departments.Any(o => o.Id == id)))
            .WithMessage(_ => l["Problems.Filter.NotInScope", l["Problems.Filter.Department"]]);
        RuleFor(x => x.Region).Must((m, r) => string.IsNullOrWhiteSpace(r) || (long.TryParse(r, out var id) && m.Options.Regions.Any(o => o.Id == id)))
            .WithMessage(_ => l["Problems.Filter.NotInScope", l["Problems.Filter.Region"]]);
        RuleFor(x => x.Figure).Must(f => string.IsNullOrWhiteSpace(f) || ProblemFilterModel.ParseFigure(f) is not null)
            .WithMessage(_ => l["Problems.Filter.Unknown", l["Problems.Filter.Figure"]]);
        RuleFor(x => x.From).Must(BlankOrDate).WithMessage(_ => DateMessage(l, "Problems.Filter.From"));
        RuleFor(x => x.To).Must(BlankOrDate).WithMessage(_ => DateMessage(l, "Problems.Filter.To"))
            .Must((m, to) => !(ProblemFilterModel.TryParseDate(m.From, out var from) && ProblemFilterModel.TryParseDate(to, out var until) && from > until))
            .WithMessage(_ => l["Problems.Filter.FromAfterTo"]);
    }

    private static bool BlankOrDate(string? text) => string.IsNullOrWhiteSpace(text) || ProblemFilterModel.TryParseDate(text, out _);

    private static string DateMessage(IStringLocalizer l, string fieldKey) =>
        l["Problems.Filter.BadDate", l[fieldKey], ProblemFilterModel.EarliestDate.Year, ProblemFilterModel.LatestDate.Year];
}
