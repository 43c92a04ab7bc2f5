namespace EnterpriseAid.Web.Hosting;

public static class LocalUrl
{
    /// <summary>
    /// A return address only if it stays on this site ("/x", not "//evil" or "/\evil");
    /// otherwise the home page, so links cannot borrow the portal to redirect elsewhere.
    /// </summary>
    public static string OrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\")
        && !url.Any(char.IsControl)
            ? url
            : "/";
}
