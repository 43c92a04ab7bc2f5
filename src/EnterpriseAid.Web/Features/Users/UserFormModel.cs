using EnterpriseAid.Domain.Identity;

namespace EnterpriseAid.Web.Features.Users;

/// <summary>
/// What the user form posts. The unit arrives as text so that a tampered value is reported by the
/// validator instead of silently becoming "no unit".
/// </summary>
public sealed class UserFormModel
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? PhoneNumber { get; set; }
    public List<string> Roles { get; set => field = value ?? []; } = [];
    public string? OrgUnitId { get; set; }

    /// <summary>The enterprise of an enterprise user, entered as its 统一社会信用代码.</summary>
    public string? EnterpriseUscc { get; set; }

    /// <summary>The initial password; only the new-user form has it.</summary>
    public string? Password { get; set; }

    /// <summary>Identity's ConcurrencyStamp as the user read it, so a save over someone else's is refused.</summary>
    public string? ConcurrencyStamp { get; set; }

    /// <summary>Set by <see cref="UserCommands"/>, never taken from the post: whether a password is required.</summary>
    public bool IsNew { get; set; }

    public bool IsEnterpriseUser => Roles.Contains(PortalRoles.Enterprise);

    public long? ParsedOrgUnitId => long.TryParse(OrgUnitId?.Trim(), out var id) && id > 0 ? id : null;

    public string NormalizedUscc => (EnterpriseUscc ?? string.Empty).Trim().ToUpperInvariant();

    /// <summary>The roles in catalogue order, without repeats.</summary>
    public List<string> CleanRoles() => PortalRoles.All.Select(r => r.Code).Where(Roles.Contains).ToList();

    public static UserFormModel From(UserDetail user) => new()
    {
        UserName = user.UserName,
        DisplayName = user.DisplayName,
        PhoneNumber = user.PhoneNumber,
        Roles = user.Roles.ToList(),
        OrgUnitId = user.OrgUnitId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        EnterpriseUscc = user.EnterpriseUscc,
        ConcurrencyStamp = user.ConcurrencyStamp,
    };
}

/// <summary>The 停用/启用 form: which state the administrator asked for, so a repeated click does not flip it back.</summary>
public sealed class UserStatusForm
{
    public bool Disable { get; set; }
}

/// <summary>The 重置密码 form: the temporary password the administrator typed.</summary>
public sealed class UserPasswordForm
{
    public string? NewPassword { get; set; }
}

/// <summary>The 解除锁定 form carries nothing but its name.</summary>
public sealed class UserUnlockForm
{
    public string? Confirm { get; set; }
}
