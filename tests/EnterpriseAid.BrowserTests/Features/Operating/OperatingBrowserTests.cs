using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Operating;

/// <summary>An official at the firm enters its operating status on a phone; the 复工复产 table counts it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatingBrowserTests(BrowserFixture browser)
{
    private static async Task<(int Reported, int Operating)> RowAsync(IPage page, string scaleClass)
    {
        var cells = page.Locator($"[data-testid=operating-table] tr[data-row={scaleClass}] td");
        return (int.Parse(await cells.Nth(1).InnerTextAsync()), int.Parse(await cells.Nth(2).InnerTextAsync()));
    }

    [Fact]
    public async Task The_official_enters_a_report_on_a_phone_and_the_table_counts_it()
    {
        // A firm of the official's street that has never reported.
        var enterprise = await browser.Database.ScalarAsync<long>("""
            SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id
            WHERE o.code = 'XH-T01' AND NOT EXISTS (SELECT 1 FROM operating_reports r WHERE r.enterprise_id = e.id)
            ORDER BY e.id LIMIT 1
            """);
        var scaleClass = await browser.Database.ScalarAsync<string>($"SELECT scale_class FROM enterprises WHERE id = {enterprise}");
        var page = await browser.SignedInPageAsync("official", 390, 844, mobile: true);
        await page.GotoAsync("/operating");
        var before = await RowAsync(page, scaleClass);

        await page.GotoAsync($"/enterprises/{enterprise}/operating");
        await page.Locator("[data-testid=no-reports]").WaitForAsync();
        // Bad input first: the message stands next to the field and the typed values stay.
        await page.GetByLabel("在岗人数").FillAsync("46");
        await page.GetByLabel("正常用工人数").FillAsync("0");
        await page.Locator("#capacity").FillAsync("85");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.Locator("[data-testid=refused]").WaitForAsync();
        (await page.Locator(".invalid-feedback").AllInnerTextsAsync()).ShouldContain("正常用工人数至少为1人");
        (await page.GetByLabel("在岗人数").InputValueAsync()).ShouldBe("46");

        await page.GetByLabel("正常用工人数").FillAsync("50");
        await page.GetByLabel("备注").FillAsync("订单恢复，两班倒生产");
        await BrowserFixture.ScreenshotAsync(page, "operating-form-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.Locator("[data-testid=saved]").WaitForAsync();
        (await page.Locator("[data-testid=reports]").InnerTextAsync()).ShouldContain("订单恢复，两班倒生产");
        await BrowserFixture.ScreenshotAsync(page, "operating-saved-phone");

        await page.GotoAsync("/operating");
        (await RowAsync(page, scaleClass)).ShouldBe((before.Reported + 1, before.Operating + 1));
        await BrowserFixture.ScreenshotAsync(page, "operating-table-phone");
        await page.SetViewportSizeAsync(1366, 900);
        await BrowserFixture.ScreenshotAsync(page, "operating-table");
    }
}
