using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Account;

[Collection(BrowserCollection.Name)]
public sealed class SignInAndScopeBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_Chinese_login_page()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/enterprises");

        page.Url.ShouldContain("/account/login?returnUrl=%2Fenterprises");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("登录");
        await BrowserFixture.ScreenshotAsync(page, "login");
    }

    [Fact]
    public async Task A_wrong_password_is_reported_in_Chinese()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await page.GotoAsync("/account/login");

        await page.GetByLabel("用户名").FillAsync("leader");
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();

        (await page.Locator("[data-testid=login-error]").InnerTextAsync()).ShouldBe("用户名或密码不正确");
        await BrowserFixture.ScreenshotAsync(page, "login-wrong-password-phone");
        await browser.Database.ExecuteAsync("UPDATE users SET access_failed_count = 0 WHERE user_name = 'leader'");
    }

    [Fact]
    public async Task An_official_sees_only_the_enterprises_of_their_own_town()
    {
        var expected = await browser.Database.ScalarAsync<long>(
            "SELECT count(*) FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T01'");
        var elsewhere = await browser.Database.ScalarAsync<long>(
            "SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code <> 'XH-T01' ORDER BY e.id LIMIT 1");
        var page = await browser.SignedInPageAsync("official");

        await page.GotoAsync("/enterprises");

        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe($"共 {expected} 家企业");
        var towns = await page.Locator("table tbody tr td:nth-child(3)").AllInnerTextsAsync();
        towns.ShouldAllBe(t => t == "城关街道");
        (await page.Locator("#town option").AllInnerTextsAsync()).ShouldBe(["全部镇街", "城关街道"]);
        await BrowserFixture.ScreenshotAsync(page, "official-enterprises");

        var response = await page.GotoAsync($"/enterprises/{elsewhere}");
        response!.Status.ShouldBe(404);
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("页面不存在");
    }

    [Fact]
    public async Task An_enterprise_user_lands_on_and_sees_only_its_own_enterprise()
    {
        var own = await browser.Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var ownName = await browser.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {own}");

        var page = await browser.SignedInPageAsync("enterprise");

        page.Url.ShouldEndWith($"/enterprises/{own}");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe(ownName);
        (await page.GetByRole(AriaRole.Link, new() { Name = "新增企业" }).CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = "编辑" }).CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "enterprise-user-home");

        await page.GotoAsync("/enterprises");
        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe("共 1 家企业");
        (await page.Locator("table tbody tr td a").InnerTextAsync()).ShouldBe(ownName);
        (await page.GetByRole(AriaRole.Link, new() { Name = "+ 新增企业" }).CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Signing_out_from_the_user_menu_ends_the_session()
    {
        var page = await browser.SignedInPageAsync("handler");

        await page.Locator("[data-testid=user-menu]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.WaitForURLAsync("**/account/login");
        await page.GotoAsync("/enterprises");

        page.Url.ShouldContain("/account/login");
    }
}
