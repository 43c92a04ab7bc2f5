using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Escalation;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Supervision;

[Collection(BrowserCollection.Name)]
public sealed class SupervisionBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_supervisor_issues_a_notice_from_the_flagged_list_and_the_department_replies_on_a_phone()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var calendar = ShippedCalendars.Load();
        var services = browser.Factory.Services;
        var red = await TestProblems.DispatchedAsync(services, "二期厂房用电增容迟迟未批复", today.AddDays(-20));
        await TestProblems.DispatchedAsync(services, "园区道路破损影响物流运输", today.AddDays(-1), "住房和城乡建设局");
        await TestProblems.DispatchedAsync(services, "稳岗补贴申领材料退回", calendar.NextWorkingDay(today), "人力资源和社会保障局");
        (await services.GetRequiredService<EscalationRunner>().RunOnceAsync()).Outcome.ShouldBe(EscalationOutcome.Ran);

        var leader = await browser.SignedInPageAsync("leader");
        await leader.GotoAsync("/supervision");
        (await leader.Locator("h1").InnerTextAsync()).ShouldBe("督办");
        var rows = leader.Locator("[data-testid=flagged] tbody tr");
        // Other browser tests share this portal and add flagged problems of their own: look at these three.
        var texts = await rows.AllInnerTextsAsync();
        int Row(string title) => texts.ToList().FindIndex(t => t.Contains(title));
        (await rows.Nth(Row("二期厂房用电增容迟迟未批复")).Locator("[data-flag]").GetAttributeAsync("data-flag")).ShouldBe("red");
        (await rows.Nth(Row("园区道路破损影响物流运输")).Locator("[data-flag]").GetAttributeAsync("data-flag")).ShouldBe("yellow");
        (await rows.Nth(Row("稳岗补贴申领材料退回")).Locator("[data-flag]").GetAttributeAsync("data-flag")).ShouldBe("blue");
        // Red first, then yellow, then blue.
        Row("二期厂房用电增容迟迟未批复").ShouldBeLessThan(Row("园区道路破损影响物流运输"));
        Row("园区道路破损影响物流运输").ShouldBeLessThan(Row("稳岗补贴申领材料退回"));
        await BrowserFixture.ScreenshotAsync(leader, "supervision-desktop");

        await rows.Nth(Row("二期厂房用电增容迟迟未批复")).GetByRole(AriaRole.Link, new() { Name = "开具督办单" }).ClickAsync();
        await leader.WaitForURLAsync($"**/supervision/notices/new?problem={red}");
        (await leader.Locator("#level-red").IsCheckedAsync()).ShouldBeTrue();
        await leader.Locator("#requirement").FillAsync("该问题已严重逾期，请于回复期限前书面报告办理进展、逾期原因和下一步措施。");
        await BrowserFixture.ScreenshotAsync(leader, "notice-issue-desktop");
        await leader.GetByRole(AriaRole.Button, new() { Name = "开具督办单" }).ClickAsync();
        await leader.WaitForURLAsync("**/supervision/notices/*?issued=1");
        var number = await leader.Locator("[data-testid=number]").InnerTextAsync();
        number.ShouldMatch(@"^督办〔\d{4}〕\d+号$");
        (await leader.Locator("[data-testid=addressee]").InnerTextAsync()).ShouldBe("新河区商务局");
        await BrowserFixture.ScreenshotAsync(leader, "notice-desktop");
        var noticeUrl = new Uri(leader.Url).AbsolutePath;

        var handler = await browser.SignedInPageAsync("handler", width: 390, height: 844, mobile: true);
        await handler.GotoAsync("/supervision/notices");
        (await handler.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(handler, "notices-phone");
        await handler.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await handler.WaitForURLAsync($"**{noticeUrl}");
        (await handler.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(handler, "notice-phone");
        await handler.Locator("#reply").FillAsync("已协调区供电公司，增容方案已于本周批复，预计下周完成施工。");
        await handler.GetByRole(AriaRole.Button, new() { Name = "提交回复" }).ClickAsync();
        await handler.WaitForURLAsync("**?replied=1");
        (await handler.Locator("[data-testid=reply-text]").InnerTextAsync()).ShouldContain("增容方案已于本周批复");
        (await handler.Locator("[data-testid=notice] [data-status]").GetAttributeAsync("data-status")).ShouldBe("replied");
        await BrowserFixture.ScreenshotAsync(handler, "notice-phone-replied");

        var phone = await browser.SignedInPageAsync("leader", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/supervision");
        await BrowserFixture.ScreenshotAsync(phone, "supervision-phone");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await phone.GotoAsync($"/problems/{red}");
        (await phone.Locator("[data-testid=problem-notices]").InnerTextAsync()).ShouldContain(number);
        (await phone.Locator("[data-testid=timeline]").InnerTextAsync()).ShouldContain("预警：严重逾期");
        await phone.Locator("[data-testid=problem-notices]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(phone, "problem-notices-phone", fullPage: false);
    }
}
