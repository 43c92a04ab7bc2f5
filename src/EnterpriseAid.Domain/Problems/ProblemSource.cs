using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Problems;

/// <summary>问题来源: where the problem was first heard.</summary>
public enum ProblemSource
{
    Visit = 1,
    EnterprisePortal = 2,
    Symposium = 3,
    Hotline = 4,
    Other = 5,
}

public static class ProblemSources
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(ProblemSource.Visit), "走访", "Visit"),
        new(nameof(ProblemSource.EnterprisePortal), "企业在线提交", "Enterprise portal"),
        new(nameof(ProblemSource.Symposium), "座谈会", "Symposium"),
        new(nameof(ProblemSource.Hotline), "服务热线", "Hotline"),
        new(nameof(ProblemSource.Other), "其他", "Other"),
    ];

    public static CatalogEntry Describe(ProblemSource source) =>
        Catalog.Find(All, source.ToString()) ?? throw new ArgumentOutOfRangeException(nameof(source), source, null);
}
