using EnterpriseAid.Domain.Enterprises;

namespace EnterpriseAid.Web.Features.Enterprises;

/// <summary>
/// What the create/edit form posts. Numbers and dates arrive as text and are parsed by the
/// validator, so "abc" in 从业人数 is reported instead of silently becoming 0.
/// </summary>
public sealed class EnterpriseFormModel
{
    public string? Uscc { get; set; }
    public string? Name { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? ScaleClass { get; set; }
    public string? IndustrySection { get; set; }
    public string? TownId { get; set; }
    // The form mapper assigns null to a collection the post does not mention.
    public List<string> Tags { get; set => field = value ?? []; } = [];
    public string? Employees { get; set; }
    public string? Address { get; set; }
    public string? EstablishedOn { get; set; }
    public List<ContactFormModel> Contacts { get; set => field = value ?? []; } = [];

    /// <summary>The row version the user started editing from (PostgreSQL xmin).</summary>
    public uint Version { get; set; }

    public void PadContacts()
    {
        while (Contacts.Count < Enterprise.MaxContacts) Contacts.Add(new ContactFormModel());
    }

    public IEnumerable<ContactFormModel> FilledContacts => Contacts.Where(c => c is { IsBlank: false });

    public EnterpriseProfile ToProfile() => new(
        Name: Name ?? string.Empty,
        LegalRepresentative: LegalRepresentative,
        ScaleClass: ScaleClass ?? string.Empty,
        IndustrySection: IndustrySection ?? string.Empty,
        TownId: long.TryParse(TownId, out var town) ? town : 0,
        Tags: Tags.Distinct().ToList(),
        Employees: int.Parse(Employees!.Trim()),
        Address: Address,
        EstablishedOn: string.IsNullOrWhiteSpace(EstablishedOn) ? null : DateOnly.Parse(EstablishedOn.Trim(), System.Globalization.CultureInfo.InvariantCulture),
        Contacts: FilledContacts.Select(c => new EnterpriseContact(c.Name!.Trim(), string.IsNullOrWhiteSpace(c.Title) ? null : c.Title.Trim(), c.Phone!.Trim())).ToList());

    public static EnterpriseFormModel From(Enterprise e)
    {
        var model = new EnterpriseFormModel
        {
            Uscc = e.Uscc,
            Name = e.Name,
            LegalRepresentative = e.LegalRepresentative,
            ScaleClass = e.ScaleClass,
            IndustrySection = e.IndustrySection,
            TownId = e.TownId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Tags = e.Tags.ToList(),
            Employees = e.Employees.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Address = e.Address,
            EstablishedOn = e.EstablishedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Contacts = e.Contacts.Select(c => new ContactFormModel { Name = c.Name, Title = c.Title, Phone = c.Phone }).ToList(),
            Version = e.Version,
        };
        model.PadContacts();
        return model;
    }
}

public sealed class ContactFormModel
{
    public string? Name { get; set; }
    public string? Title { get; set; }
    public string? Phone { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Phone);
}
