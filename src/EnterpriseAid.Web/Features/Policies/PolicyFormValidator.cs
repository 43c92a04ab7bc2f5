using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Policies;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Policies;

/// <summary>Field rules of the policy form; messages are looked up when validating, in the user's language.</summary>
public sealed class PolicyFormValidator : AbstractValidator<PolicyFormModel>
{
    public PolicyFormValidator(IStringLocalizer<SharedResource> l)
    {
        string Required(string key) => l["Validation.Required", l[key]];
        string TooLong(string key, int max) => l["Validation.TooLong", l[key], max];
        string Control(string key) => l["Validation.ControlCharacters", l[key]];

        RuleFor(x => x.Title)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => Required("Policies.Field.Title"))
            .Must(t => t is null || t.Trim().Length <= Policy.TitleMaxLength).WithMessage(_ => TooLong("Policies.Field.Title", Policy.TitleMaxLength))
            .Must(NoControlCharacters).WithMessage(_ => Control("Policies.Field.Title"));
        RuleFor(x => x.DocumentNo)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => Required("Policies.Field.DocumentNo"))
            .Must(t => t is null || t.Trim().Length <= Policy.DocumentNoMaxLength).WithMessage(_ => TooLong("Policies.Field.DocumentNo", Policy.DocumentNoMaxLength))
            .Must(NoControlCharacters).WithMessage(_ => Control("Policies.Field.DocumentNo"));
        RuleFor(x => x.IssuingDepartmentId).Must(d => long.TryParse(d, out var id) && id > 0)
            .WithMessage(_ => l["Validation.Select", l["Policies.Field.Department"]]);
        RuleFor(x => x.Category).Must(c => PolicyCategories.TryParse(c, out _))
            .WithMessage(_ => l["Validation.Select", l["Policies.Field.Category"]]);
        RuleFor(x => x.EffectiveFrom).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(nameof(PolicyFormModel.EffectiveFrom), Required("Policies.Field.EffectiveFrom"));
            else if (PolicyFormModel.Date(value) is null) ctx.AddFailure(nameof(PolicyFormModel.EffectiveFrom), l["Validation.Date.Format", l["Policies.Field.EffectiveFrom"]]);
        });
        RuleFor(x => x.EffectiveTo).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            if (PolicyFormModel.Date(value) is not { } to)
                ctx.AddFailure(nameof(PolicyFormModel.EffectiveTo), l["Validation.Date.Format", l["Policies.Field.EffectiveTo"]]);
            else if (PolicyFormModel.Date(ctx.InstanceToValidate.EffectiveFrom) is { } from && to < from)
                ctx.AddFailure(nameof(PolicyFormModel.EffectiveTo), l["Policies.Validation.EndBeforeStart"]);
        });
        RuleFor(x => x.Summary)
            .Must(t => t is null || t.Trim().Length <= Policy.SummaryMaxLength).WithMessage(_ => TooLong("Policies.Field.Summary", Policy.SummaryMaxLength));
        RuleFor(x => x.Clauses).Custom((value, ctx) => Paragraphs(value, nameof(PolicyFormModel.Clauses), "Policies.Field.Clauses", ctx, l));
        RuleFor(x => x.ImplementingRules).Custom((value, ctx) => Paragraphs(value, nameof(PolicyFormModel.ImplementingRules), "Policies.Field.Rules", ctx, l));
        RuleForEach(x => x.ScaleClasses).Must(ScaleClasses.IsValid).WithMessage(_ => l["Policies.Validation.UnknownCode"]);
        RuleForEach(x => x.IndustrySections).Must(IndustrySections.IsValid).WithMessage(_ => l["Policies.Validation.UnknownCode"]);
        RuleForEach(x => x.Tags).Must(EnterpriseTags.IsValid).WithMessage(_ => l["Policies.Validation.UnknownCode"]);
        RuleForEach(x => x.TownIds).Must(t => long.TryParse(t, out var id) && id > 0).WithMessage(_ => l["Policies.Validation.UnknownCode"]);
        RuleFor(x => x.EmployeesMin).Custom((v, ctx) => Count(v, nameof(PolicyFormModel.EmployeesMin), Enterprise.MaxEmployees, ctx, l));
        RuleFor(x => x.EmployeesMax).Custom((v, ctx) =>
        {
            if (!Count(v, nameof(PolicyFormModel.EmployeesMax), Enterprise.MaxEmployees, ctx, l)) return;
            if (PolicyFormModel.Number(ctx.InstanceToValidate.EmployeesMin) is { } min && PolicyFormModel.Number(v) is { } max && min > max)
                ctx.AddFailure(nameof(PolicyFormModel.EmployeesMax), l["Policies.Validation.EmployeeRange"]);
        });
        RuleFor(x => x.RegisteredMonthsMin).Custom((v, ctx) =>
            Count(v, nameof(PolicyFormModel.RegisteredMonthsMin), PolicyEligibility.MaxRegisteredMonths, ctx, l));
    }

    private static bool NoControlCharacters(string? s) => s is null || !s.Any(char.IsControl);

    private static void Paragraphs(string? value, string field, string label, ValidationContext<PolicyFormModel> ctx, IStringLocalizer l)
    {
        var lines = PolicyFormModel.Lines(value);
        if (lines.Count > Policy.MaxClauses) ctx.AddFailure(field, l["Policies.Validation.TooManyLines", l[label], Policy.MaxClauses]);
        else if (lines.Any(s => s.Length > Policy.ClauseMaxLength)) ctx.AddFailure(field, l["Policies.Validation.LineTooLong", l[label], Policy.ClauseMaxLength]);
    }

    /// <summary>An optional whole number from 0 to <paramref name="max"/>; true when it is blank or valid.</summary>
    private static bool Count(string? value, string field, int max, ValidationContext<PolicyFormModel> ctx, IStringLocalizer l)
    {
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (PolicyFormModel.Number(value) is not { } n || n > max)
        {
            ctx.AddFailure(field, l["Policies.Validation.WholeNumber", max]);
            return false;
        }
        return true;
    }
}
