using EnterpriseAid.Domain.Assignments;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Assignments;

/// <summary>
/// Field rules of the assignment form. Rules that need the database (the official or department is in
/// the user's scope, no overlapping duplicate, one leader at a time) are checked by
/// <see cref="AssignmentCommands"/> and the domain. Messages are looked up when validating (the
/// validator is a singleton), so each user reads them in their own language.
/// </summary>
public sealed class AssignmentFormValidator : AbstractValidator<AssignmentFormModel>
{
    public AssignmentFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Role).Must(AssignmentRoles.IsValid).WithMessage(_ => l["Validation.Select", l["Assignments.Field.Role"]]);
        RuleFor(x => x.UserId).Must(id => AssignmentInput.Id(id) is not null)
            .WithMessage(_ => l["Validation.Select", l["Assignments.Field.Official"]])
            .When(x => x.NamesPerson);
        RuleFor(x => x.DepartmentId).Must(id => AssignmentInput.Id(id) is not null)
            .WithMessage(_ => l["Validation.Select", l["Assignments.Field.Department"]])
            .When(x => x.Role == AssignmentRoles.Department);
        AssignmentPeriodRules.Add(this, x => x.StartsOn, x => x.EndsOn, l);
        RuleFor(x => x.Note).AssignmentNote(l);
    }
}

/// <summary>The bulk form: leaders or liaisons only (one official for several enterprises).</summary>
public sealed class BulkAssignmentFormValidator : AbstractValidator<BulkAssignmentFormModel>
{
    public BulkAssignmentFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Role).Must(r => r is AssignmentRoles.Leader or AssignmentRoles.Liaison)
            .WithMessage(_ => l["Assignments.Validation.BulkRole"]);
        RuleFor(x => x.UserId).Must(id => AssignmentInput.Id(id) is not null)
            .WithMessage(_ => l["Validation.Select", l["Assignments.Field.Official"]]);
        AssignmentPeriodRules.Add(this, x => x.StartsOn, x => x.EndsOn, l);
        RuleFor(x => x.Note).AssignmentNote(l);
        RuleFor(x => x).Custom((m, ctx) =>
        {
            var count = m.ParsedEnterpriseIds.Count;
            if (count == 0) ctx.AddFailure(nameof(BulkAssignmentFormModel.EnterpriseIds), l["Assignments.Validation.EnterprisesRequired"]);
            else if (count > BulkAssignmentFormModel.MaxEnterprises)
                ctx.AddFailure(nameof(BulkAssignmentFormModel.EnterpriseIds), l["Assignments.Validation.TooManyEnterprises", BulkAssignmentFormModel.MaxEnterprises]);
        });
    }
}

public sealed class EndAssignmentFormValidator : AbstractValidator<EndAssignmentFormModel>
{
    public EndAssignmentFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.EndsOn).Custom((value, ctx) =>
        {
            const string field = nameof(EndAssignmentFormModel.EndsOn);
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(field, l["Validation.Required", l["Assignments.Field.EndsOn"]]);
            else if (AssignmentInput.Date(value) is null) ctx.AddFailure(field, l["Validation.Date.Format", l["Assignments.Field.EndsOn"]]);
        });
    }
}

public static class AssignmentPeriodRules
{
    /// <summary>Older dates are typing mistakes: the campaigns this portal serves began long after.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static void Add<T>(AbstractValidator<T> v, Func<T, string?> starts, Func<T, string?> ends, IStringLocalizer l)
    {
        v.RuleFor(x => x).Custom((m, ctx) =>
        {
            const string startField = "StartsOn";
            const string endField = "EndsOn";
            var startText = starts(m);
            DateOnly? start = null;
            if (string.IsNullOrWhiteSpace(startText)) ctx.AddFailure(startField, l["Validation.Required", l["Assignments.Field.StartsOn"]]);
            else if (AssignmentInput.Date(startText) is not { } s) ctx.AddFailure(startField, l["Validation.Date.Format", l["Assignments.Field.StartsOn"]]);
            else if (s < Earliest) ctx.AddFailure(startField, l["Assignments.Validation.StartTooEarly"]);
            else start = s;

            var endText = ends(m);
            if (string.IsNullOrWhiteSpace(endText)) return;
            if (AssignmentInput.Date(endText) is not { } end) ctx.AddFailure(endField, l["Validation.Date.Format", l["Assignments.Field.EndsOn"]]);
            else if (start is { } begin && end < begin) ctx.AddFailure(endField, l["Assignments.Validation.EndBeforeStart"]);
        });
    }
}

public static class AssignmentNoteRules
{
    public static IRuleBuilderOptions<T, string?> AssignmentNote<T>(this IRuleBuilder<T, string?> rule, IStringLocalizer l) =>
        rule.Must(n => n is null || n.Trim().Length <= Assignment.NoteMaxLength)
            .WithMessage(_ => l["Validation.TooLong", l["Assignments.Field.Note"], Assignment.NoteMaxLength])
            .Must(n => n is null || !n.Any(char.IsControl))
            .WithMessage(_ => l["Validation.ControlCharacters", l["Assignments.Field.Note"]]);
}
