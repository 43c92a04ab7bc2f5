using Microsoft.AspNetCore.Identity;

namespace EnterpriseAid.Infrastructure.Identity;

/// <summary>
/// A portal account. Government staff belong to one org unit; an enterprise user belongs to one
/// enterprise. Disabled accounts cannot sign in and lose their sessions.
/// </summary>
public sealed class AppUser : IdentityUser<long>
{
    public const int UserNameMaxLength = 32;
    public const int DisplayNameMaxLength = 30;

    public string DisplayName { get; set; } = string.Empty;
    public long? OrgUnitId { get; set; }
    public long? EnterpriseId { get; set; }
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
}

public sealed class AppRole : IdentityRole<long>
{
    public AppRole() { }

    public AppRole(string name) : base(name) { }
}
