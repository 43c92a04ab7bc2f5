namespace EnterpriseAid.Infrastructure.Reporting;

/// <summary>
/// The 兑现 figures of every counted application of one policy category ("" for every category together): approved and
/// disbursed money in 元 and the enterprises with at least one such application (V0086, ADR-033). Kept by the database
/// in the transaction of every change to applications; read-only for the application, and read only by a user who sees
/// everything (it is not scoped).
/// </summary>
public sealed class SubsidyCategoryFigures
{
    public const string AllCategories = "";

    public string Category { get; init; } = "";
    public int Enterprises { get; init; }
    public decimal Approved { get; init; }
    public decimal Disbursed { get; init; }
}

/// <summary>How many counted applications an enterprise holds in a category (the state behind <see cref="SubsidyCategoryFigures.Enterprises"/>).</summary>
public sealed class SubsidyEnterpriseCategory
{
    public long EnterpriseId { get; init; }
    public string Category { get; init; } = "";
    public int Applications { get; init; }
}
