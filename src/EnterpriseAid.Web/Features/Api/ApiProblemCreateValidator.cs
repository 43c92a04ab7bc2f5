using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Api;
using FluentValidation;

namespace EnterpriseAid.Web.Features.Api;

/// <summary>The shape of a pushed problem, checked before anything is looked up; messages are per field and in Chinese.</summary>
public sealed class ApiProblemCreateValidator : AbstractValidator<ApiProblemCreate>
{
    public ApiProblemCreateValidator()
    {
        RuleFor(x => x.Uscc).Must(u => UnifiedSocialCreditCode.TryParse(u, out _))
            .WithMessage("请填写有效的18位统一社会信用代码");
        RuleFor(x => x.Category).Must(c => Catalog.Contains(ProblemCategories.All, c))
            .WithMessage($"问题类别应为以下之一：{string.Join("、", ProblemCategories.All.Select(c => c.Code))}");
        RuleFor(x => x.Description).NotEmpty().WithMessage("请填写问题描述")
            .MaximumLength(Problem.DescriptionMaxLength).WithMessage($"问题描述不能超过{Problem.DescriptionMaxLength}个字");
        RuleFor(x => x.Title).MaximumLength(Problem.TitleMaxLength).WithMessage($"问题标题不能超过{Problem.TitleMaxLength}个字");
        RuleFor(x => x.Urgency).Must(u => u is null || Urgencies.TryParse(u, out _))
            .WithMessage("紧急程度应为 ordinary、urgent 或 complex");
        RuleFor(x => x.SourceSystem).NotEmpty().WithMessage("请填写来源系统名称")
            .MaximumLength(ApiProblemSource.SourceSystemMaxLength).WithMessage($"来源系统名称不能超过{ApiProblemSource.SourceSystemMaxLength}个字");
        RuleFor(x => x.ReporterContact).MaximumLength(ApiProblemSource.ReporterContactMaxLength)
            .WithMessage($"反映人联系方式不能超过{ApiProblemSource.ReporterContactMaxLength}个字");
        RuleFor(x => x.ExternalReference).MaximumLength(ApiProblemSource.ExternalReferenceMaxLength)
            .WithMessage($"外部编号不能超过{ApiProblemSource.ExternalReferenceMaxLength}个字");
    }
}
