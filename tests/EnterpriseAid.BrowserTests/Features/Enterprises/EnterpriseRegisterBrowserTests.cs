using EnterpriseAid.TestSupport;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Enterprises;

[Collection(BrowserCollection.Name)]
public sealed class EnterpriseRegisterBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_register_lists_the_demo_district_in_Chinese()
    {
        var page = await browser.SignedInPageAsync("admin");

        await page.GotoAsync("/enterprises");

        var count = await browser.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises");
        count.ShouldBeGreaterThanOrEqualTo(300);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("企业库");
        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe($"共 {count} 家企业");
        (await page.Locator("table tbody tr").CountAsync()).ShouldBe(20);
        await BrowserFixture.ScreenshotAsync(page, "enterprise-list");
    }

    [Fact]
    public async Task A_person_adds_an_enterprise_through_the_form_and_finds_it_in_the_list()
    {
        var page = await browser.SignedInPageAsync("admin");
        var uscc = Uscc.NewValid();
        await page.GotoAsync("/enterprises");

        await page.GetByRole(AriaRole.Link, new() { Name = "+ 新增企业" }).ClickAsync();
        await page.GetByLabel("统一社会信用代码").FillAsync(uscc);
        await page.GetByLabel("企业名称").FillAsync("锦程智能装备有限公司");
        await page.GetByLabel("法定代表人").FillAsync("周志强");
        await page.GetByLabel("从业人数").FillAsync("86");
        await page.GetByLabel("所属镇街").SelectOptionAsync(new SelectOptionValue { Label = "青山镇" });
        await page.GetByLabel("规模类型").SelectOptionAsync(new SelectOptionValue { Label = "规上工业" });
        await page.GetByLabel("行业门类").SelectOptionAsync(new SelectOptionValue { Label = "C 制造业" });
        await page.GetByLabel("专精特新").CheckAsync();
        await page.Locator("#contact-0-name").FillAsync("吴丽");
        await page.Locator("#contact-0-phone").FillAsync("13700001111");
        await BrowserFixture.ScreenshotAsync(page, "enterprise-form-filled");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await page.WaitForURLAsync("**/enterprises/*?saved=1");
        (await page.Locator("[data-testid=saved]").InnerTextAsync()).ShouldBe("已保存。");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("锦程智能装备有限公司");
        await BrowserFixture.ScreenshotAsync(page, "enterprise-detail");

        await page.GotoAsync("/enterprises");
        await page.Locator("#q").FillAsync("锦程智能");
        // htmx replaces the results as the user types; no button press.
        await page.Locator("[data-testid=total]", new() { HasText = "共 1 家企业" }).WaitForAsync();
        (await page.Locator("table tbody tr td a").InnerTextAsync()).ShouldBe("锦程智能装备有限公司");
        page.Url.ShouldContain("q=");
        await BrowserFixture.ScreenshotAsync(page, "enterprise-search");
    }

    [Fact]
    public async Task A_wrong_check_character_is_explained_in_Chinese_next_to_the_field_and_nothing_is_lost()
    {
        var page = await browser.SignedInPageAsync("admin");
        var valid = Uscc.NewValid();
        var wrong = valid[..17] + (valid[17] == '0' ? '1' : '0');
        await page.GotoAsync("/enterprises/new");

        await page.GetByLabel("统一社会信用代码").FillAsync(wrong);
        await page.GetByLabel("企业名称").FillAsync("校验位测试有限公司");
        await page.GetByLabel("从业人数").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        var message = page.Locator("#uscc ~ .invalid-feedback");
        (await message.InnerTextAsync()).ShouldBe("统一社会信用代码校验位不正确，请核对后重新输入");
        (await page.GetByLabel("企业名称").InputValueAsync()).ShouldBe("校验位测试有限公司");
        (await page.GetByLabel("统一社会信用代码").GetAttributeAsync("class"))!.ShouldContain("is-invalid");
        await BrowserFixture.ScreenshotAsync(page, "enterprise-form-invalid-uscc");
    }

    [Fact]
    public async Task The_form_fits_a_phone_screen()
    {
        var page = await browser.SignedInPageAsync("official", 390, 844, mobile: true);

        await page.GotoAsync("/enterprises/new");

        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        scrollWidth.ShouldBeLessThanOrEqualTo(390);
        (await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).IsVisibleAsync()).ShouldBeTrue();
        await BrowserFixture.ScreenshotAsync(page, "enterprise-form-phone");
        await page.GotoAsync("/enterprises");
        await BrowserFixture.ScreenshotAsync(page, "enterprise-list-phone");
    }

    [Fact]
    public async Task The_overview_draws_its_chart_with_ECharts()
    {
        var page = await browser.SignedInPageAsync("admin");

        await page.GotoAsync("/");

        await page.Locator("[data-echarts][data-rendered='1'] canvas").WaitForAsync();
        var count = await browser.Database.ScalarAsync<long>("SELECT count(*) FROM enterprises");
        (await page.Locator("[data-testid=enterprise-count]").InnerTextAsync()).ShouldBe(count.ToString());
        await BrowserFixture.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task English_can_be_chosen_from_the_header()
    {
        var page = await browser.SignedInPageAsync("admin");
        await page.GotoAsync("/enterprises");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await page.WaitForURLAsync("**/enterprises");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("Enterprise register");
        await BrowserFixture.ScreenshotAsync(page, "enterprise-list-en");
    }
}
