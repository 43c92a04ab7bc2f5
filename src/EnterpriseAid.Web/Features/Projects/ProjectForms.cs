using System.Globalization;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Projects;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Projects;

/// <summary>Numbers and dates of the project forms arrive as text; these parse them the one way the validators accept.</summary>
public static class ProjectInput
{
    public const decimal WanYuan = 10_000m;

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>An amount typed in 万元 (up to six decimals, i.e. to the 分), as 元.</summary>
    public static decimal? WanToYuan(string? text)
    {
        var t = text?.Trim().Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(t) || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var wan)) return null;
        // Beyond what a decimal holds in 元 (no real amount is): not an amount, rather than an overflow.
        if (Math.Abs(wan) > decimal.MaxValue / WanYuan) return null;
        var yuan = wan * WanYuan;
        return decimal.Round(yuan, 2) == yuan ? yuan : null;
    }

    public static string Wan(decimal? yuan) => yuan is { } y ? (y / WanYuan).ToString("0.######", CultureInfo.InvariantCulture) : string.Empty;

    public static string Format(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    internal static bool NoControlCharacters(string? s) => s is null || !s.Any(char.IsControl);

    /// <summary>Adds the failure for an amount in 万元: required or not, a number, not negative, within range.</summary>
    internal static void Amount<T>(ValidationContext<T> ctx, string? value, string label, bool required, bool positive, IStringLocalizer l)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) ctx.AddFailure(l["Validation.Required", label]);
            return;
        }
        if (WanToYuan(value) is not { } yuan) { ctx.AddFailure(l["Projects.Validation.Amount", label]); return; }
        if (yuan < 0 || (positive && yuan == 0)) ctx.AddFailure(l[positive ? "Projects.Validation.Positive" : "Projects.Validation.NotNegative", label]);
        else if (yuan > Project.MaxAmount) ctx.AddFailure(l["Projects.Validation.TooLarge", label]);
    }

    internal static void OptionalDate<T>(ValidationContext<T> ctx, string? value, string label, IStringLocalizer l)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        if (Date(value) is not { } d) ctx.AddFailure(l["Validation.Date.Format", label]);
        else if (d.Year is < 2000 or > 2100) ctx.AddFailure(l["Projects.Validation.DateRange", label]);
    }
}

/// <summary>What the create/edit form posts. Stage and actual dates are not here: they move only by the advance form.</summary>
public sealed class ProjectFormModel
{
    public string? Name { get; set; }
    public string? EnterpriseId { get; set; }
    public string? RegionId { get; set; }
    public string? IndustrySection { get; set; }
    public string? Level { get; set; }
    public string? Batch { get; set; }
    /// <summary>万元.</summary>
    public string? TotalInvestment { get; set; }
    public string? AnnualPlanYear { get; set; }
    /// <summary>万元.</summary>
    public string? AnnualPlanInvestment { get; set; }
    public string? SignedPlannedOn { get; set; }
    public string? StartedPlannedOn { get; set; }
    public string? ProducingPlannedOn { get; set; }
    public string? EffectivePlannedOn { get; set; }
    public uint Version { get; set; }

    public ProjectProfile ToProfile() => new(
        Name ?? string.Empty,
        long.TryParse(EnterpriseId, out var e) ? e : 0,
        long.TryParse(RegionId, out var r) ? r : 0,
        IndustrySection ?? string.Empty,
        Level ?? string.Empty,
        Batch ?? string.Empty,
        ProjectInput.WanToYuan(TotalInvestment) ?? 0m,
        int.TryParse(AnnualPlanYear, out var y) ? y : null,
        ProjectInput.WanToYuan(AnnualPlanInvestment),
        new Dictionary<ProjectStage, DateOnly?>
        {
            [ProjectStage.Signed] = ProjectInput.Date(SignedPlannedOn),
            [ProjectStage.Started] = ProjectInput.Date(StartedPlannedOn),
            [ProjectStage.Producing] = ProjectInput.Date(ProducingPlannedOn),
            [ProjectStage.Effective] = ProjectInput.Date(EffectivePlannedOn),
        });

    public static ProjectFormModel From(Project p) => new()
    {
        Name = p.Name,
        EnterpriseId = p.EnterpriseId.ToString(CultureInfo.InvariantCulture),
        RegionId = p.RegionId.ToString(CultureInfo.InvariantCulture),
        IndustrySection = p.IndustrySection,
        Level = p.Level,
        Batch = p.Batch,
        TotalInvestment = ProjectInput.Wan(p.TotalInvestment),
        AnnualPlanYear = p.AnnualPlanYear?.ToString(CultureInfo.InvariantCulture),
        AnnualPlanInvestment = ProjectInput.Wan(p.AnnualPlanInvestment),
        SignedPlannedOn = ProjectInput.Format(p.SignedPlannedOn),
        StartedPlannedOn = ProjectInput.Format(p.StartedPlannedOn),
        ProducingPlannedOn = ProjectInput.Format(p.ProducingPlannedOn),
        EffectivePlannedOn = ProjectInput.Format(p.EffectivePlannedOn),
        Version = p.Version,
    };
}

public sealed class ProjectFormValidator : AbstractValidator<ProjectFormModel>
{
    public ProjectFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Validation.Required", l["Projects.Field.Name"]])
            .Must(n => n is null || n.Trim().Length <= Project.NameMaxLength).WithMessage(_ => l["Validation.TooLong", l["Projects.Field.Name"], Project.NameMaxLength])
            .Must(ProjectInput.NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l["Projects.Field.Name"]]);
        RuleFor(x => x.EnterpriseId).Must(v => long.TryParse(v, out var id) && id > 0).WithMessage(_ => l["Validation.Select", l["Projects.Field.Enterprise"]]);
        RuleFor(x => x.RegionId).Must(v => long.TryParse(v, out var id) && id > 0).WithMessage(_ => l["Validation.Select", l["Projects.Field.Region"]]);
        RuleFor(x => x.IndustrySection).Must(IndustrySections.IsValid).WithMessage(_ => l["Validation.Select", l["Projects.Field.Industry"]]);
        RuleFor(x => x.Level).Must(ProjectLevels.IsValid).WithMessage(_ => l["Validation.Select", l["Projects.Field.Level"]]);
        RuleFor(x => x.Batch)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => l["Validation.Required", l["Projects.Field.Batch"]])
            .Must(n => n is null || n.Trim().Length <= Project.BatchMaxLength).WithMessage(_ => l["Validation.TooLong", l["Projects.Field.Batch"], Project.BatchMaxLength])
            .Must(ProjectInput.NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l["Projects.Field.Batch"]]);
        RuleFor(x => x.TotalInvestment).Custom((v, ctx) =>
            ProjectInput.Amount(ctx, v, l["Projects.Field.TotalInvestment"], required: true, positive: true, l));
        RuleFor(x => x.AnnualPlanInvestment).Custom((v, ctx) =>
            ProjectInput.Amount(ctx, v, l["Projects.Field.AnnualPlan"], required: false, positive: false, l));
        RuleFor(x => x.AnnualPlanYear).Custom((v, ctx) =>
        {
            const string field = nameof(ProjectFormModel.AnnualPlanYear);
            var model = ctx.InstanceToValidate;
            if (string.IsNullOrWhiteSpace(v))
            {
                if (!string.IsNullOrWhiteSpace(model.AnnualPlanInvestment)) ctx.AddFailure(field, l["Validation.Required", l["Projects.Field.PlanYear"]]);
                return;
            }
            if (!int.TryParse(v.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
                ctx.AddFailure(field, l["Projects.Validation.Year"]);
            else if (string.IsNullOrWhiteSpace(model.AnnualPlanInvestment))
                ctx.AddFailure(nameof(ProjectFormModel.AnnualPlanInvestment), l["Validation.Required", l["Projects.Field.AnnualPlan"]]);
        });
        RuleFor(x => x.SignedPlannedOn).Custom((v, ctx) => ProjectInput.OptionalDate(ctx, v, l["Projects.Planned.Signed"], l));
        RuleFor(x => x.StartedPlannedOn).Custom((v, ctx) => ProjectInput.OptionalDate(ctx, v, l["Projects.Planned.Started"], l));
        RuleFor(x => x.ProducingPlannedOn).Custom((v, ctx) => ProjectInput.OptionalDate(ctx, v, l["Projects.Planned.Producing"], l));
        RuleFor(x => x.EffectivePlannedOn).Custom((v, ctx) => ProjectInput.OptionalDate(ctx, v, l["Projects.Planned.Effective"], l));
    }
}

/// <summary>推进阶段: the stage to enter (the next one) and its actual date.</summary>
public sealed class AdvanceFormModel
{
    public string? Stage { get; set; }
    public string? Date { get; set; }
    public uint? Version { get; set; }
}

public sealed class AdvanceFormValidator : AbstractValidator<AdvanceFormModel>
{
    public AdvanceFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Stage).Must(s => ProjectStages.TryParse(s, out var st) && st != ProjectStage.Negotiating)
            .WithMessage(_ => l["Validation.Select", l["Projects.Advance.Stage"]]);
        RuleFor(x => x.Date).Custom((v, ctx) =>
        {
            const string field = nameof(AdvanceFormModel.Date);
            if (string.IsNullOrWhiteSpace(v)) { ctx.AddFailure(field, l["Validation.Required", l["Projects.Advance.Date"]]); return; }
            ProjectInput.OptionalDate(ctx, v, l["Projects.Advance.Date"], l);
        });
    }
}

/// <summary>月度投资填报: the month (yyyy-MM) and the amount completed in it (万元).</summary>
public sealed class ReportFormModel
{
    public string? Month { get; set; }
    public string? Amount { get; set; }
}

public sealed class ReportFormValidator : AbstractValidator<ReportFormModel>
{
    public ReportFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Month).Custom((v, ctx) =>
        {
            const string field = nameof(ReportFormModel.Month);
            if (string.IsNullOrWhiteSpace(v)) { ctx.AddFailure(field, l["Validation.Required", l["Projects.Report.Month"]]); return; }
            if (!YearMonth.TryParse(v, out var m) || m.Year < 2000) ctx.AddFailure(field, l["Projects.Validation.Month"]);
        });
        RuleFor(x => x.Amount).Custom((v, ctx) =>
            ProjectInput.Amount(ctx, v, l["Projects.Report.Amount"], required: true, positive: false, l));
    }
}

/// <summary>手续清单: every row of the checklist with its status and dates, saved together.</summary>
public sealed class ProceduresFormModel
{
    public List<ProcedureRowModel> Rows { get; set => field = value ?? []; } = [];
}

public sealed class ProcedureRowModel
{
    public long Id { get; set; }
    public uint Version { get; set; }
    public string? Name { get; set; }
    public string? Status { get; set; }
    public string? StartedOn { get; set; }
    public string? CompletedOn { get; set; }
    public bool Remove { get; set; }
}

public sealed class ProceduresFormValidator : AbstractValidator<ProceduresFormModel>
{
    public ProceduresFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleForEach(x => x.Rows).ChildRules(r =>
        {
            r.RuleFor(x => x.Status).Must(s => ProcedureStatuses.TryParse(s, out _)).WithMessage(_ => l["Validation.Select", l["Projects.Procedure.Status"]]);
            r.RuleFor(x => x.StartedOn).Custom((v, ctx) => ProjectInput.OptionalDate(ctx, v, l["Projects.Procedure.StartedOn"], l));
            r.RuleFor(x => x.CompletedOn).Custom((v, ctx) => ProjectInput.OptionalDate(ctx, v, l["Projects.Procedure.CompletedOn"], l));
        });
    }
}

/// <summary>添加手续: the name of a new checklist item.</summary>
public sealed class ProcedureAddModel
{
    public string? Name { get; set; }
}
