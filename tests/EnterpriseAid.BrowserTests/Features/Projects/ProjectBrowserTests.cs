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

    [Fact]
    public async Task A_long_batch_is_paged_25_at_a_time_and_the_next_page_keeps_the_filter_and_the_figures()
    {
        await browser.Database.ExecuteAsync("""
            INSERT INTO projects (name, enterprise_id, region_id, industry_section, level, batch, total_investment, stage, created_at, updated_at)
            SELECT '分页演示项目' || lpad(i::text, 2, '0'), e.id, e.town_id, 'C', 'district', '第二十期', 100000000, 0, now(), now()
            FROM generate_series(1, 60) i, (SELECT id, town_id FROM enterprises ORDER BY id LIMIT 1) e
            """);
        var page = await browser.SignedInPageAsync("dispatcher");
        var batch = "/projects?batch=" + Uri.EscapeDataString("第二十期");
        await page.GotoAsync(batch);
        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe("共 60 个项目，本页 25 个");
        (await page.Locator("[data-testid=projects] tbody tr").CountAsync()).ShouldBe(25);
        var figures = await FigureAsync(page, "signed");
        await page.Locator("[data-testid=pages]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "projects-paged-desktop");

        await page.Locator("[data-testid=page-next]").ClickAsync();
        await page.WaitForURLAsync("**page=2");
        page.Url.ShouldContain("batch=" + Uri.EscapeDataString("第二十期"));
        (await page.Locator("[data-testid=page-of]").InnerTextAsync()).ShouldBe("第 2 / 3 页");
        (await FigureAsync(page, "signed")).ShouldBe(figures);
        await page.Locator("[data-testid=page-next]").ClickAsync();
        await page.WaitForURLAsync("**page=3");
        (await page.Locator("[data-testid=projects] tbody tr").CountAsync()).ShouldBe(10);
        (await page.Locator("[data-testid=page-next]").CountAsync()).ShouldBe(0);

        var phone = await browser.SignedInPageAsync("dispatcher", width: 390, height: 844, mobile: true);
        await phone.GotoAsync(batch + "&page=2");
        (await phone.Locator("[data-testid=cards] a.card").CountAsync()).ShouldBe(25);
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await phone.Locator("[data-testid=pages]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(phone, "projects-paged-phone", fullPage: false);
    }
}
