using System.Globalization;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Enterprises;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Enterprises;

/// <summary>
/// Field rules of the enterprise form. Messages come from the resources and are looked up when
/// validating (the validator is a singleton), so each user reads them in their own language.
/// </summary>
public sealed partial class EnterpriseFormValidator : AbstractValidator<EnterpriseFormModel>
{
    public EnterpriseFormValidator(TimeProvider clock, IStringLocalizer<SharedResource> l)
    {
        var m = new Messages(l);

        RuleFor(x => x.Uscc).Custom((value, ctx) =>
        {
            var error = UnifiedSocialCreditCode.Check(value);
            if (error != UsccError.None) ctx.AddFailure(nameof(EnterpriseFormModel.Uscc), l[$"Validation.Uscc.{error}"]);
        });
        RuleFor(x => x.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => m.Required("Enterprise.Name"))
            .Must(n => n is null || n.Trim().Length <= Enterprise.NameMaxLength).WithMessage(_ => m.TooLong("Enterprise.Name", Enterprise.NameMaxLength))
            .Must(NoControlCharacters).WithMessage(_ => m.ControlCharacters("Enterprise.Name"));
        RuleFor(x => x.LegalRepresentative)
            .Must(n => n is null || n.Trim().Length <= Enterprise.LegalRepresentativeMaxLength).WithMessage(_ => m.TooLong("Enterprise.LegalRepresentative", Enterprise.LegalRepresentativeMaxLength))
            .Must(NoControlCharacters).WithMessage(_ => m.ControlCharacters("Enterprise.LegalRepresentative"));
        RuleFor(x => x.ScaleClass).Must(ScaleClasses.IsValid).WithMessage(_ => m.Select("Enterprise.Scale"));
        RuleFor(x => x.IndustrySection).Must(IndustrySections.IsValid).WithMessage(_ => m.Select("Enterprise.Industry"));
        RuleFor(x => x.TownId).Must(t => long.TryParse(t, out var id) && id > 0).WithMessage(_ => m.Select("Enterprise.Town"));
        RuleForEach(x => x.Tags).Must(EnterpriseTags.IsValid).WithMessage(_ => l["Validation.Tags.Unknown"]);
        RuleFor(x => x.Employees).Custom((value, ctx) =>
        {
            const string field = nameof(EnterpriseFormModel.Employees);
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(field, m.Required("Enterprise.Employees")); return; }
            var text = value.Trim();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                ctx.AddFailure(field,
                    text.StartsWith('-') ? l["Validation.Employees.Negative"]
                    : text.All(char.IsAsciiDigit) ? l["Validation.Employees.TooMany", Enterprise.MaxEmployees]
                    : l["Validation.Employees.NotInteger"]);
                return;
            }
            if (n > Enterprise.MaxEmployees) ctx.AddFailure(field, l["Validation.Employees.TooMany", Enterprise.MaxEmployees]);
        });
        RuleFor(x => x.Address)
            .Must(a => a is null || a.Trim().Length <= Enterprise.AddressMaxLength).WithMessage(_ => m.TooLong("Enterprise.Address", Enterprise.AddressMaxLength))
            .Must(NoControlCharacters).WithMessage(_ => m.ControlCharacters("Enterprise.Address"));
        RuleFor(x => x.EstablishedOn).Custom((value, ctx) =>
        {
            const string field = nameof(EnterpriseFormModel.EstablishedOn);
            if (string.IsNullOrWhiteSpace(value)) return;
            if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                ctx.AddFailure(field, l["Validation.Date.Format", l["Enterprise.EstablishedOn"]]);
                return;
            }
            var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
            if (date > today) ctx.AddFailure(field, l["Validation.Date.Future", l["Enterprise.EstablishedOn"]]);
            else if (date.Year < 1900) ctx.AddFailure(field, l["Validation.Date.TooEarly", l["Enterprise.EstablishedOn"]]);
        });
        RuleFor(x => x.Contacts.Count(c => !c.IsBlank)).LessThanOrEqualTo(Enterprise.MaxContacts)
            .OverridePropertyName(nameof(EnterpriseFormModel.Contacts))
            .WithMessage(_ => l["Validation.Contacts.TooMany", Enterprise.MaxContacts]);
        RuleForEach(x => x.Contacts).Where(c => !c.IsBlank).ChildRules(c =>
        {
            c.RuleFor(x => x.Name)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => m.Required("Contact.NameField"))
                .Must(n => n is null || n.Trim().Length <= EnterpriseContact.NameMaxLength).WithMessage(_ => m.TooLong("Contact.NameField", EnterpriseContact.NameMaxLength))
                .Must(NoControlCharacters).WithMessage(_ => m.ControlCharacters("Contact.NameField"));
            c.RuleFor(x => x.Title)
                .Must(n => n is null || n.Trim().Length <= EnterpriseContact.TitleMaxLength).WithMessage(_ => m.TooLong("Contact.Title", EnterpriseContact.TitleMaxLength))
                .Must(NoControlCharacters).WithMessage(_ => m.ControlCharacters("Contact.Title"));
            c.RuleFor(x => x.Phone)
                .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage(_ => m.Required("Contact.Phone"))
                .Must(p => p is null || PhonePattern().IsMatch(p.Trim())).WithMessage(_ => l["Validation.Phone.Pattern"]);
        });
    }

    private static bool NoControlCharacters(string? s) => s is null || !s.Any(char.IsControl);

    /// <summary>Mainland mobile (1[3-9] + 9 digits) or a landline with area code and optional extension.</summary>
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")]
    private static partial Regex PhonePattern();

    /// <summary>The generic messages, with the field's own name (a resource key) filled in.</summary>
    private sealed class Messages(IStringLocalizer l)
    {
        public string Required(string fieldKey) => l["Validation.Required", l[fieldKey]];
        public string Select(string fieldKey) => l["Validation.Select", l[fieldKey]];
        public string TooLong(string fieldKey, int max) => l["Validation.TooLong", l[fieldKey], max];
        public string ControlCharacters(string fieldKey) => l["Validation.ControlCharacters", l[fieldKey]];
    }
}
