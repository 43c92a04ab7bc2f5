using System.Globalization;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Organization;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Organization;

/// <summary>
/// Field rules of the org unit form. Whether the kind fits under the parent needs the parent and is
/// checked by <see cref="OrgUnitCommands"/>. Messages are looked up when validating (the validator
/// is a singleton), so each user reads them in their own language.
/// </summary>
public sealed partial class OrgUnitFormValidator : AbstractValidator<OrgUnitFormModel>
{
    public OrgUnitFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Kind)
            .Must(k => OrgUnitFormModel.TryParseKind(k, out _)).WithMessage(_ => l["Validation.Select", l["Org.KindField"]]);
        RuleFor(x => x.Code)
            .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage(_ => l["Validation.Required", l["Org.Code"]])
            .Must(c => c is null || c.Trim().Length <= OrgUnit.CodeMaxLength).WithMessage(_ => l["Validation.TooLong", l["Org.Code"], OrgUnit.CodeMaxLength])
            .Must(c => string.IsNullOrWhiteSpace(c) || CodePattern().IsMatch(c.Trim())).WithMessage(_ => l["Org.Validation.CodePattern"]);
        RuleFor(x => x.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Validation.Required", l["Org.Name"]])
            .Must(n => n is null || n.Trim().Length <= OrgUnit.NameMaxLength).WithMessage(_ => l["Validation.TooLong", l["Org.Name"], OrgUnit.NameMaxLength])
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage(_ => l["Validation.ControlCharacters", l["Org.Name"]]);
        RuleFor(x => x.SortOrder).Custom((value, ctx) =>
        {
            const string field = nameof(OrgUnitFormModel.SortOrder);
            if (string.IsNullOrWhiteSpace(value)) ctx.AddFailure(field, l["Validation.Required", l["Org.SortOrder"]]);
            else if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > OrgUnit.SortOrderMax)
                ctx.AddFailure(field, l["Org.Validation.SortOrderRange", OrgUnit.SortOrderMax]);
        });
    }

    /// <summary>Letters, digits and - _ . (division codes such as 410105, or XH-T01); it must start with a letter or digit.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex CodePattern();
}
