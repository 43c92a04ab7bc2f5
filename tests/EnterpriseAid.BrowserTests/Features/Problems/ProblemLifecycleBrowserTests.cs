using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Problems;

/// <summary>
/// The whole path of two problems raised on one visit, as the people involved click it: the official logs the visit on
/// a phone and solves one problem on the spot; the dispatcher dispatches the other to 新河区商务局; the handler finds it
/// in 我的待办, accepts and resolves it; the enterprise rates it 满意; the dispatcher closes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProblemLifecycleBrowserTests(BrowserFixture browser)
{
    private const int PhoneWidth = 390;
    private const int PhoneHeight = 844;

    [Fact]
    public async Task Two_problems_from_one_visit_one_solved_on_the_spot_the_other_dispatched_resolved_rated_and_closed()
    {
        var enterprise = await browser.Database.ScalarAsync<string>(
            "SELECT e.name FROM enterprises e JOIN users u ON u.enterprise_id = e.id WHERE u.user_name = 'enterprise'");

        // 1. The official logs the visit on a phone, with two problems, one solved on the spot.
        var official = await browser.SignedInPageAsync("official", PhoneWidth, PhoneHeight, mobile: true);
        await official.GotoAsync("/visits/new");
        await official.Locator("#enterprise-q").PressSequentiallyAsync(enterprise[..Math.Max(2, enterprise.Length - 4)]);
        await official.Locator("#enterprise-results label", new() { HasText = enterprise }).ClickAsync();
        await official.Locator("#summary").FillAsync("走访企业负责人，了解用工和政策需求。");

        var add = official.GetByTestId("add-problem");
        await add.ClickAsync();
        await official.Locator("#problem-row-0").WaitForAsync();
        await add.ClickAsync();
        await official.Locator("#problem-row-1").WaitForAsync();
        // htmx fetched the rows: the page did not reload, so what was typed above is untouched.
        (await official.Locator("#summary").InputValueAsync()).ShouldBe("走访企业负责人，了解用工和政策需求。");
        (await official.Locator("#problem-1-category").EvaluateAsync<bool>("e => e === document.activeElement")).ShouldBeTrue();

        await official.Locator("#problem-0-category").SelectOptionAsync(new SelectOptionValue { Label = "用工" });
        await official.Locator("#problem-0-title").FillAsync("数控操作工招聘困难");
        await official.Locator("#problem-0-description").FillAsync("新产线投产，缺数控操作工约15人，希望人社和商务部门协助对接招聘。");
        await official.Locator("#problem-1-category").SelectOptionAsync(new SelectOptionValue { Label = "政策" });
        await official.Locator("#problem-1-title").FillAsync("不清楚稳岗补贴申领");
        await official.Locator("#problem-1-description").FillAsync("企业不清楚今年稳岗补贴的申领条件和流程。");
        (await official.Locator("#problem-1-resolution").IsVisibleAsync()).ShouldBeFalse();
        await official.Locator("label[for=problem-1-onspot]").ClickAsync();
        await official.Locator("#problem-1-resolution").FillAsync("现场讲解稳岗补贴政策，指导企业在线提交申请。");

        (await official.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(PhoneWidth);
        await official.Locator("#problem-row-0").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(official, "lifecycle-1-problem-rows-phone", fullPage: false);
        await ShotAsync(official, "lifecycle-1-visit-with-problems-phone");

        await official.Locator(".sticky-actions").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await official.WaitForURLAsync("**/visits/new?saved=*");
        var saved = official.GetByTestId("saved-problems");
        (await saved.Locator("li").CountAsync()).ShouldBe(2);
        (await official.GetByTestId("saved").InnerTextAsync()).ShouldContain("登记问题2个，其中现场解决1个");
        var open = saved.Locator("li", new() { HasText = "数控操作工招聘困难" });
        var number = (await open.Locator("a").InnerTextAsync()).Trim();
        Regex.IsMatch(number, @"^\d{4}-\d{6}$").ShouldBeTrue(number);
        (await saved.Locator("li", new() { HasText = "不清楚稳岗补贴申领" }).InnerTextAsync()).ShouldContain("现场解决");
        await ShotAsync(official, "lifecycle-2-visit-saved-phone");

        // 2. The dispatcher finds it in 我的待办 (待交办) and dispatches it to 新河区商务局.
        var dispatcher = await browser.SignedInPageAsync("dispatcher");
        await dispatcher.GotoAsync("/my/tasks");
        await ShotAsync(dispatcher, "lifecycle-3a-dispatcher-tasks");
        var toDispatch = dispatcher.GetByTestId("tasks-todispatch").Locator("a.task-item", new() { HasText = number });
        await toDispatch.ClickAsync();
        await dispatcher.WaitForURLAsync("**/problems/*");
        var problemUrl = new Uri(dispatcher.Url).AbsolutePath;
        var dispatch = dispatcher.Locator("[data-action=Dispatch]");
        await dispatch.Locator("select[name=LeadId]").SelectOptionAsync(new SelectOptionValue { Label = "新河区商务局" });
        (await dispatch.Locator("input[name=Deadline]").InputValueAsync()).ShouldNotBeEmpty();
        await ShotAsync(dispatcher, "lifecycle-3-dispatch");
        await dispatch.GetByRole(AriaRole.Button, new() { Name = "交办" }).ClickAsync();
        await ExpectStatusAsync(dispatcher, "已交办");

        // 3. The handler sees it in 我的待办 (待签收) on a phone, accepts it and resolves it.
        var handler = await browser.SignedInPageAsync("handler", PhoneWidth, PhoneHeight, mobile: true);
        // The home page says what is waiting, with a way into each list.
        (await handler.GetByTestId("task-summary").InnerTextAsync()).ShouldContain("待签收");
        await ShotAsync(handler, "lifecycle-4a-handler-home-phone");
        await handler.GotoAsync("/my/tasks");
        var toAccept = handler.GetByTestId("tasks-toaccept").Locator("a.task-item", new() { HasText = number });
        (await toAccept.InnerTextAsync()).ShouldContain("数控操作工招聘困难");
        (await handler.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(PhoneWidth);
        await ShotAsync(handler, "lifecycle-4-handler-tasks-phone");
        await toAccept.ClickAsync();
        await handler.Locator("[data-action=Accept]").GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await ExpectStatusAsync(handler, "办理中");
        var resolve = handler.Locator("[data-action=Resolve]");
        await resolve.Locator("textarea[name=Text]").FillAsync("已联合人社局举办专场招聘会，企业招到数控操作工16人。");
        await resolve.GetByRole(AriaRole.Button, new() { Name = "办结" }).ClickAsync();
        await ExpectStatusAsync(handler, "已办结");
        await ShotAsync(handler, "lifecycle-5-resolved-phone");

        // 4. The enterprise finds it in 我的待办 (待评价) and rates it 满意.
        var firm = await browser.SignedInPageAsync("enterprise", PhoneWidth, PhoneHeight, mobile: true);
        await firm.GotoAsync("/my/tasks");
        await firm.GetByTestId("tasks-torate").Locator("a.task-item", new() { HasText = number }).ClickAsync();
        var rate = firm.Locator("[data-action=Rate]");
        await rate.Locator("label[for=sat-Satisfied]").ClickAsync();
        await rate.Locator("textarea[name=Text]").FillAsync("招聘会很及时，感谢！");
        await ShotAsync(firm, "lifecycle-6-rate-phone");
        await rate.GetByRole(AriaRole.Button, new() { Name = "评价" }).ClickAsync();
        await Assertions.Expect(firm.GetByTestId("saved")).ToBeVisibleAsync();
        (await firm.Locator(".ledger-facts").InnerTextAsync()).ShouldContain("满意");

        // 5. The dispatcher finds it in 待销号, closes it and sees it closed.
        await dispatcher.GotoAsync("/my/tasks");
        await dispatcher.GetByTestId("tasks-toclose").Locator("a.task-item", new() { HasText = number }).ClickAsync();
        await dispatcher.Locator("[data-action=Close]").GetByRole(AriaRole.Button, new() { Name = "销号" }).ClickAsync();
        await ExpectStatusAsync(dispatcher, "已销号");
        new Uri(dispatcher.Url).AbsolutePath.ShouldBe(problemUrl);
        var timeline = await dispatcher.GetByTestId("timeline").InnerTextAsync();
        foreach (var step in new[] { "登记问题", "交办", "签收", "办结", "评价：满意", "销号" }) timeline.ShouldContain(step);
        await ShotAsync(dispatcher, "lifecycle-7-closed");

        await dispatcher.GotoAsync("/problems?status=Closed");
        (await dispatcher.Locator("table").InnerTextAsync()).ShouldContain(number);
    }

    /// <summary>Waits for the page after the post (the form posts to the page it is on) to show the new status.</summary>
    private static async Task ExpectStatusAsync(IPage page, string status)
    {
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync(status);
        await Assertions.Expect(page.GetByTestId("saved")).ToBeVisibleAsync();
    }

    /// <summary>A full-page screenshot from the top, where the sticky header belongs.</summary>
    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, name);
    }
}
