using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Policies;

[Collection(BrowserCollection.Name)]
public sealed class PolicyBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_dispatcher_searches_the_library_opens_a_policy_and_pushes_it_to_the_firms_it_fits()
    {
        var page = await browser.SignedInPageAsync("dispatcher");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "政策库" }).ClickAsync();
        await page.WaitForURLAsync("**/policies");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("政策库");

        // A two-character word, typed: htmx swaps the results in.
        await page.Locator("#q").FillAsync("外贸");
        await page.Locator("[data-testid=total]", new() { HasText = "共 1 项政策" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "policies-search-desktop");
        await page.GetByRole(AriaRole.Link, new() { Name = "关于支持外贸企业稳订单拓市场的若干措施" }).ClickAsync();
        await page.Locator("[data-testid=policy-title]").WaitForAsync();
        (await page.Locator("[data-testid=clauses] li").CountAsync()).ShouldBe(3);
        (await page.Locator("[data-testid=eligibility]").InnerTextAsync()).ShouldContain("外贸企业");
        await BrowserFixture.ScreenshotAsync(page, "policy-detail-desktop");

        await page.Locator("[data-testid=push-link]").ClickAsync();
        await page.Locator("[data-testid=push-summary]").WaitForAsync();
        var fitting = int.Parse(await page.Locator("[data-testid=fitting]").InnerTextAsync());
        fitting.ShouldBeGreaterThan(1);
        // Leave the first firm of the list out.
        await page.Locator("[data-testid=exclude]").First.ClickAsync();
        await page.Locator("[data-testid=excluded]", new() { HasText = "1" }).WaitForAsync();
        (await page.Locator("[data-testid=to-push]").InnerTextAsync()).ShouldBe((fitting - 1).ToString());
        await BrowserFixture.ScreenshotAsync(page, "policy-push-desktop");

        await page.Locator("[data-testid=push-submit]").ClickAsync();
        await page.Locator("[data-testid=pushed]").WaitForAsync();
        (await page.Locator("[data-testid=pushed]").InnerTextAsync()).ShouldBe($"已推送给 {fitting - 1} 家企业。");
        (await page.Locator("[data-testid=deliveries]").InnerTextAsync()).ShouldContain($"已推送 {fitting - 1} 家企业");

        var id = new Uri(page.Url).AbsolutePath.Split('/')[^1];
        await page.GotoAsync("/policies");
        (await page.Locator("[data-testid=figure-enterprises]").InnerTextAsync()).ShouldNotBe("0");

        var phone = await browser.SignedInPageAsync("dispatcher", width: 390, height: 844, mobile: true);
        foreach (var (url, name) in new[] { ("/policies", "policies-phone"), ($"/policies/{id}", "policy-detail-phone"), ($"/policies/{id}/push", "policy-push-phone"), ($"/policies/{id}/edit", "policy-edit-phone") })
        {
            await phone.GotoAsync(url);
            (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390, url);
            await BrowserFixture.ScreenshotAsync(phone, name);
        }
    }
}
