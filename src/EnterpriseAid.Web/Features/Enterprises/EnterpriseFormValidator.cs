using System.Globalization;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Enterprises;
using FluentValidation;

namespace EnterpriseAid.Web.Features.Enterprises;

public sealed partial class EnterpriseFormValidator : AbstractValidator<EnterpriseFormModel>
{
    public EnterpriseFormValidator(TimeProvider clock)
    {
        RuleFor(m => m.Uscc).Custom((value, ctx) =>
        {
            var error = UnifiedSocialCreditCode.Check(value);
            if (error != UsccError.None) ctx.AddFailure(nameof(EnterpriseFormModel.Uscc), UnifiedSocialCreditCode.Describe(error));
        });
        RuleFor(m => m.Name)
            .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写企业名称")
            .Must(n => n is null || n.Trim().Length <= Enterprise.NameMaxLength).WithMessage($"企业名称不能超过{Enterprise.NameMaxLength}个字")
            .Must(NoControlCharacters).WithMessage("企业名称含有不可见的控制字符");
        RuleFor(m => m.LegalRepresentative)
            .Must(n => n is null || n.Trim().Length <= Enterprise.LegalRepresentativeMaxLength).WithMessage($"法定代表人不能超过{Enterprise.LegalRepresentativeMaxLength}个字")
            .Must(NoControlCharacters).WithMessage("法定代表人含有不可见的控制字符");
        RuleFor(m => m.ScaleClass).Must(ScaleClasses.IsValid).WithMessage("请选择规模类型");
        RuleFor(m => m.IndustrySection).Must(IndustrySections.IsValid).WithMessage("请选择行业门类");
        RuleFor(m => m.TownId).Must(t => long.TryParse(t, out var id) && id > 0).WithMessage("请选择所属镇街");
        RuleForEach(m => m.Tags).Must(EnterpriseTags.IsValid).WithMessage("未知的企业标签");
        RuleFor(m => m.Employees).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) { ctx.AddFailure(nameof(EnterpriseFormModel.Employees), "请填写从业人数"); return; }
            if (!int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                var text = value.Trim();
                ctx.AddFailure(nameof(EnterpriseFormModel.Employees),
                    text.StartsWith('-') ? "从业人数不能为负数"
                    : text.All(char.IsAsciiDigit) ? $"从业人数不能超过{Enterprise.MaxEmployees}"
                    : "从业人数应为整数");
                return;
            }
            if (n > Enterprise.MaxEmployees) ctx.AddFailure(nameof(EnterpriseFormModel.Employees), $"从业人数不能超过{Enterprise.MaxEmployees}");
        });
        RuleFor(m => m.Address)
            .Must(a => a is null || a.Trim().Length <= Enterprise.AddressMaxLength).WithMessage($"地址不能超过{Enterprise.AddressMaxLength}个字")
            .Must(NoControlCharacters).WithMessage("地址含有不可见的控制字符");
        RuleFor(m => m.EstablishedOn).Custom((value, ctx) =>
        {
            if (string.IsNullOrWhiteSpace(value)) return;
            if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                ctx.AddFailure(nameof(EnterpriseFormModel.EstablishedOn), "成立日期格式应为 年-月-日，如 2015-06-30");
                return;
            }
            var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
            if (date > today) ctx.AddFailure(nameof(EnterpriseFormModel.EstablishedOn), "成立日期不能晚于今天");
            else if (date.Year < 1900) ctx.AddFailure(nameof(EnterpriseFormModel.EstablishedOn), "成立日期不能早于1900年");
        });
        RuleFor(m => m.Contacts.Count(c => !c.IsBlank)).LessThanOrEqualTo(Enterprise.MaxContacts)
            .OverridePropertyName(nameof(EnterpriseFormModel.Contacts)).WithMessage($"联系人最多{Enterprise.MaxContacts}位");
        RuleForEach(m => m.Contacts).Where(c => !c.IsBlank).ChildRules(c =>
        {
            c.RuleFor(x => x.Name)
                .Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("请填写联系人姓名")
                .Must(n => n is null || n.Trim().Length <= EnterpriseContact.NameMaxLength).WithMessage($"姓名不能超过{EnterpriseContact.NameMaxLength}个字")
                .Must(NoControlCharacters).WithMessage("姓名含有不可见的控制字符");
            c.RuleFor(x => x.Title)
                .Must(n => n is null || n.Trim().Length <= EnterpriseContact.TitleMaxLength).WithMessage($"职务不能超过{EnterpriseContact.TitleMaxLength}个字")
                .Must(NoControlCharacters).WithMessage("职务含有不可见的控制字符");
            c.RuleFor(x => x.Phone)
                .Must(p => !string.IsNullOrWhiteSpace(p)).WithMessage("请填写联系电话")
                .Must(p => p is null || PhonePattern().IsMatch(p.Trim())).WithMessage("联系电话应为11位手机号或带区号的固定电话，如 0371-12345678");
        });
    }

    private static bool NoControlCharacters(string? s) => s is null || !s.Any(char.IsControl);

    /// <summary>Mainland mobile (1[3-9] + 9 digits) or a landline with area code and optional extension.</summary>
    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")]
    private static partial Regex PhonePattern();
}
