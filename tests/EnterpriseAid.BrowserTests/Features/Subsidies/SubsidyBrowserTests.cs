using EnterpriseAid.Domain.Common;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Subsidies;

[Collection(BrowserCollection.Name)]
public sealed class SubsidyBrowserTests(BrowserFixture browser)
{
    private static string Day(int offset) => ChinaTime.Today(TimeProvider.System).AddDays(offset).ToString("yyyy-MM-dd");

    [Fact]
    public async Task The_enterprise_applies_and_follows_its_subsidy_as_the_dispatcher_approves_publishes_and_pays_it()
    {
        var policyId = await browser.Database.ScalarAsync<long>("SELECT id FROM policies WHERE document_no = '新人社发〔2026〕5号'");
        var enterpriseName = await browser.Database.ScalarAsync<string>("SELECT e.name FROM users u JOIN enterprises e ON e.id = u.enterprise_id WHERE u.user_name = 'enterprise'");

        // The dispatcher sets up the programme.
        var staff = await browser.SignedInPageAsync("dispatcher");
        await staff.GotoAsync("/");
        await staff.GetByRole(AriaRole.Link, new() { Name = "政策兑现" }).ClickAsync();
        await staff.WaitForURLAsync("**/subsidies");
        await staff.Locator("[data-testid=new-program]").ClickAsync();
        await staff.Locator("#policy").SelectOptionAsync(policyId.ToString());
        await staff.Locator("#name").FillAsync("扩岗补助兑现（浏览器）");
        await staff.Locator("#batch").FillAsync("2026年第二批");
        await staff.Locator("#budget").FillAsync("500000");
        await staff.Locator("#from").FillAsync(Day(-1));
        await staff.Locator("#to").FillAsync(Day(20));
        await staff.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await staff.Locator("[data-testid=program-name]").WaitForAsync();
        var programUrl = new Uri(staff.Url).AbsolutePath;

        // The enterprise applies from its portal, on a phone.
        var firm = await browser.SignedInPageAsync("enterprise", width: 390, height: 844, mobile: true);
        await firm.GotoAsync("/portal/subsidies");
        await firm.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = $"扩岗补助兑现（浏览器）（2026年第二批，截至{Day(20)}）" });
        await firm.GetByPlaceholder("申请金额（元）").FillAsync("60000");
        await firm.Locator("[data-testid=portal-apply]").ClickAsync();
        await firm.Locator("[data-testid=applied]").WaitForAsync();
        var card = firm.Locator("section[data-application]", new() { HasText = "扩岗补助兑现（浏览器）" });
        (await card.Locator("[data-testid=portal-status]").InnerTextAsync()).ShouldBe("审核中");
        (await firm.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(firm, "subsidy-portal-review-phone");

        // The dispatcher approves 50000 and starts the 公示.
        await staff.GotoAsync(programUrl);
        await staff.GetByRole(AriaRole.Link, new() { Name = enterpriseName }).ClickAsync();
        await staff.Locator("#approve-amount").FillAsync("50000");
        await staff.Locator("[data-testid=approve]").ClickAsync();
        (await staff.Locator("[data-testid=status]").InnerTextAsync()).ShouldBe("已批准");
        await staff.GotoAsync(programUrl);
        (await staff.Locator("[data-testid=approved]").InnerTextAsync()).ShouldBe("5万元");
        await staff.Locator("[data-testid=start-notice]").ClickAsync();
        await staff.Locator("[data-testid=notice]").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(staff, "subsidy-program-desktop");

        // Anyone can open the public list, without signing in.
        var visitor = await browser.NewPageAsync(width: 390, height: 844, mobile: true);
        await visitor.GotoAsync(programUrl.Replace("/subsidies/", "/public/subsidies/"));
        var list = visitor.Locator("[data-testid=public-list]");
        (await list.InnerTextAsync()).ShouldContain(enterpriseName);
        (await list.InnerTextAsync()).ShouldContain("50,000.00");
        (await visitor.Locator("[data-testid=public-period]").InnerTextAsync()).ShouldContain($"{Day(0)} 至 {Day(6)}");
        (await visitor.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(visitor, "subsidy-public-notice-phone");

        await firm.GotoAsync("/portal/subsidies");
        (await card.Locator("[data-testid=portal-status]").InnerTextAsync()).ShouldBe("公示中");

        // The notice period passes; the dispatcher ends it and records the payment.
        var programId = programUrl.Split('/')[^1];
        await browser.Database.ExecuteAsync($"UPDATE subsidy_programs SET notice_from = notice_from - 8, notice_to = notice_to - 8 WHERE id = {programId}");
        await staff.GotoAsync(programUrl);
        await staff.Locator("[data-testid=end-notice]").ClickAsync();
        await staff.Locator("[data-testid=stage]", new() { HasText = "公示结束" }).WaitForAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = enterpriseName }).ClickAsync();
        await staff.Locator("#d-date").FillAsync(Day(0));
        await staff.Locator("#d-amount").FillAsync("50000");
        await staff.Locator("[data-testid=disburse]").ClickAsync();
        (await staff.Locator("[data-testid=status]").InnerTextAsync()).ShouldBe("已拨付");
        await BrowserFixture.ScreenshotAsync(staff, "subsidy-application-desktop");

        await firm.GotoAsync("/portal/subsidies");
        (await card.Locator("[data-testid=portal-status]").InnerTextAsync()).ShouldBe("已拨付");
        (await card.Locator("[data-testid=timeline]").InnerTextAsync()).ShouldContain("资金拨付");
        await BrowserFixture.ScreenshotAsync(firm, "subsidy-portal-paid-phone");
    }

    [Fact]
    public async Task The_programme_list_is_paged_20_at_a_time_with_the_figures_of_every_programme_above_it()
    {
        await browser.Database.ExecuteAsync("""
            INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                          notice_days, stage, created_at, created_by_user_id)
            SELECT p.id, p.region_id, '分页演示兑现项目' || lpad(i::text, 2, '0'), '2026年第三批', 1000000, 0, current_date - 10, current_date + 20, false,
                   7, 'Open', now(), (SELECT id FROM users WHERE user_name = 'admin')
            FROM generate_series(1, 45) i, (SELECT id, region_id FROM policies WHERE document_no = '新人社发〔2026〕5号') p
            """);
        var staff = await browser.SignedInPageAsync("dispatcher");
        await staff.GotoAsync("/subsidies");
        (await staff.Locator("[data-testid=programs] tbody tr").CountAsync()).ShouldBe(20);
        var approved = await staff.Locator("[data-testid=total-approved]").InnerTextAsync();
        await staff.Locator("[data-testid=pages]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(staff, "subsidies-paged-desktop");

        await staff.Locator("[data-testid=page-next]").ClickAsync();
        await staff.WaitForURLAsync("**/subsidies?page=2");
        (await staff.Locator("[data-testid=programs] tbody tr").CountAsync()).ShouldBe(20);
        (await staff.Locator("[data-testid=total-approved]").InnerTextAsync()).ShouldBe(approved);
        await staff.Locator("[data-testid=page-prev]").ClickAsync();
        await staff.WaitForURLAsync("**/subsidies");

        var phone = await browser.SignedInPageAsync("dispatcher", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/subsidies?page=2");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await phone.Locator("[data-testid=pages]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(phone, "subsidies-paged-phone", fullPage: false);
    }
}
