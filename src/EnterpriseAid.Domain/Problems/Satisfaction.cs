using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Problems;

/// <summary>企业评价 of a resolution; only <see cref="Unsatisfied"/> sends the problem back.</summary>
public enum Satisfaction
{
    Satisfied = 1,
    BasicallySatisfied = 2,
    Unsatisfied = 3,
}

public static class Satisfactions
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(Satisfaction.Satisfied), "满意", "Satisfied"),
        new(nameof(Satisfaction.BasicallySatisfied), "基本满意", "Basically satisfied"),
        new(nameof(Satisfaction.Unsatisfied), "不满意", "Unsatisfied"),
    ];

    public static CatalogEntry Describe(Satisfaction satisfaction) =>
        Catalog.Find(All, satisfaction.ToString()) ?? throw new ArgumentOutOfRangeException(nameof(satisfaction), satisfaction, null);
}
