using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Projects;

/// <summary>三个一批 stages in the only order a project may pass through them. Stored as a small integer so "at least 开工" is a comparison.</summary>
public enum ProjectStage
{
    Negotiating = 0,
    Signed = 1,
    Started = 2,
    Producing = 3,
    Effective = 4,
}

public static class ProjectStages
{
    /// <summary>The stages after 在谈, each entered on a milestone date.</summary>
    public static readonly IReadOnlyList<ProjectStage> Milestones = [ProjectStage.Signed, ProjectStage.Started, ProjectStage.Producing, ProjectStage.Effective];

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(ProjectStage.Negotiating), "在谈", "Negotiating"),
        new(nameof(ProjectStage.Signed), "签约", "Signed"),
        new(nameof(ProjectStage.Started), "开工", "Started"),
        new(nameof(ProjectStage.Producing), "投产", "In production"),
        new(nameof(ProjectStage.Effective), "达效", "At full effect"),
    ];

    public static CatalogEntry Describe(ProjectStage stage) =>
        Catalog.Find(All, stage.ToString()) ?? throw new ArgumentOutOfRangeException(nameof(stage), stage, null);

    public static string Zh(ProjectStage stage) => Describe(stage).NameZh;

    public static bool TryParse(string? code, out ProjectStage stage)
    {
        stage = default;
        return code is not null && Catalog.Contains(All, code.Trim()) && Enum.TryParse(code.Trim(), out stage);
    }
}

/// <summary>项目级别.</summary>
public static class ProjectLevels
{
    public const int CodeMaxLength = 16;
    public const string Province = "province";
    public const string City = "city";
    public const string District = "district";
    public const string General = "general";

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(Province, "省重点", "Provincial key"),
        new(City, "市重点", "Municipal key"),
        new(District, "区重点", "District key"),
        new(General, "一般", "Ordinary"),
    ];

    public static bool IsValid(string? code) => Catalog.Contains(All, code);
}

/// <summary>手续 status.</summary>
public enum ProcedureStatus
{
    NotStarted = 0,
    InProgress = 1,
    Done = 2,
}

public static class ProcedureStatuses
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(ProcedureStatus.NotStarted), "未办", "Not started"),
        new(nameof(ProcedureStatus.InProgress), "办理中", "In progress"),
        new(nameof(ProcedureStatus.Done), "已办结", "Done"),
    ];

    public static CatalogEntry Describe(ProcedureStatus status) =>
        Catalog.Find(All, status.ToString()) ?? throw new ArgumentOutOfRangeException(nameof(status), status, null);

    public static bool TryParse(string? code, out ProcedureStatus status)
    {
        status = default;
        return code is not null && Catalog.Contains(All, code.Trim()) && Enum.TryParse(code.Trim(), out status);
    }

    /// <summary>The checklist a new project starts with; the office adds or removes items per project.</summary>
    public static readonly IReadOnlyList<string> Standard = ["立项", "用地预审", "规划许可", "施工许可", "环评", "能评"];
}
