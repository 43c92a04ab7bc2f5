using DocumentFormat.OpenXml.Packaging;
using EnterpriseAid.TestSupport;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Briefings;

[Collection(BrowserCollection.Name)]
public sealed class BriefingBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_supervisor_generates_this_weeks_briefing_edits_a_sentence_and_downloads_the_word_file()
    {
        // A problem registered and dispatched this week, so the text has something to say.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await TestProblems.DispatchedAsync(browser.Factory.Services, "新建厂房消防验收进度缓慢", today.AddDays(7));

        var page = await browser.SignedInPageAsync("leader");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "工作简报" }).ClickAsync();
        await page.WaitForURLAsync("**/briefings/new");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("生成工作简报");

        var first = page.Locator("[data-testid=paragraph]").First;
        (await first.InputValueAsync()).ShouldStartWith("本周全区");
        (await first.InputValueAsync()).ShouldContain("梳理问题");
        await page.Locator("[data-testid=towns] tbody tr").First.WaitForAsync();
        (await page.Locator("#unit").InputValueAsync()).ShouldBe("新河区万人助万企活动办公室");
        await BrowserFixture.ScreenshotAsync(page, "briefing-desktop");

        const string edited = "本周全区各包联干部深入企业走访，问题逐一登记、逐件交办。";
        await first.FillAsync(edited);
        await page.Locator("#issue").FillAsync("");
        await page.Locator("[data-testid=check]").ClickAsync();
        (await page.Locator(".invalid-feedback").First.InnerTextAsync()).ShouldBe("请填写期数");
        (await page.Locator("[data-testid=paragraph]").First.InputValueAsync()).ShouldBe(edited);

        await page.Locator("#issue").FillAsync("47");
        await page.Locator("[data-testid=check]").ClickAsync();
        await page.Locator("[data-testid=ready]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "briefing-ready-desktop");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download]").ClickAsync());
        download.SuggestedFilename.ShouldStartWith("工作简报第47期-");
        download.SuggestedFilename.ShouldEndWith(".docx");
        var path = await download.PathAsync();
        using var doc = WordprocessingDocument.Open(path, false);
        var text = doc.MainDocumentPart!.Document.Body!.InnerText;
        text.ShouldContain("第47期");
        text.ShouldContain(edited);

        var phone = await browser.SignedInPageAsync("leader", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/briefings/new");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(phone, "briefing-phone");
    }
}
