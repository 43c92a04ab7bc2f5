using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Assignments;

[Collection(BrowserCollection.Name)]
public sealed class AssignmentBrowserTests(BrowserFixture browser)
{
    /// <summary>The n-th enterprise of 站前街道, which the demo leaves without assignments.</summary>
    private Task<long> ZhanqianAsync(int n) => browser.Database.ScalarAsync<long>(
        $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = 'XH-T06' ORDER BY e.id OFFSET {n} LIMIT 1");

    private static async Task NoSidewaysScrollAsync(IPage page, int width) =>
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);

    [Fact]
    public async Task A_dispatcher_assigns_a_leader_and_a_liaison_by_searching_for_them()
    {
        var enterprise = await ZhanqianAsync(0);
        var name = await browser.Database.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {enterprise}");
        var page = await browser.SignedInPageAsync("dispatcher");

        await page.GotoAsync($"/enterprises/{enterprise}");
        await page.GetByRole(AriaRole.Link, new() { Name = "包联关系" }).ClickAsync();
        await page.WaitForURLAsync($"**/enterprises/{enterprise}/assignments");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("包联关系");
        // No leader yet, so the form starts on 包联领导; only the person's fields show.
        (await page.Locator("#role-leader").IsCheckedAsync()).ShouldBeTrue();
        (await page.Locator("#department").IsVisibleAsync()).ShouldBeFalse();

        (await page.Locator("#official-results label").CountAsync()).ShouldBeGreaterThan(1);
        await page.Locator("#official-q").PressSequentiallyAsync("刘志");
        // htmx replaces the options as the user types: only the match is left.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#official-results label').length === 1");
        var liu = page.Locator("#official-results label", new() { HasText = "刘志强" });
        await liu.ClickAsync();
        await page.Locator("#note").FillAsync("重点联系规上工业企业");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**/assignments?done=added");
        (await page.Locator("[data-testid=saved]").InnerTextAsync()).ShouldContain("已新增包联关系");

        // The enterprise has a leader now: the form offers 联络员.
        (await page.Locator("#role-liaison").IsCheckedAsync()).ShouldBeTrue();
        await page.Locator("#official-q").PressSequentiallyAsync("城关");
        await page.Locator("#official-results label", new() { HasText = "城关街道包联干部" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**/assignments?done=added");

        var current = page.Locator("[data-testid=current]");
        (await current.InnerTextAsync()).ShouldContain("刘志强");
        (await current.InnerTextAsync()).ShouldContain("城关街道包联干部");
        // A department's fields replace the person's when that role is chosen.
        await page.Locator("#role-department").CheckAsync();
        (await page.Locator("#department").IsVisibleAsync()).ShouldBeTrue();
        (await page.Locator("#official-q").IsVisibleAsync()).ShouldBeFalse();
        await page.Locator("#role-leader").CheckAsync();
        await page.Locator("#official-q").FillAsync("陈");
        await page.Locator("#official-results label", new() { HasText = "陈晓燕" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        // A second leader is refused next to the field, in Chinese.
        await page.Locator(".invalid-feedback", new() { HasText = "该企业已有包联领导刘志强" }).WaitForAsync();
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "assignments-enterprise");

        var phone = await browser.SignedInPageAsync("dispatcher", width: 390, height: 844, mobile: true);
        await phone.GotoAsync($"/enterprises/{enterprise}/assignments");
        (await phone.Locator("[data-testid=current]").InnerTextAsync()).ShouldContain("刘志强");
        await NoSidewaysScrollAsync(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "assignments-enterprise-phone");

        // Ending the liaison: the end form, then the history.
        await phone.Locator("[data-testid=current] li", new() { HasText = "城关街道包联干部" }).GetByRole(AriaRole.Link, new() { Name = "结束" }).ClickAsync();
        await phone.Locator("[data-testid=end-card]").WaitForAsync();
        await NoSidewaysScrollAsync(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "assignments-end-phone", fullPage: false);
        await phone.GetByRole(AriaRole.Button, new() { Name = "确认结束" }).ClickAsync();
        await phone.WaitForURLAsync("**/assignments?done=ended");
        name.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task The_coverage_view_reads_on_a_desktop_and_on_a_phone()
    {
        var a = await ZhanqianAsync(1);
        var b = await ZhanqianAsync(2);
        var official = await browser.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'official'");
        await browser.Database.ExecuteAsync($"""
            INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date - d, 'OnSite', ARRAY[e]::bigint[], ARRAY[{official}]::bigint[], '走访', {official}, now()
            FROM (VALUES ({a}, 0), ({a}, 1), ({b}, 0)) AS v(e, d)
            """);
        var page = await browser.SignedInPageAsync("dispatcher");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "覆盖情况" }).ClickAsync();
        await page.WaitForURLAsync("**/assignments/coverage");
        (await page.Locator("h1").InnerTextAsync()).ShouldBe("包联覆盖情况");
        var withoutLeader = int.Parse(await page.Locator("[data-stat=without-leader]").InnerTextAsync());
        withoutLeader.ShouldBeGreaterThan(0, "the demo leaves some enterprises without a leader");
        (await page.Locator("[data-testid=uncovered] tbody tr").CountAsync()).ShouldBe(20);
        await BrowserFixture.ScreenshotAsync(page, "coverage-uncovered");

        await page.GetByRole(AriaRole.Link, new() { Name = "干部包联情况" }).ClickAsync();
        await page.Locator("[data-testid=officials]").WaitForAsync();
        (await page.Locator("[data-testid=officials]").InnerTextAsync()).ShouldContain("刘志强");
        await BrowserFixture.ScreenshotAsync(page, "coverage-officials");

        await page.GetByRole(AriaRole.Link, new() { Name = "走访达标情况" }).ClickAsync();
        await page.Locator("[data-testid=visits]").WaitForAsync();
        await page.Locator("#town").SelectOptionAsync(new SelectOptionValue { Label = "站前街道" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await page.WaitForURLAsync("**town=*");
        var rows = page.Locator("[data-testid=visits] tbody tr");
        // Fewest visits first: the enterprise visited twice this quarter comes last.
        (await rows.Last.GetAttributeAsync("data-enterprise")).ShouldBe(a.ToString());
        await BrowserFixture.ScreenshotAsync(page, "coverage-visits");

        var phone = await browser.SignedInPageAsync("leader", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/assignments/coverage");
        (await phone.Locator("[data-stat=without-leader]").InnerTextAsync()).ShouldBe(withoutLeader.ToString());
        await NoSidewaysScrollAsync(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "coverage-phone");
        await phone.GotoAsync("/assignments/coverage?tab=visits");
        await NoSidewaysScrollAsync(phone, 390);
        await BrowserFixture.ScreenshotAsync(phone, "coverage-visits-phone");
    }

    [Fact]
    public async Task Bulk_assignment_ticks_a_towns_enterprises_at_once()
    {
        var town = await browser.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T05'");
        var page = await browser.SignedInPageAsync("dispatcher");

        await page.GotoAsync($"/assignments/bulk?town={town}&missing=liaison");
        var boxes = page.Locator("input[name='Model.EnterpriseIds']");
        var count = await boxes.CountAsync();
        count.ShouldBeGreaterThan(0);
        await page.Locator("#select-all").CheckAsync();
        (await page.Locator("input[name='Model.EnterpriseIds']:checked").CountAsync()).ShouldBe(count);
        await page.Locator("#official-q").PressSequentiallyAsync("柳林");
        // The unit's name finds its officials too.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#official-results label').length === 1");
        await page.Locator("#official-results label", new() { HasText = "吴敏" }).ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "assignments-bulk");
        await page.GetByRole(AriaRole.Button, new() { Name = "为所选企业指派" }).ClickAsync();

        await page.WaitForURLAsync("**done=*");
        (await page.Locator("[data-testid=saved]").InnerTextAsync()).ShouldContain($"已为 {count} 家企业指派包联干部");
        (await page.Locator("input[name='Model.EnterpriseIds']").CountAsync()).ShouldBe(0, "none of the town's enterprises lacks a liaison now");
    }
}
