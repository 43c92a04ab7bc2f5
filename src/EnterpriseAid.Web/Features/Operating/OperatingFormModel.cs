using System.Globalization;
using EnterpriseAid.Domain.Operating;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Operating;

/// <summary>What the operating-report form posts, as typed (kept as text so that a refused form shows it again unchanged).</summary>
public sealed class OperatingFormModel
{
    public const string Yes = "yes", No = "no";

    public string? ReportedOn { get; set; }
    /// <summary><see cref="Yes"/> (在产/已复工) or <see cref="No"/>.</summary>
    public string? Operating { get; set; }
    public string? StaffOnDuty { get; set; }
    public string? UsualStaff { get; set; }
    public string? CapacityPercent { get; set; }
    public string? Note { get; set; }

    public DateOnly? ParsedReportedOn =>
        DateOnly.TryParseExact(ReportedOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public bool IsOperating => Operating == Yes;

    public static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A report of an enterprise that is not operating may leave the capacity blank: it is 0%.</summary>
    public int? ParsedCapacity => string.IsNullOrWhiteSpace(CapacityPercent) && Operating == No ? 0 : Number(CapacityPercent);

    /// <summary>The status once <see cref="OperatingFormValidator"/> has passed.</summary>
    public OperatingStatus ToStatus() =>
        new(IsOperating, Number(StaffOnDuty) ?? 0, Number(UsualStaff) ?? 0, ParsedCapacity ?? 0, Note);

    /// <summary>A fresh form: today, operating, and the usual staff of the enterprise's latest report when there is one.</summary>
    public static OperatingFormModel Fresh(DateOnly today, OperatingReportRow? latest) => new()
    {
        ReportedOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Operating = Yes,
        UsualStaff = latest?.UsualStaff.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Presence and format of the fields. The rules on the values (date not in the future, ranges, capacity of a firm that is
/// not operating) are the domain's (<see cref="OperatingReport.Violations"/>), which the commands show by field.
/// </summary>
public sealed class OperatingFormValidator : AbstractValidator<OperatingFormModel>
{
    public OperatingFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.ReportedOn).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage(_ => l["Validation.Required", l["Operating.Field.ReportedOn"]])
            .DependentRules(() => RuleFor(x => x.ParsedReportedOn).NotNull().OverridePropertyName(nameof(OperatingFormModel.ReportedOn))
                .WithMessage(_ => l["Validation.Date.Format", l["Operating.Field.ReportedOn"]]));
        RuleFor(x => x.Operating).Must(v => v is OperatingFormModel.Yes or OperatingFormModel.No)
            .WithMessage(_ => l["Validation.Select", l["Operating.Field.Operating"]]);
        Whole(x => x.StaffOnDuty, "Operating.Field.StaffOnDuty", l);
        Whole(x => x.UsualStaff, "Operating.Field.UsualStaff", l);
        RuleFor(x => x.CapacityPercent).Must((m, _) => m.ParsedCapacity is not null)
            .WithMessage(m => string.IsNullOrWhiteSpace(m.CapacityPercent)
                ? l["Validation.Required", l["Operating.Field.Capacity"]]
                : l["Operating.Validation.Whole", l["Operating.Field.Capacity"]]);
    }

    private void Whole(System.Linq.Expressions.Expression<Func<OperatingFormModel, string?>> field, string name, IStringLocalizer<SharedResource> l) =>
        RuleFor(field).Must(v => OperatingFormModel.Number(v) is not null)
            .WithMessage((_, v) => string.IsNullOrWhiteSpace(v) ? l["Validation.Required", l[name]] : l["Operating.Validation.Whole", l[name]]);
}
