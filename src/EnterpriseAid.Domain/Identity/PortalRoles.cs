using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Identity;

/// <summary>The portal's roles. The code names are stored; the Chinese names are shown.</summary>
public static class PortalRoles
{
    public const string Administrator = nameof(Administrator);
    public const string Supervisor = nameof(Supervisor);
    public const string Dispatcher = nameof(Dispatcher);
    public const string Official = nameof(Official);
    public const string DepartmentHandler = nameof(DepartmentHandler);
    public const string Enterprise = nameof(Enterprise);

    /// <summary>Government staff who work with the enterprise register.</summary>
    public const string Staff = "Administrator,Supervisor,Dispatcher,Official,DepartmentHandler";

    /// <summary>Who may register enterprises and edit their profiles.</summary>
    public const string RegisterEditors = "Administrator,Dispatcher,Official";

    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(Administrator, "系统管理员", "Administrator"),
        new(Supervisor, "领导/督查", "Supervisor"),
        new(Dispatcher, "活动办", "Dispatcher"),
        new(Official, "包联干部", "Official"),
        new(DepartmentHandler, "责任单位经办人", "Department handler"),
        new(Enterprise, "企业用户", "Enterprise user"),
    ];

    public static bool IsValid(string? role) => Catalog.Contains(All, role);
}
