using EnterpriseAid.TestSupport;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Visits;

/// <summary>Problem rows of the visit form in a real browser: without JavaScript, and at a 座谈会 with htmx.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VisitProblemsBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Without_javascript_rows_are_added_by_posting_back_and_errors_show_next_to_the_row_on_a_phone()
    {
        var uscc = await browser.Database.ScalarAsync<string>(
            "SELECT e.uscc FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id OFFSET 40 LIMIT 1");
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl, JavaScriptEnabled = false, Locale = "zh-CN", IsMobile = true, HasTouch = true,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("用户名").FillAsync("official");
        await page.GetByLabel("密码").FillAsync(PortalFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.Locator("[data-testid=user-menu]").WaitForAsync();

        await page.GotoAsync("/visits/new");
        await page.Locator("details summary").ClickAsync();
        await page.Locator("#visit-uscc").FillAsync(uscc);
        await page.Locator("#summary").FillAsync("电话了解企业订单情况。");

        await page.GetByTestId("add-problem").ClickAsync();
        await page.Locator("#problem-row-0").WaitForAsync();
        (await page.Locator("#visit-uscc").InputValueAsync()).ShouldBe(uscc);
        (await page.Locator("#summary").InputValueAsync()).ShouldBe("电话了解企业订单情况。");

        await page.Locator("#problem-0-title").FillAsync("原材料涨价");
        await page.Locator("#problem-0-description").FillAsync("钢材价格上涨，利润被压缩。");
        await page.Locator("label[for=problem-0-onspot]").ClickAsync();
        await page.GetByTestId("add-problem").ClickAsync();
        await page.Locator("#problem-row-1").WaitForAsync();
        (await page.Locator("#problem-0-title").InputValueAsync()).ShouldBe("原材料涨价");
        (await page.Locator("#problem-0-onspot").IsCheckedAsync()).ShouldBeTrue();
        await page.Locator("#problem-1-category").SelectOptionAsync(new SelectOptionValue { Label = "物流" });
        await page.Locator("#problem-1-title").FillAsync("货车限行");
        await page.Locator("#problem-1-description").FillAsync("城区货车限行影响送货。");

        // Enter in a text field saves (the form's default button), it does not remove the first row.
        await page.Locator("#problem-1-title").PressAsync("Enter");
        await page.Locator("#problem-0-category.is-invalid").WaitForAsync();
        (await page.Locator("[data-testid=problem-row]").CountAsync()).ShouldBe(2);
        (await page.GetByTestId("field-errors").InnerTextAsync()).ShouldContain("有2处填写有误");
        var row = page.Locator("#problem-row-0");
        (await row.InnerTextAsync()).ShouldContain("请选择问题类别");
        (await row.InnerTextAsync()).ShouldContain("请填写解决情况");
        (await page.Locator("#problem-1-title").InputValueAsync()).ShouldBe("货车限行");
        await row.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "visit-problem-row-errors-phone", fullPage: false);

        await page.Locator("#problem-0-category").SelectOptionAsync(new SelectOptionValue { Label = "物资" });
        await page.Locator("#problem-0-resolution").FillAsync("现场联系供应商锁定一季度价格。");
        await page.Locator(".sticky-actions").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.WaitForURLAsync("**/visits/new?saved=*");
        (await page.GetByTestId("saved-problems").Locator("li").CountAsync()).ShouldBe(2);
        await context.CloseAsync();
    }

    [Fact]
    public async Task At_a_symposium_each_row_offers_the_enterprises_ticked_so_far()
    {
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            names.Add(await browser.Database.ScalarAsync<string>(
                $"SELECT e.name FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01' ORDER BY e.id OFFSET {20 + i} LIMIT 1"));
        }
        var page = await browser.SignedInPageAsync("official");
        await page.GotoAsync("/visits/new");
        await page.Locator("label[for=kind-Symposium]").ClickAsync();
        await Tick(page, names[0]);

        await page.GetByTestId("add-problem").ClickAsync();
        var select = page.Locator("#problem-0-enterprise");
        await select.WaitForAsync();
        (await select.IsVisibleAsync()).ShouldBeTrue();
        (await select.Locator("option").AllInnerTextsAsync()).ShouldBe([names[0]]);

        // Ticking a second enterprise refreshes the row's choice, keeping what it had.
        await Tick(page, names[1]);
        await Assertions.Expect(select.Locator("option")).ToHaveCountAsync(3);
        (await select.Locator("option:checked").InnerTextAsync()).ShouldBe(names[0]);

        await page.GetByTestId("add-problem").ClickAsync();
        await page.Locator("#problem-1-enterprise").SelectOptionAsync(new SelectOptionValue { Label = names[1] });
        foreach (var (i, title) in new[] { (0, "融资担保费率高"), (1, "缺少人才公寓") })
        {
            await page.Locator($"#problem-{i}-category").SelectOptionAsync(new SelectOptionValue { Label = i == 0 ? "资金" : "用工" });
            await page.Locator($"#problem-{i}-title").FillAsync(title);
            await page.Locator($"#problem-{i}-description").FillAsync(title + "，企业希望协调解决。");
        }
        // A third row, removed again: the post-back swaps only the rows and keeps the other two as typed.
        await page.GetByTestId("add-problem").ClickAsync();
        await page.Locator("#problem-2-title").FillAsync("临时问题");
        await page.Locator("#problem-row-2").GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=problem-row]")).ToHaveCountAsync(2);
        (await page.Locator("#problem-0-title").InputValueAsync()).ShouldBe("融资担保费率高");
        (await page.Locator("#problem-1-enterprise option:checked").InnerTextAsync()).ShouldBe(names[1]);
        (await page.Locator("#problem-next").InputValueAsync()).ShouldBe("2");
        await page.Locator("#summary").FillAsync("召开重点企业座谈会，听取企业诉求。");
        await ShotAsync(page, "visit-symposium-problems");

        await page.Locator(".sticky-actions").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.WaitForURLAsync("**/visits/new?saved=*");
        var saved = await page.GetByTestId("saved-problems").InnerTextAsync();
        saved.ShouldContain($"融资担保费率高");
        saved.ShouldContain($"（{names[0]}）");
        saved.ShouldContain($"（{names[1]}）");
    }

    private static async Task Tick(IPage page, string name)
    {
        var search = page.Locator("#enterprise-q");
        await search.FillAsync("");
        await search.PressSequentiallyAsync(name[..Math.Max(2, name.Length - 4)]);
        var label = page.Locator("#enterprise-results label", new() { HasText = name });
        await label.ClickAsync();
        await Assertions.Expect(page.Locator($"#enterprise-results input:checked + label", new() { HasText = name })).ToBeVisibleAsync();
    }

    /// <summary>A full-page screenshot from the top, where the sticky header belongs.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, name);
    }
}
