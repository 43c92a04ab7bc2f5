using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Calendar;

/// <summary>
/// Every number on the deadline rules form is a whole number of working days from 1 to 365; the dispatch time
/// and the three defaults are required, an override cell may be left empty. Each message is reported against
/// its own cell (<c>Overrides[7].Days</c>), so it shows next to it. Run on a normalised model.
/// </summary>
public sealed class DeadlineRulesFormValidator : AbstractValidator<DeadlineRulesFormModel>
{
    public DeadlineRulesFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.DispatchDays).Custom((value, ctx) =>
        {
            var label = l["DeadlineRules.Dispatch"].Value;
            if (DeadlineRulesFormModel.IsBlank(value)) ctx.AddFailure(nameof(DeadlineRulesFormModel.DispatchDays), l["Validation.Required", label]);
            else if (!DeadlineRulesFormModel.TryParseDays(value, out _))
                ctx.AddFailure(nameof(DeadlineRulesFormModel.DispatchDays), l["DeadlineRules.Validation.Range", label, DeadlineRules.MinDays, DeadlineRules.MaxDays]);
        });

        RuleFor(x => x.Defaults).Custom((cells, ctx) =>
        {
            for (var i = 0; i < cells.Count; i++)
            {
                var urgency = Catalog.Find(Urgencies.All, cells[i].Urgency)?.Name() ?? cells[i].Urgency ?? string.Empty;
                var label = l["DeadlineRules.DefaultFor", urgency].Value;
                var property = $"{nameof(DeadlineRulesFormModel.Defaults)}[{i}].{nameof(DeadlineDaysCell.Days)}";
                if (DeadlineRulesFormModel.IsBlank(cells[i].Days)) ctx.AddFailure(property, l["Validation.Required", label]);
                else if (!DeadlineRulesFormModel.TryParseDays(cells[i].Days, out _))
                    ctx.AddFailure(property, l["DeadlineRules.Validation.Range", label, DeadlineRules.MinDays, DeadlineRules.MaxDays]);
            }
        });

        RuleFor(x => x.Overrides).Custom((cells, ctx) =>
        {
            for (var i = 0; i < cells.Count; i++)
            {
                if (DeadlineRulesFormModel.IsBlank(cells[i].Days) || DeadlineRulesFormModel.TryParseDays(cells[i].Days, out _)) continue;
                ctx.AddFailure($"{nameof(DeadlineRulesFormModel.Overrides)}[{i}].{nameof(DeadlineDaysCell.Days)}",
                    l["DeadlineRules.Validation.CellRange", DeadlineRules.MinDays, DeadlineRules.MaxDays]);
            }
        });
    }
}
