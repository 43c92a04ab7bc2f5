using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Calendar;

/// <summary>紧急程度 of a problem; with its category it sets the resolution deadline.</summary>
public enum Urgency
{
    Ordinary = 0,
    Urgent = 1,
    Complex = 2,
}

public static class Urgencies
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new("ordinary", "一般", "Ordinary"),
        new("urgent", "紧急", "Urgent"),
        new("complex", "复杂", "Complex"),
    ];

    /// <summary>The catalogue entry (code and names) of an urgency.</summary>
    public static CatalogEntry Describe(Urgency urgency) => urgency switch
    {
        Urgency.Ordinary => All[0],
        Urgency.Urgent => All[1],
        Urgency.Complex => All[2],
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, null),
    };

    public static bool TryParse(string? code, out Urgency urgency)
    {
        foreach (var value in Enum.GetValues<Urgency>())
        {
            if (Describe(value).Code == code)
            {
                urgency = value;
                return true;
            }
        }
        urgency = default;
        return false;
    }
}
