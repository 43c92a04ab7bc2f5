using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Enterprises;

/// <summary>企业: a firm in the register, keyed by its unified social credit code.</summary>
public sealed class Enterprise
{
    public const int NameMaxLength = 100;
    public const int LegalRepresentativeMaxLength = 30;
    public const int AddressMaxLength = 200;
    public const int MaxContacts = 3;
    public const int MaxEmployees = 1_000_000;

    private List<string> _tags = [];
    private List<EnterpriseContact> _contacts = [];

    private Enterprise() { }

    public long Id { get; private set; }
    public string Uscc { get; private set; } = string.Empty;
    public string Name { get; private set; } = string.Empty;
    public string? LegalRepresentative { get; private set; }
    public string ScaleClass { get; private set; } = string.Empty;
    public string IndustrySection { get; private set; } = string.Empty;
    public long TownId { get; private set; }
    public IReadOnlyList<string> Tags => _tags;
    public int Employees { get; private set; }
    public string? Address { get; private set; }
    public DateOnly? EstablishedOn { get; private set; }
    public IReadOnlyList<EnterpriseContact> Contacts => _contacts;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Row version (PostgreSQL xmin) for optimistic concurrency.</summary>
    public uint Version { get; private set; }

    public static Enterprise Register(UnifiedSocialCreditCode uscc, EnterpriseProfile profile, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(uscc.Value)) throw new DomainException(UnifiedSocialCreditCode.Describe(UsccError.Empty));
        var enterprise = new Enterprise { Uscc = uscc.Value, CreatedAt = now };
        enterprise.Apply(profile, now);
        return enterprise;
    }

    public void UpdateProfile(EnterpriseProfile profile, DateTimeOffset now) => Apply(profile, now);

    private void Apply(EnterpriseProfile p, DateTimeOffset now)
    {
        var name = p.Name?.Trim() ?? string.Empty;
        if (name.Length == 0) throw new DomainException("请填写企业名称");
        if (name.Length > NameMaxLength) throw new DomainException($"企业名称不能超过{NameMaxLength}个字");
        var legal = Blank(p.LegalRepresentative);
        if (legal?.Length > LegalRepresentativeMaxLength) throw new DomainException($"法定代表人不能超过{LegalRepresentativeMaxLength}个字");
        if (!ScaleClasses.IsValid(p.ScaleClass)) throw new DomainException("请选择规模类型");
        if (!IndustrySections.IsValid(p.IndustrySection)) throw new DomainException("请选择行业门类");
        if (p.TownId <= 0) throw new DomainException("请选择所属镇街");
        var unknownTag = p.Tags.FirstOrDefault(t => !EnterpriseTags.IsValid(t));
        if (unknownTag is not null) throw new DomainException($"未知的企业标签：{unknownTag}");
        if (p.Employees < 0) throw new DomainException("从业人数不能为负数");
        if (p.Employees > MaxEmployees) throw new DomainException($"从业人数不能超过{MaxEmployees}");
        var address = Blank(p.Address);
        if (address?.Length > AddressMaxLength) throw new DomainException($"地址不能超过{AddressMaxLength}个字");
        if (p.EstablishedOn is { } est && est > DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)))
            throw new DomainException("成立日期不能晚于今天");
        if (p.Contacts.Count > MaxContacts) throw new DomainException($"联系人最多{MaxContacts}位");
        foreach (var c in p.Contacts)
        {
            if (string.IsNullOrWhiteSpace(c.Name)) throw new DomainException("联系人姓名不能为空");
            if (string.IsNullOrWhiteSpace(c.Phone)) throw new DomainException("联系人电话不能为空");
            if (c.Name.Length > EnterpriseContact.NameMaxLength) throw new DomainException($"联系人姓名不能超过{EnterpriseContact.NameMaxLength}个字");
            if (c.Title?.Length > EnterpriseContact.TitleMaxLength) throw new DomainException($"联系人职务不能超过{EnterpriseContact.TitleMaxLength}个字");
            if (c.Phone.Length > EnterpriseContact.PhoneMaxLength) throw new DomainException($"联系电话不能超过{EnterpriseContact.PhoneMaxLength}个字符");
        }

        Name = name;
        LegalRepresentative = legal;
        ScaleClass = p.ScaleClass;
        IndustrySection = p.IndustrySection;
        TownId = p.TownId;
        // Catalogue order, not click order, so that equal tag sets compare equal.
        _tags = EnterpriseTags.All.Select(t => t.Code).Where(p.Tags.Contains).ToList();
        Employees = p.Employees;
        Address = address;
        EstablishedOn = p.EstablishedOn;
        _contacts = p.Contacts.ToList();
        UpdatedAt = now;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
