namespace EnterpriseAid.Domain.Enterprises;

/// <summary>A person at the enterprise the officials call (联系人).</summary>
public sealed class EnterpriseContact
{
    public const int NameMaxLength = 30;
    public const int TitleMaxLength = 30;
    public const int PhoneMaxLength = 20;

    public EnterpriseContact(string name, string? title, string phone)
    {
        Name = name;
        Title = title;
        Phone = phone;
    }

    // For EF Core materialisation.
    private EnterpriseContact() : this(string.Empty, null, string.Empty) { }

    public string Name { get; private set; }
    public string? Title { get; private set; }
    public string Phone { get; private set; }
}
