using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Assistance;

/// <summary>An official records a loan the finance office arranged, from the enterprise's ledger, and sees it there and in the totals.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AssistanceBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_official_records_a_loan_from_the_ledger_on_a_phone()
    {
        var enterprise = await browser.Database.ScalarAsync<long>(
            "SELECT min(e.id) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.name = '城关街道'");
        var page = await browser.SignedInPageAsync("official", 390, 844, mobile: true);
        await page.GotoAsync($"/enterprises/{enterprise}/ledger");
        await page.Locator("[data-testid=assistance-new]").ClickAsync();

        await page.GetByLabel("保障类型").SelectOptionAsync("Loan");
        await page.GetByLabel("提供部门").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("金额（元）").FillAsync("3500000");
        // No bank: the form says so and keeps the amount.
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.Locator("[data-testid=refused]").WaitForAsync();
        (await page.GetByLabel("金额（元）").InputValueAsync()).ShouldBe("3500000");
        await BrowserFixture.ScreenshotAsync(page, "assistance-new-phone");

        await page.GetByLabel("银行").FillAsync("新河村镇银行");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/ledger"));
        var section = page.Locator("[data-testid=ledger-assistance]");
        (await section.InnerTextAsync()).ShouldContain("350万元 · 新河村镇银行");
        await section.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Shots(), "assistance-ledger-phone.png") });

        var desk = await browser.SignedInPageAsync("dispatcher");
        await desk.GotoAsync("/assistance?kind=Loan");
        (await desk.Locator("[data-testid=totals]").InnerTextAsync()).ShouldContain("贷款");
        await BrowserFixture.ScreenshotAsync(desk, "assistance-list");

        // The dashboard's 要素保障 cards count the same records and lead to the list.
        await desk.GotoAsync("/dashboard?period=year");
        var cards = desk.Locator("[data-testid=assistance-figures]");
        (await cards.InnerTextAsync()).ShouldContain("贷款");
        await cards.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Shots(), "assistance-dashboard.png") });
        await desk.Locator("[data-assistance=loan] a").ClickAsync();
        await desk.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/assistance\\?.*kind=Loan"));
    }

    private static string Shots()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EnterpriseAid.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? ".", "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
