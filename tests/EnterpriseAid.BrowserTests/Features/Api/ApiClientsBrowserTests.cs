namespace EnterpriseAid.BrowserTests.Features.Api;

[Collection(BrowserCollection.Name)]
public sealed class ApiClientsBrowserTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1366, false)]
    [InlineData(390, true)]
    public async Task The_administrator_issues_a_key_sees_it_once_and_revokes_it(int width, bool mobile)
    {
        var page = await browser.SignedInPageAsync("admin", width, mobile ? 844 : 900, mobile);
        var suffix = mobile ? "phone" : "desktop";
        await page.GotoAsync("/admin/api-clients");

        await page.FillAsync("#client-name", $"12345政务服务便民热线（{suffix}）");
        await page.SelectOptionAsync("#client-region", new Microsoft.Playwright.SelectOptionValue { Label = "　　城关街道" });
        await page.CheckAsync("#access-write");
        await page.ClickAsync("[data-testid=issue]");

        var key = await page.Locator("[data-testid=key]").InnerTextAsync();
        key.ShouldStartWith("ea_");
        await BrowserFixture.ScreenshotAsync(page, $"api-clients-issued-{suffix}");

        await page.GotoAsync("/admin/api-clients");
        (await page.Locator("body").InnerTextAsync()).ShouldNotContain(key);
        var row = page.Locator("tr", new() { HasText = $"（{suffix}）" });
        await row.Locator("[data-testid=revoke]").ClickAsync();
        await page.Locator("[data-testid=revoked]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, $"api-clients-revoked-{suffix}");
    }

    [Fact]
    public async Task The_register_offers_Excel_and_CSV_downloads_with_its_filters()
    {
        var page = await browser.SignedInPageAsync("official", 390, 844, mobile: true);
        await page.GotoAsync("/enterprises?scale=industry_above");

        (await page.Locator("[data-testid=export-csv]").GetAttributeAsync("href")).ShouldBe("/enterprises/export.csv?scale=industry_above");
        await BrowserFixture.ScreenshotAsync(page, "enterprises-exports-phone", fullPage: false);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-csv]"));
        download.SuggestedFilename.ShouldEndWith(".csv");
        download.SuggestedFilename.ShouldStartWith("企业库-");
    }
}
