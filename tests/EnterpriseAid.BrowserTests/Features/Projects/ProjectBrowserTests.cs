using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Projects;

[Collection(BrowserCollection.Name)]
public sealed class ProjectBrowserTests(BrowserFixture browser)
{
    private static string Day(int daysAgo) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-daysAgo).ToString("yyyy-MM-dd");

    private static Task<string> FigureAsync(IPage page, string key) => page.Locator($"[data-figure={key}] [data-value]").InnerTextAsync();

    [Fact]
    public async Task A_dispatcher_creates_a_project_moves_it_to_started_sees_the_milestone_chart_and_the_rates_change()
    {
        var page = await browser.SignedInPageAsync("dispatcher");
        await page.GotoAsync("/projects");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("三个一批项目");
        await BrowserFixture.ScreenshotAsync(page, "projects-desktop");

        await page.GetByRole(AriaRole.Link, new() { Name = "新增项目" }).ClickAsync();
        await page.WaitForURLAsync("**/projects/new");
        await page.Locator("#name").FillAsync("新河智能网联汽车零部件项目");
        await page.Locator("#batch").FillAsync("第七期");
        await page.Locator("#enterprise").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.Locator("#region").SelectOptionAsync(new SelectOptionValue { Label = "\u3000城关街道" });
        await page.Locator("#industry").SelectOptionAsync("C");
        await page.Locator("#level").SelectOptionAsync("city");
        await page.Locator("#total").FillAsync("120000");
        await page.Locator("#plan").FillAsync("30000");
        await page.Locator("#p-signed").FillAsync(Day(40));
        await page.Locator("#p-started").FillAsync(Day(10));
        await BrowserFixture.ScreenshotAsync(page, "project-new-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**/projects/*?saved=1");
        var projectUrl = new Uri(page.Url).AbsolutePath;
        (await page.Locator("[data-testid=total-investment]").InnerTextAsync()).ShouldBe("12亿元");

        await page.GotoAsync("/projects?batch=" + Uri.EscapeDataString("第七期"));
        (await FigureAsync(page, "signed")).ShouldBe("0");
        (await FigureAsync(page, "start-rate")).ShouldBe("—");

        await page.GotoAsync(projectUrl);
        await page.Locator("#advance-date").FillAsync(Day(30));
        await page.GetByRole(AriaRole.Button, new() { Name = "进入“签约”阶段" }).ClickAsync();
        await page.WaitForURLAsync("**?done=advance");
        await page.Locator("#advance-date").FillAsync(Day(5));
        await page.GetByRole(AriaRole.Button, new() { Name = "进入“开工”阶段" }).ClickAsync();
        await page.WaitForURLAsync("**?done=advance");
        (await page.Locator("h1 [data-stage]").GetAttributeAsync("data-stage")).ShouldBe("Started");
        (await page.Locator("[data-milestone=Started]").InnerTextAsync()).ShouldContain(Day(5));
        // ECharts drew the milestone chart into the element (a canvas), from the JSON the page carries.
        await page.Locator("[data-testid=milestone-chart][data-rendered] canvas").WaitForAsync();
        await page.Locator("[data-testid=milestones]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "project-detail-desktop");

        await page.GotoAsync("/projects?batch=" + Uri.EscapeDataString("第七期"));
        (await FigureAsync(page, "signed")).ShouldBe("1");
        (await FigureAsync(page, "start-rate")).ShouldBe("100%");
        (await FigureAsync(page, "honour-rate")).ShouldBe("100%");
        await BrowserFixture.ScreenshotAsync(page, "projects-batch-desktop");

        var phone = await browser.SignedInPageAsync("dispatcher", width: 390, height: 844, mobile: true);
        await phone.GotoAsync(projectUrl);
        await phone.Locator("[data-testid=milestone-chart][data-rendered] canvas").WaitForAsync();
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(phone, "project-detail-phone");
        await phone.GotoAsync("/projects");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(phone, "projects-phone");
    }
}
