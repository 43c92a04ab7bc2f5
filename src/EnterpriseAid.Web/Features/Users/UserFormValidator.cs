using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Identity;
using EnterpriseAid.Infrastructure.Identity;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Users;

/// <summary>
/// Field rules of the user form. Rules that need the database (the unit's kind, whether the
/// enterprise exists, a taken user name, the password policy) are checked by <see cref="UserCommands"/>.
/// Messages are looked up when validating (the validator is a singleton), so each user reads them in their own language.
/// </summary>
public sealed partial class UserFormValidator : AbstractValidator<UserFormModel>
{
    public UserFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.UserName)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Validation.Required", l["Users.UserName"]])
            .Must(n => string.IsNullOrWhiteSpace(n) || UserNamePattern().IsMatch(n.Trim())).WithMessage(_ => l["Users.Validation.UserNamePattern"]);
        RuleFor(x => x.DisplayName)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Validation.Required", l["Users.DisplayName"]])
            .Must(n => n is null || n.Trim().Length <= AppUser.DisplayNameMaxLength).WithMessage(_ => l["Validation.TooLong", l["Users.DisplayName"], AppUser.DisplayNameMaxLength])
            .Must(n => n is null || !n.Any(char.IsControl)).WithMessage(_ => l["Validation.ControlCharacters", l["Users.DisplayName"]]);
        RuleFor(x => x.PhoneNumber)
            .Must(p => string.IsNullOrWhiteSpace(p) || MobilePattern().IsMatch(p.Trim())).WithMessage(_ => l["Users.Validation.Mobile"]);
        RuleFor(x => x.Roles).Custom((roles, ctx) =>
        {
            const string field = nameof(UserFormModel.Roles);
            if (roles.Count == 0) ctx.AddFailure(field, l["Users.Validation.RolesRequired"]);
            else if (!roles.All(PortalRoles.IsValid)) ctx.AddFailure(field, l["Users.Validation.RoleUnknown"]);
            // An enterprise user acts for the enterprise; a government role on the same account would mix the two scopes.
            else if (roles.Contains(PortalRoles.Enterprise) && roles.Any(r => r != PortalRoles.Enterprise))
                ctx.AddFailure(field, l["Users.Validation.EnterpriseAlone"]);
        });
        RuleFor(x => x.OrgUnitId)
            .Must(u => !string.IsNullOrWhiteSpace(u)).WithMessage(_ => l["Validation.Select", l["Users.OrgUnit"]])
            .Must(u => string.IsNullOrWhiteSpace(u) || (long.TryParse(u.Trim(), out var id) && id > 0)).WithMessage(_ => l["Users.Validation.OrgUnitUnknown"])
            .When(x => x.Roles.Count > 0 && !x.IsEnterpriseUser);
        RuleFor(x => x.EnterpriseUscc).Custom((value, ctx) =>
        {
            var error = UnifiedSocialCreditCode.Check(value);
            if (error == UsccError.Empty) ctx.AddFailure(nameof(UserFormModel.EnterpriseUscc), l["Users.Validation.EnterpriseRequired"]);
            else if (error != UsccError.None) ctx.AddFailure(nameof(UserFormModel.EnterpriseUscc), l[$"Validation.Uscc.{error}"]);
        }).When(x => x.IsEnterpriseUser);
        RuleFor(x => x.Password)
            .Must(p => !string.IsNullOrEmpty(p)).WithMessage(_ => l["Validation.Required", l["Users.Password"]])
            .When(x => x.IsNew);
    }

    /// <summary>The characters Identity accepts in a user name (see Authentication), 3 to 32 of them.</summary>
    [GeneratedRegex("^[A-Za-z0-9._-]{3,32}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();
}
