namespace EnterpriseAid.Domain.Enterprises;

/// <summary>The editable facts of an enterprise, as one value so that registration and edits share one rule set.</summary>
public sealed record EnterpriseProfile(
    string Name,
    string? LegalRepresentative,
    string ScaleClass,
    string IndustrySection,
    long TownId,
    IReadOnlyCollection<string> Tags,
    int Employees,
    string? Address,
    DateOnly? EstablishedOn,
    IReadOnlyList<EnterpriseContact> Contacts);
