using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Visits;

/// <summary>
/// Field rules of the visit form. Messages come from the resources and are looked up when validating
/// (the validator is a singleton), so each user reads them in their own language. The domain
/// (<see cref="Visit.Record"/>) checks the same rules again.
/// </summary>
public sealed class VisitFormValidator : AbstractValidator<VisitFormModel>
{
    public VisitFormValidator(TimeProvider clock, IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Kind).Must(k => new VisitFormModel { Kind = k }.ParsedKind is not null)
            .WithMessage(_ => l["Validation.Select", l["Visits.Field.Kind"]]);
        RuleFor(x => x.VisitedOn).Custom((value, ctx) =>
        {
            const string field = nameof(VisitFormModel.VisitedOn);
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(field, l["Validation.Required", l["Visits.Field.VisitedOn"]]); return; }
            if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                ctx.AddFailure(field, l["Validation.Date.Format", l["Visits.Field.VisitedOn"]]);
                return;
            }
            var today = VisitClock.Today(clock);
            if (date > today) ctx.AddFailure(field, l["Validation.Date.Future", l["Visits.Field.VisitedOn"]]);
            else if (date < today.AddYears(-1)) ctx.AddFailure(field, l["Visits.Validation.TooOld"]);
        });
        RuleFor(x => x).Custom((m, ctx) =>
        {
            var ids = m.ParsedEnterpriseIds;
            if (ids.Count == 0 && string.IsNullOrWhiteSpace(m.Uscc))
                ctx.AddFailure(nameof(VisitFormModel.EnterpriseIds), l["Visits.Validation.EnterpriseRequired"]);
            else if (ids.Count > 1 && m.ParsedKind is { } kind && kind != VisitKind.Symposium)
                ctx.AddFailure(nameof(VisitFormModel.EnterpriseIds), l["Visits.Validation.OneEnterprise"]);
            else if (ids.Count > Visit.MaxEnterprises)
                ctx.AddFailure(nameof(VisitFormModel.EnterpriseIds), l["Visits.Validation.TooManyEnterprises", Visit.MaxEnterprises]);
            if (m.JoinExisting && m.ParsedKind is { } k && k != VisitKind.Inspection)
                ctx.AddFailure(nameof(VisitFormModel.JoinExisting), l["Visits.Validation.JoinOnlyInspection"]);
        });
        RuleFor(x => x.OfficialIds).Must(ids => new VisitFormModel { OfficialIds = ids }.ParsedOfficialIds.Count > 0)
            .WithMessage(_ => l["Visits.Validation.OfficialRequired"])
            .Must(ids => new VisitFormModel { OfficialIds = ids }.ParsedOfficialIds.Count <= Visit.MaxOfficials)
            .WithMessage(_ => l["Visits.Validation.TooManyOfficials", Visit.MaxOfficials]);
        RuleFor(x => x.Summary)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Validation.Required", l["Visits.Field.Summary"]])
            .Must(s => s is null || s.Trim().Length <= Visit.SummaryMaxLength).WithMessage(_ => l["Validation.TooLong", l["Visits.Field.Summary"], Visit.SummaryMaxLength])
            .Must(NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l["Visits.Field.Summary"]]);
        Note(x => x.Situation, "Visits.Field.Situation", l);
        Note(x => x.Problems, "Visits.Field.Problems", l);
        Note(x => x.Goals, "Visits.Field.Goals", l);
        Note(x => x.Policies, "Visits.Field.Policies", l);

        RuleFor(x => x.ProblemRows.Count(r => !r.IsBlank)).LessThanOrEqualTo(VisitFormModel.MaxProblemRows)
            .OverridePropertyName(nameof(VisitFormModel.ProblemRows))
            .WithMessage(_ => l["Visits.Problem.TooMany", VisitFormModel.MaxProblemRows]);
        // Messages land on "ProblemRows[i].Field", next to that row's field; blank rows are skipped but keep their index.
        RuleForEach(x => x.ProblemRows).Where(r => !r.IsBlank).ChildRules(row =>
        {
            row.RuleFor(r => r.Category).Must(ProblemCategories.IsValid)
                .WithMessage(_ => l["Validation.Select", l["Visits.Problem.CategoryName"]]);
            row.RuleFor(r => r.Urgency).Must(u => Urgencies.TryParse(u, out _))
                .WithMessage(_ => l["Validation.Select", l["Problems.Urgency"]]);
            Text(row, r => r.Title, "Problems.ProblemTitle", Problem.TitleMaxLength, l);
            Text(row, r => r.Description, "Problems.Description", Problem.DescriptionMaxLength, l);
            row.RuleFor(r => r.Resolution)
                .Must(s => !string.IsNullOrWhiteSpace(s)).When(r => r.SolvedOnSpot)
                .WithMessage(_ => l["Validation.Required", l["Visits.Problem.ResolutionName"]]);
            row.RuleFor(r => r.Resolution)
                .Must(s => s is null || s.Trim().Length <= Problem.ResolutionMaxLength)
                .WithMessage(_ => l["Validation.TooLong", l["Visits.Problem.ResolutionName"], Problem.ResolutionMaxLength])
                .Must(NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l["Visits.Problem.ResolutionName"]]);
        });
        // At a 座谈会 with several enterprises each problem names the one that raised it.
        RuleFor(x => x).Custom((m, ctx) =>
        {
            var ids = m.ParsedEnterpriseIds;
            if (m.ParsedKind != VisitKind.Symposium || ids.Count < 2) return;
            foreach (var (row, index) in m.FilledProblemRows)
            {
                if (row.ParsedEnterpriseId is not { } id || !ids.Contains(id))
                    ctx.AddFailure($"{nameof(VisitFormModel.ProblemRows)}[{index}].{nameof(VisitProblemRow.EnterpriseId)}", l["Visits.Validation.ProblemEnterprise"]);
            }
        });
    }

    private static void Text(InlineValidator<VisitProblemRow> row, System.Linq.Expressions.Expression<Func<VisitProblemRow, string?>> field,
        string key, int maxLength, IStringLocalizer l) =>
        row.RuleFor(field)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Validation.Required", l[key]])
            .Must(s => s is null || s.Trim().Length <= maxLength).WithMessage(_ => l["Validation.TooLong", l[key], maxLength])
            .Must(NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l[key]]);

    private void Note(System.Linq.Expressions.Expression<Func<VisitFormModel, string?>> field, string key, IStringLocalizer l) =>
        RuleFor(field)
            .Must(s => s is null || s.Trim().Length <= FourClearNotes.MaxLength).WithMessage(_ => l["Validation.TooLong", l[key], FourClearNotes.MaxLength])
            .Must(NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l[key]]);

    // Line breaks are welcome in a summary; other control characters are not.
    private static bool NoControlCharacters(string? s) => s is null || !s.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
}

/// <summary>Visits are dated in Beijing time, whatever the server's zone.</summary>
public static class VisitClock
{
    public static DateOnly Today(TimeProvider clock) => ChinaTime.Today(clock);
}
