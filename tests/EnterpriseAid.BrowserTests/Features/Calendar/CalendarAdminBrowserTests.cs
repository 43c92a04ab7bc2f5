using System.Text;
using EnterpriseAid.TestSupport;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Calendar;

/// <summary>
/// Its own portal and database: these tests change the deadline rules and import a year, which the shared
/// browser database's other tests must not see.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CalendarAdminBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "calendar-admin-browser";
}

[Collection(CalendarAdminBrowserCollection.Name)]
public sealed class CalendarAdminBrowserTests(BrowserFixture browser)
{
    private static async Task NothingSticksOutSideways(IPage page, int width) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);

    [Fact]
    public async Task The_administrator_edits_the_deadline_grid_sees_a_bad_cell_refused_and_saves()
    {
        var page = await browser.SignedInPageAsync("admin");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "办理时限" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/deadline-rules");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("办理时限规则");
        await BrowserFixture.ScreenshotAsync(page, "admin-deadline-rules");

        await page.Locator("#cell-land-complex").FillAsync("0");
        await page.Locator("#cell-approval-ordinary").FillAsync("15");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var cell = page.Locator("td:has(#cell-land-complex)");
        (await cell.Locator(".invalid-feedback").InnerTextAsync()).ShouldBe("应为1到365之间的整数，留空则用默认值");
        (await page.Locator("#cell-approval-ordinary").InputValueAsync()).ShouldBe("15");
        await page.Locator("#cell-land-complex").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-deadline-rules-invalid", fullPage: false);

        await page.Locator("#cell-land-complex").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/deadline-rules?saved=1");
        (await page.Locator("[data-testid=saved]").InnerTextAsync()).ShouldContain("已保存");
        (await page.Locator("[data-cell=approval-ordinary]").InnerTextAsync()).ShouldBe("生效 15");

        var phone = await browser.SignedInPageAsync("admin", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/admin/deadline-rules");
        await NothingSticksOutSideways(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "admin-deadline-rules-phone");
    }

    [Fact]
    public async Task The_administrator_uploads_a_year_previews_it_and_imports_it()
    {
        var page = await browser.SignedInPageAsync("admin");
        await page.GotoAsync("/admin/calendar");
        (await page.Locator("[data-testid=years]").InnerTextAsync()).ShouldContain("2026");
        await BrowserFixture.ScreenshotAsync(page, "admin-calendar");

        await page.Locator("[data-testid=import-link]").ClickAsync();
        await page.Locator("#holiday-file").SetInputFilesAsync(new FilePayload
        {
            Name = "holidays-2027.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(HolidayFixtures.Year2027),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传并预览" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/calendar/import?draft=*");
        (await page.Locator("[data-testid=year]").InnerTextAsync()).ShouldBe("2027");
        (await page.Locator("[data-testid=holidays]").InnerTextAsync()).ShouldBe("29");
        await BrowserFixture.ScreenshotAsync(page, "admin-calendar-import-preview");
        var previewUrl = page.Url;

        var phone = await browser.SignedInPageAsync("admin", width: 390, height: 844, mobile: true);
        await phone.GotoAsync(previewUrl);
        await NothingSticksOutSideways(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "admin-calendar-import-preview-phone");

        await page.Locator("[data-testid=confirm]").ClickAsync();
        await page.WaitForURLAsync("**/admin/calendar/2027?imported=1");
        (await page.Locator("[data-testid=imported]").InnerTextAsync()).ShouldContain("已导入2027年");
        (await page.Locator("td[data-date='2027-10-01']").GetAttributeAsync("class")).ShouldBe("cal-holiday");
        (await page.Locator("td[data-date='2027-10-09']").GetAttributeAsync("class")).ShouldBe("cal-workday");
        await BrowserFixture.ScreenshotAsync(page, "admin-calendar-2027");

        await phone.GotoAsync("/admin/calendar/2027");
        await NothingSticksOutSideways(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "admin-calendar-2027-phone");
        await phone.GotoAsync("/admin/calendar");
        await NothingSticksOutSideways(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "admin-calendar-phone");
    }

    [Fact]
    public async Task Pasted_text_with_mistakes_shows_each_line_in_error_beside_the_text()
    {
        var page = await browser.SignedInPageAsync("admin", width: 390, height: 844, mobile: true);
        await page.GotoAsync("/admin/calendar/import");
        await page.Locator("#paste-text").FillAsync("date,kind,name\n2031-01-01,holiday,元旦\n2031-01-06,workday,调休\n2032-01-01,holiday,元旦\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览", Exact = true }).ClickAsync();

        var errors = page.Locator("[data-testid=paste-errors]");
        (await errors.InnerTextAsync()).ShouldContain("第3行：2031-01-06不是周末");
        (await errors.InnerTextAsync()).ShouldContain("第4行：2032-01-01不是2031年的日期");
        (await page.Locator("#paste-text").InputValueAsync()).ShouldContain("2031-01-06,workday,调休");
        await NothingSticksOutSideways(page, 390);
        await page.Locator("#paste-text").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-calendar-import-errors-phone", fullPage: false);
    }
}
