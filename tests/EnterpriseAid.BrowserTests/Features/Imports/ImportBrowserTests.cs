using EnterpriseAid.Infrastructure.Imports;
using EnterpriseAid.TestSupport;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Imports;

/// <summary>A dispatcher onboards a roster: one bad row is reported, the corrected file is committed, the firms are in the register.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests(BrowserFixture browser)
{
    private static byte[] Roster(params string?[][] rows) => ImportRosters.Xlsx(rows, "四上企业");

    private static async Task UploadAsync(IPage page, byte[] file)
    {
        await page.GotoAsync("/imports/new");
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload
        {
            Name = "四上企业名单.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = file,
        });
        await page.Locator("[data-testid=upload]").ClickAsync();
        await page.Locator("[data-testid=mapping]").WaitForAsync();
    }

    [Fact]
    public async Task A_roster_with_one_bad_row_is_reported_then_corrected_and_committed()
    {
        var (a, b) = (Uscc.NewValid(), Uscc.NewValid());
        string?[] good = [a, "新河云帆智能装备有限公司", "城关街道", "规上工业", "C 制造业", "周云帆", "260", "新河区科技路18号", "2016-04-12", "专精特新"];
        string?[] bad = [b, "新河百味食品有限公司", "城关镇", "批零住餐", "F", "李百味", "45", "新河区商业街6号", "2019-09-01", null];
        var page = await browser.SignedInPageAsync("dispatcher");

        await UploadAsync(page, Roster(good, bad));
        (await page.Locator("#map-uscc").InputValueAsync()).ShouldBe("0"); // matched from the Chinese headers
        (await page.Locator("#map-town").InputValueAsync()).ShouldBe("2");
        await BrowserFixture.ScreenshotAsync(page, "import-mapping");
        await page.Locator("[data-testid=validate]").ClickAsync();
        await page.Locator("[data-testid=report]").WaitForAsync(new() { Timeout = 30_000 });
        (await page.Locator("[data-testid=error-rows]").InnerTextAsync()).ShouldBe("1");
        (await page.Locator("[data-testid=issues]").InnerTextAsync()).ShouldContain("未知的镇街“城关镇”");
        (await page.Locator("[data-testid=commit-form]").CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "import-report");

        bad[2] = "城关街道";
        await UploadAsync(page, Roster(good, bad));
        await page.Locator("[data-testid=validate]").ClickAsync();
        await page.Locator("[data-testid=commit]").WaitForAsync(new() { Timeout = 30_000 });
        (await page.Locator("[data-testid=error-rows]").InnerTextAsync()).ShouldBe("0");
        await page.Locator("[data-testid=commit]").ClickAsync();
        await page.Locator("[data-testid=committed]").WaitForAsync(new() { Timeout = 30_000 });
        (await page.Locator("[data-testid=counts]").InnerTextAsync()).ShouldBe("新增 2，更新 0，未变 0");
        await BrowserFixture.ScreenshotAsync(page, "import-committed");

        await page.Locator("[data-testid=to-enterprises]").ClickAsync();
        await page.GotoAsync("/enterprises?q=" + Uri.EscapeDataString("新河百味食品"));
        (await page.Locator("main").InnerTextAsync()).ShouldContain("新河百味食品有限公司");

        await page.GotoAsync("/imports");
        (await page.Locator("[data-testid=jobs]").InnerTextAsync()).ShouldContain("新增 2，更新 0，未变 0");

        await page.GotoAsync("/imports/new");
        (await page.Locator("[data-testid=template-assignments]").InnerTextAsync()).ShouldContain("包联领导");
        (await page.Locator("[data-testid=template-problems]").InnerTextAsync()).ShouldContain("问题描述 *");
        await BrowserFixture.ScreenshotAsync(page, "import-new");
        await page.SetViewportSizeAsync(390, 844);
        await BrowserFixture.ScreenshotAsync(page, "import-new-phone");
        await page.GotoAsync("/imports");
        await BrowserFixture.ScreenshotAsync(page, "import-list-phone");
    }
}
