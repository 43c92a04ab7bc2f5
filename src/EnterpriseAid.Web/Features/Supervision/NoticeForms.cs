using System.Globalization;
using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Supervision;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Supervision;

/// <summary>What the 开具督办单 form posts. The date arrives as text and the validator parses it.</summary>
public sealed class NoticeIssueFormModel
{
    public string? Level { get; set; }
    public string? Requirement { get; set; }
    public string? ReplyDue { get; set; }

    public DeadlineFlag? ParsedLevel => SupervisionLevels.TryParse(Level, out var level) ? level : null;

    public DateOnly? ParsedReplyDue =>
        DateOnly.TryParseExact(ReplyDue?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>What the reply form posts: the text and the notice's row version the page showed.</summary>
public sealed class NoticeReplyFormModel
{
    public uint? Version { get; set; }
    public string? Reply { get; set; }
}

/// <summary>
/// Field rules of the issue form, with messages from the resources looked up when validating (the
/// validator is a singleton). <see cref="SupervisionNotice.Issue"/> checks the same rules again.
/// </summary>
public sealed class NoticeIssueFormValidator : AbstractValidator<NoticeIssueFormModel>
{
    public NoticeIssueFormValidator(TimeProvider clock, IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Level).Must(level => SupervisionLevels.TryParse(level, out _))
            .WithMessage(_ => l["Validation.Select", l["Supervision.Field.Level"]]);
        RuleFor(x => x.Requirement)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Validation.Required", l["Supervision.Field.Requirement"]])
            .Must(s => s is null || s.Trim().Length <= SupervisionNotice.RequirementMaxLength)
            .WithMessage(_ => l["Validation.TooLong", l["Supervision.Field.Requirement"], SupervisionNotice.RequirementMaxLength])
            .Must(NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l["Supervision.Field.Requirement"]]);
        RuleFor(x => x.ReplyDue).Custom((value, ctx) =>
        {
            const string field = nameof(NoticeIssueFormModel.ReplyDue);
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(field, l["Validation.Required", l["Supervision.Field.ReplyDue"]]); return; }
            if (new NoticeIssueFormModel { ReplyDue = value }.ParsedReplyDue is not { } due)
            {
                ctx.AddFailure(field, l["Validation.Date.Format", l["Supervision.Field.ReplyDue"]]);
                return;
            }
            var today = ProblemActors.ChinaToday(clock);
            if (due <= today) ctx.AddFailure(field, l["Supervision.Validation.ReplyDueAfterToday"]);
            else if (due > today.AddDays(SupervisionNotice.MaxReplyDays)) ctx.AddFailure(field, l["Supervision.Validation.ReplyDueTooFar", SupervisionNotice.MaxReplyDays]);
        });
    }

    // Line breaks are welcome in a requirement; other control characters are not.
    internal static bool NoControlCharacters(string? s) => s is null || !s.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));
}

public sealed class NoticeReplyFormValidator : AbstractValidator<NoticeReplyFormModel>
{
    public NoticeReplyFormValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Reply)
            .Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => l["Validation.Required", l["Supervision.Field.Reply"]])
            .Must(s => s is null || s.Trim().Length <= SupervisionNotice.ReplyMaxLength)
            .WithMessage(_ => l["Validation.TooLong", l["Supervision.Field.Reply"], SupervisionNotice.ReplyMaxLength])
            .Must(NoticeIssueFormValidator.NoControlCharacters).WithMessage(_ => l["Validation.ControlCharacters", l["Supervision.Field.Reply"]]);
    }
}
