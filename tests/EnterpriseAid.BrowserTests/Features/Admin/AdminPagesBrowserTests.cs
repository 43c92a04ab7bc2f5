namespace EnterpriseAid.BrowserTests.Features.Admin;

[Collection(BrowserCollection.Name)]
public sealed class AdminPagesBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_administrator_sees_the_org_tree_and_the_audit_log_of_what_happened()
    {
        var page = await browser.SignedInPageAsync("admin");

        await page.GotoAsync("/admin/org-units");
        (await page.Locator("body").InnerTextAsync()).ShouldContain("城关街道");
        (await page.Locator("body").InnerTextAsync()).ShouldContain("新河区商务局");
        await BrowserFixture.ScreenshotAsync(page, "admin-org-units");

        await page.GotoAsync("/admin/audit");
        await BrowserFixture.ScreenshotAsync(page, "admin-audit-log", fullPage: false);
        var text = await page.Locator("body").InnerTextAsync();
        text.ShouldContain("admin");
        // Personal data never shows in full in the log (a mobile number standing on its own).
        var phone = System.Text.RegularExpressions.Regex.Match(text, @"(?<![0-9A-Z])1[3-9]\d{9}(?![0-9A-Z])");
        phone.Success.ShouldBeFalse(phone.Value);
    }

    [Fact]
    public async Task The_administrator_lists_users_with_masked_phones_and_opens_the_new_user_form()
    {
        var page = await browser.SignedInPageAsync("admin");

        await page.GotoAsync("/admin/users");
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var user in new[] { "admin", "leader", "dispatcher", "official", "handler", "enterprise" }) text.ShouldContain(user);
        await BrowserFixture.ScreenshotAsync(page, "admin-users");

        await page.GotoAsync("/admin/users/new");
        (await page.Locator("h1").InnerTextAsync()).ShouldContain("新增用户");
        await BrowserFixture.ScreenshotAsync(page, "admin-user-new");
    }
}
