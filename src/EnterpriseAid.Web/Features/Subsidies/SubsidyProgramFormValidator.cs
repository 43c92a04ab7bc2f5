using System.Globalization;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Subsidies;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Subsidies;

/// <summary>Field rules of the new-programme form, each message next to its field; the domain checks the same rules again.</summary>
public sealed class SubsidyProgramFormValidator : AbstractValidator<SubsidyProgramForm>
{
    public SubsidyProgramFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.PolicyId).Must(id => id > 0).WithMessage(_ => l["Validation.Select", l["Subsidies.Policy"]]);
        RuleFor(x => x.Name)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["Validation.Required", l["Subsidies.Program"]])
            .Must(t => t is null || t.Trim().Length <= SubsidyProgram.NameMaxLength).WithMessage(_ => l["Validation.TooLong", l["Subsidies.Program"], SubsidyProgram.NameMaxLength]);
        RuleFor(x => x.Batch)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage(_ => l["Validation.Required", l["Subsidies.Batch"]])
            .Must(t => t is null || t.Trim().Length <= SubsidyProgram.BatchMaxLength).WithMessage(_ => l["Validation.TooLong", l["Subsidies.Batch"], SubsidyProgram.BatchMaxLength]);
        RuleFor(x => x.Budget).Must(IsMoney).WithMessage(_ => l["Subsidies.Validation.Money", l["Subsidies.Budget"]]);
        RuleFor(x => x.ApplyFrom).Must(t => Date(t) is not null).WithMessage(_ => l["Subsidies.Validation.Date", l["Subsidies.ApplyFrom"]]);
        RuleFor(x => x.ApplyTo).Must(t => Date(t) is not null).WithMessage(_ => l["Subsidies.Validation.Date", l["Subsidies.ApplyTo"]])
            .Must((f, t) => Date(f.ApplyFrom) is not { } from || Date(t) is not { } to || to >= from).WithMessage(_ => l["Subsidies.Validation.Window"]);
        RuleFor(x => x.NoticeDays).Must(d => d is >= 1 and <= SubsidyProgram.MaxNoticeDays)
            .WithMessage(_ => l["Subsidies.Validation.NoticeDays", SubsidyProgram.MaxNoticeDays]);
        RuleFor(x => x.StandardAmount).Must(IsMoney).When(x => x.MianShenJiXiang)
            .WithMessage(_ => l["Subsidies.Validation.Money", l["Subsidies.StandardAmount"]]);
    }

    private static bool IsMoney(string? text)
    {
        try
        {
            SubsidyCommands.Money(text, "金额");
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
