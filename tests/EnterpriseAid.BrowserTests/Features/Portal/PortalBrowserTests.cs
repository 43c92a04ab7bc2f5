using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Portal;

/// <summary>A small firm's bookkeeper, on a phone, raises a 诉求 from the portal and follows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_bookkeeper_raises_a_request_on_a_phone_and_sees_it_on_the_portal()
    {
        var page = await browser.SignedInPageAsync("enterprise", 390, 844, mobile: true);
        await page.GotoAsync("/portal");
        await page.Locator("[data-testid=enterprise-name]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "portal-phone");

        await page.Locator("[data-testid=new-problem]").ClickAsync();
        await page.GetByLabel("诉求类别").SelectOptionAsync(new SelectOptionValue { Label = "用工" });
        await page.GetByLabel("诉求标题").FillAsync("急需招聘数控操作工20名");
        // Submitting without the details keeps what was typed and says what is missing.
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await page.Locator("[data-testid=refused]").WaitForAsync();
        (await page.GetByLabel("诉求标题").InputValueAsync()).ShouldBe("急需招聘数控操作工20名");

        await page.GetByLabel("具体情况").FillAsync("新接订单需扩产，希望人社部门协助对接职业院校和招聘会。");
        await BrowserFixture.ScreenshotAsync(page, "portal-new-problem-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/problems/\\d+"));
        (await page.ContentAsync()).ShouldContain("急需招聘数控操作工20名");

        await page.GotoAsync("/portal");
        (await page.Locator("[data-testid=problems]").InnerTextAsync()).ShouldContain("急需招聘数控操作工20名");
    }
}
