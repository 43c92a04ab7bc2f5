using System.Globalization;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Identity;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Users;

/// <summary>How an account's roles, state and times read on the user pages.</summary>
public static class UserDisplay
{
    public sealed record AccountStatus(string Key, string Css, DateTimeOffset? Until)
    {
        public string Text(IStringLocalizer l) =>
            Until is { } until ? l[Key, Time(until)] : l[Key];
    }

    public static string RoleName(string code) => Catalog.Find(PortalRoles.All, code)?.Name() ?? code;

    /// <summary>正常, 已停用, or 已锁定至 a time; a lockout that has run out no longer counts.</summary>
    public static AccountStatus Status(bool isDisabled, DateTimeOffset? lockoutEnd, DateTimeOffset now) =>
        isDisabled ? new("Users.Status.Disabled", "text-bg-secondary", null)
        : lockoutEnd is { } end && end > now ? new("Users.Status.LockedUntil", "text-bg-warning", end)
        : new("Users.Status.Active", "text-bg-success", null);

    public static string Time(DateTimeOffset time) => time.ToChinaTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time, IStringLocalizer l) => time is { } t ? Time(t) : l["Users.NeverSignedIn"];
}
