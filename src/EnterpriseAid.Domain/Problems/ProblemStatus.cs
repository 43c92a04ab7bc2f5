using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Problems;

public enum ProblemStatus
{
    Reported = 1,
    Assigned = 2,
    InProgress = 3,
    Resolved = 4,
    Closed = 5,
}

public static class ProblemStatuses
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(ProblemStatus.Reported), "登记", "Reported"),
        new(nameof(ProblemStatus.Assigned), "已交办", "Assigned"),
        new(nameof(ProblemStatus.InProgress), "办理中", "In progress"),
        new(nameof(ProblemStatus.Resolved), "已办结", "Resolved"),
        new(nameof(ProblemStatus.Closed), "已销号", "Closed"),
    ];

    public static CatalogEntry Describe(ProblemStatus status) =>
        Catalog.Find(All, status.ToString()) ?? throw new ArgumentOutOfRangeException(nameof(status), status, null);
}
