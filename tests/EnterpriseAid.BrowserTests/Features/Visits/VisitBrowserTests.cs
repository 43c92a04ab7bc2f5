using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Visits;

[Collection(BrowserCollection.Name)]
public sealed class VisitBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_official_logs_a_visit_on_a_phone_by_typing_part_of_the_enterprise_name()
    {
        var name = await browser.Database.ScalarAsync<string>(
            "SELECT e.name FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.name, e.id LIMIT 1");
        // First by name, so it is on the first page of 我的企业 too.
        var page = await browser.SignedInPageAsync("official", width: 390, height: 844, mobile: true);

        await page.GotoAsync("/visits/new");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("登记走访");
        // The signed-in official is ticked as present, the date is today in Beijing.
        (await page.Locator("input[name='Model.OfficialIds']:checked").CountAsync()).ShouldBe(1);
        (await page.Locator("#visited-on").InputValueAsync()).ShouldBe(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd"));

        await page.Locator("#enterprise-q").PressSequentiallyAsync(name[..Math.Max(2, name.Length - 4)]);
        // htmx fills the options as the user types; no button press.
        var option = page.Locator("#enterprise-results label", new() { HasText = name });
        await option.ClickAsync();
        (await page.Locator("#enterprise-results input[name='Model.EnterpriseIds']:checked").CountAsync()).ShouldBe(1);
        await page.Locator("#summary").FillAsync("走访企业负责人，了解订单和用工情况。");
        await page.Locator("#notes-problems").FillAsync("普工缺口约20人");

        // Nothing sticks out sideways on a phone.
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "visit-new-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.WaitForURLAsync("**/visits/new?saved=*");
        var saved = page.Locator("[data-testid=saved]");
        (await saved.InnerTextAsync()).ShouldContain("走访已登记");
        (await saved.InnerTextAsync()).ShouldContain(name);

        await page.GotoAsync("/my/enterprises");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("我的企业");
        var row = page.Locator("table tbody tr", new() { HasText = name });
        (await row.InnerTextAsync()).ShouldContain(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).ToString("yyyy-MM-dd"));
        await BrowserFixture.ScreenshotAsync(page, "my-enterprises");
    }
}
