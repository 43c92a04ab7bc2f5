using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Policies;

namespace EnterpriseAid.UnitTests.Policies;

public sealed class PolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly OrgUnit City = OrgUnit.Create("JC", "江城市", OrgUnitKind.City, null);
    private static readonly OrgUnit District = OrgUnit.Create("XH", "新河区", OrgUnitKind.District, City);
    private static readonly OrgUnit Commerce = OrgUnit.Create("XH-D03", "新河区商务局", OrgUnitKind.Department, District);

    private static PolicyContent Content(string title = "关于支持外贸企业稳订单拓市场的若干措施", DateOnly? from = null, DateOnly? to = null,
        string[]? clauses = null) =>
        new(title, "新商发〔2026〕5号", PolicyCategory.ForeignTrade, from ?? new DateOnly(2026, 1, 1), to, "对参加境外展会的企业给予补助",
            clauses ?? ["第一条 对参加境外展会的企业，按展位费的50%给予补助。", "  "], ["申报材料：参展合同、付款凭证。"], false,
            PolicyEligibility.Create(tags: ["foreign_trade"]));

    [Fact]
    public void A_policy_keeps_its_content_eligibility_and_a_search_text()
    {
        var p = Policy.Create(Content(), Commerce, Now);
        p.Title.ShouldBe("关于支持外贸企业稳订单拓市场的若干措施");
        p.Clauses.ShouldBe(["第一条 对参加境外展会的企业，按展位费的50%给予补助。"]);
        p.Eligibility.ShouldBe(PolicyEligibility.Create(tags: ["foreign_trade"]));
        p.SearchText.ShouldContain("新商发〔2026〕5号");
        p.SearchText.ShouldContain("参展合同");
        p.CreatedAt.ShouldBe(Now);
    }

    [Fact]
    public void Only_a_department_issues_policies()
    {
        Should.Throw<DomainException>(() => Policy.Create(Content(), District, Now)).Message.ShouldBe("发文单位须为部门");
    }

    [Fact]
    public void The_effective_period_cannot_end_before_it_starts_and_includes_both_ends()
    {
        Should.Throw<DomainException>(() => Policy.Create(Content(from: new DateOnly(2026, 5, 1), to: new DateOnly(2026, 4, 30)), Commerce, Now))
            .Message.ShouldBe("失效日期不能早于生效日期");
        var p = Policy.Create(Content(from: new DateOnly(2026, 1, 1), to: new DateOnly(2026, 12, 31)), Commerce, Now);
        p.IsInEffectOn(new DateOnly(2025, 12, 31)).ShouldBeFalse();
        p.IsInEffectOn(new DateOnly(2026, 1, 1)).ShouldBeTrue();
        p.IsInEffectOn(new DateOnly(2026, 12, 31)).ShouldBeTrue();
        p.IsInEffectOn(new DateOnly(2027, 1, 1)).ShouldBeFalse();
        Policy.Create(Content(to: null), Commerce, Now).IsInEffectOn(new DateOnly(2099, 1, 1)).ShouldBeTrue();
    }

    [Fact]
    public void A_title_is_required_and_bounded()
    {
        Should.Throw<DomainException>(() => Policy.Create(Content(title: "  "), Commerce, Now)).Message.ShouldBe("请填写政策标题");
        Should.Throw<DomainException>(() => Policy.Create(Content(title: new string('政', 201)), Commerce, Now)).Message.ShouldBe("政策标题不能超过200个字");
    }

    [Fact]
    public void Too_many_clauses_are_refused()
    {
        var many = Enumerable.Range(1, 101).Select(i => $"第{i}条").ToArray();
        Should.Throw<DomainException>(() => Policy.Create(Content(clauses: many), Commerce, Now)).Message.ShouldBe("条款最多100条");
    }

    [Fact]
    public void Attachments_are_documents_or_images_of_at_most_ten_megabytes()
    {
        var a = PolicyAttachment.Create(1, @"C:\fakepath\附件1：申报表.docx", [1, 2, 3], 7, Now);
        a.FileName.ShouldBe("附件1：申报表.docx");
        a.ContentType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        a.SizeBytes.ShouldBe(3);
        Should.Throw<DomainException>(() => PolicyAttachment.Create(1, "run.exe", [1], 7, Now)).Message.ShouldBe("附件只能是PDF、OFD、Word、WPS、Excel或图片文件");
        Should.Throw<DomainException>(() => PolicyAttachment.Create(1, "a.pdf", [], 7, Now)).Message.ShouldBe("附件是空文件");
        Should.Throw<DomainException>(() => PolicyAttachment.Create(1, "a.pdf", new byte[PolicyAttachment.MaxBytes + 1], 7, Now))
            .Message.ShouldBe("附件不能超过10MB");
    }

    [Fact]
    public void A_delivery_is_read_once()
    {
        var push = PolicyPush.Deliver(1, 2, 3, Now);
        push.ReadAt.ShouldBeNull();
        push.MarkRead(Now.AddHours(1)).ShouldBeTrue();
        push.MarkRead(Now.AddHours(2)).ShouldBeFalse();
        push.ReadAt.ShouldBe(Now.AddHours(1));
    }

    [Fact]
    public void Every_category_has_a_chinese_name_and_parses_back()
    {
        PolicyCategories.All.Count.ShouldBe(12);
        foreach (var c in Enum.GetValues<PolicyCategory>())
        {
            PolicyCategories.TryParse(PolicyCategories.Describe(c).Code, out var parsed).ShouldBeTrue();
            parsed.ShouldBe(c);
        }
        PolicyCategories.TryParse("7", out _).ShouldBeFalse();
        PolicyCategories.Describe(PolicyCategory.TaxRelief).NameZh.ShouldBe("税费减免");
    }
}
