using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Ledger;

/// <summary>The filtered problem list with its figures and export, and the enterprise ledger, at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LedgerAndProblemListBrowserTests(BrowserFixture browser)
{
    private static readonly SemaphoreSlim Seeding = new(1, 1);

    /// <summary>
    /// 2025 problems of three 城关街道 enterprises and two of 东湖街道 (numbers apart from this year's, so
    /// problems registered by other tests cannot collide), and a ledger for the last 城关街道 enterprise by name.
    /// </summary>
    private async Task<(long Enterprise, string Name, long Town)> SeedAsync()
    {
        var db = browser.Database;
        var town = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
        await Seeding.WaitAsync();
        try
        {
            var enterprise = await db.ScalarAsync<long>($"SELECT id FROM enterprises WHERE town_id = {town} ORDER BY name DESC, id DESC LIMIT 1");
            var name = await db.ScalarAsync<string>($"SELECT name FROM enterprises WHERE id = {enterprise}");
            if (await db.ScalarAsync<long>("SELECT count(*) FROM problems WHERE number LIKE '2025-%'") > 0) return (enterprise, name, town);

            await db.ExecuteAsync($"""
                WITH picked AS (
                    SELECT e.id, row_number() OVER (ORDER BY o.code, e.name DESC, e.id) AS n
                    FROM enterprises e JOIN org_units o ON o.id = e.town_id
                    WHERE (o.code = 'XH-T01' AND e.id IN (SELECT id FROM enterprises WHERE town_id = {town} ORDER BY name DESC, id DESC LIMIT 3))
                       OR (o.code = 'XH-T02' AND e.id IN (SELECT id FROM enterprises WHERE town_id = (SELECT id FROM org_units WHERE code = 'XH-T02') ORDER BY id LIMIT 2))
                ),
                departments AS (
                    SELECT id, name, row_number() OVER (ORDER BY sort_order, id) AS n FROM org_units WHERE kind = 'Department'
                ),
                specs AS (
                    SELECT g AS seq,
                           (ARRAY['Reported','Assigned','InProgress','Resolved','Closed','InProgress'])[g % 6 + 1] AS status,
                           (ARRAY['policy','labor','land','funding','energy','approval','logistics'])[g % 7 + 1] AS category,
                           (ARRAY['出口退税政策咨询','技术工人招聘困难','厂房用地手续办理','流动资金贷款续贷','用电增容申请','环评审批进度','物流园区道路破损'])[g % 7 + 1] AS title
                    FROM generate_series(1, 26) AS g
                )
                INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, lead_department_id,
                                      lead_department_name, dispatched_at, deadline, resolved_at, resolved_on_spot, resolved_by_deadline,
                                      closed_at, reopen_count, satisfaction, rated_at, extension_count, registered_by_user_id, created_at, updated_at)
                SELECT '2025-' || lpad(s.seq::text, 6, '0'), p.id, s.category, 'Ordinary', 'Visit', s.title || '（' || s.seq || '）', s.title,
                       CASE WHEN s.seq % 9 = 0 THEN 'Resolved' ELSE s.status END,
                       CASE WHEN s.status = 'Reported' OR s.seq % 9 = 0 THEN NULL ELSE d.id END,
                       CASE WHEN s.status = 'Reported' OR s.seq % 9 = 0 THEN NULL ELSE d.name END,
                       CASE WHEN s.status = 'Reported' OR s.seq % 9 = 0 THEN NULL ELSE timestamptz '2025-01-01 09:00+08' + s.seq * interval '12 days' END,
                       CASE WHEN s.status = 'Reported' OR s.seq % 9 = 0 THEN NULL ELSE date '2025-01-15' + s.seq * 12 END,
                       CASE WHEN s.status IN ('Resolved','Closed') OR s.seq % 9 = 0 THEN timestamptz '2025-01-05 09:00+08' + s.seq * 12 * interval '1 day' END,
                       s.seq % 9 = 0,
                       CASE WHEN s.seq % 9 = 0 THEN NULL WHEN s.status IN ('Resolved','Closed') THEN s.seq % 4 <> 0 END,
                       CASE WHEN s.status = 'Closed' AND s.seq % 9 <> 0 THEN timestamptz '2025-01-08 09:00+08' + s.seq * 12 * interval '1 day' END,
                       0,
                       CASE WHEN s.status = 'Closed' AND s.seq % 9 <> 0 THEN (ARRAY['Satisfied','BasicallySatisfied'])[s.seq % 2 + 1] END,
                       CASE WHEN s.status = 'Closed' AND s.seq % 9 <> 0 THEN timestamptz '2025-01-07 09:00+08' + s.seq * 12 * interval '1 day' END,
                       0, (SELECT id FROM users WHERE user_name = 'admin'),
                       timestamptz '2025-01-01 09:00+08' + s.seq * 12 * interval '1 day', timestamptz '2025-01-01 09:00+08' + s.seq * 12 * interval '1 day'
                FROM specs s
                JOIN picked p ON p.n = s.seq % 5 + 1
                JOIN departments d ON d.n = s.seq % 4 + 1;

                INSERT INTO assignments (enterprise_id, role, user_id, org_unit_id, starts_on, ends_on, note, created_at) VALUES
                    ({enterprise}, 'leader', (SELECT id FROM users WHERE user_name = 'leader'), NULL, '2025-03-01', NULL, '季度走访一次', now()),
                    ({enterprise}, 'town_office', NULL, {town}, '2025-03-01', NULL, NULL, now()),
                    ({enterprise}, 'leader', (SELECT id FROM users WHERE user_name = 'dispatcher'), NULL, '2024-01-01', '2025-02-28', '岗位调整', now());
                INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at,
                                    notes_situation, notes_problems, notes_goals, notes_policies) VALUES
                    ('2025-04-18', 'OnSite', ARRAY[{enterprise}], ARRAY[(SELECT id FROM users WHERE user_name = 'official')],
                     '实地走访企业生产车间，与总经理座谈，了解一季度订单和用工情况。', (SELECT id FROM users WHERE user_name = 'official'), now(),
                     '一季度产值同比增长12%，订单排产到6月', '普工缺口约30人；二期厂房用电增容待批复', '年内完成智能化产线改造', '技术改造专项补贴、稳岗返还'),
                    ('2025-09-03', 'Symposium', ARRAY[{enterprise}], ARRAY[(SELECT id FROM users WHERE user_name = 'official'), (SELECT id FROM users WHERE user_name = 'leader')],
                     '参加街道重点企业座谈会，通报惠企政策兑现进度。', (SELECT id FROM users WHERE user_name = 'official'), now(),
                     NULL, '希望加快出口退税办理', NULL, NULL);
                """);
            return (enterprise, name, town);
        }
        finally
        {
            Seeding.Release();
        }
    }

    [Fact]
    public async Task A_dispatcher_filters_the_problem_list_sees_the_figures_and_exports_it()
    {
        var (_, _, town) = await SeedAsync();
        var page = await browser.SignedInPageAsync("dispatcher");
        await page.GotoAsync("/problems");

        await page.GetByLabel("所属区域").SelectOptionAsync(town.ToString());
        await page.Locator("#from").FillAsync("2025-01-01");
        await page.Locator("#to").FillAsync("2025-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await page.WaitForURLAsync("**/problems?*region=*");

        page.Url.ShouldContain("from=2025-01-01");
        page.Url.ShouldContain("to=2025-12-31");
        var total = await browser.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM problems p JOIN enterprises e ON e.id = p.enterprise_id WHERE p.number LIKE '2025-%' AND e.town_id = {town}");
        total.ShouldBeGreaterThan(10);
        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe($"共 {total} 个问题");
        (await page.Locator("[data-figure=total] [data-value]").InnerTextAsync()).ShouldBe(total.ToString());
        (await page.Locator("[data-figure=resolution-rate] [data-value]").InnerTextAsync()).ShouldEndWith("%");
        await BrowserFixture.ScreenshotAsync(page, "problem-list-filtered");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=export]").ClickAsync());
        download.SuggestedFilename.ShouldStartWith("问题台账-");
        download.SuggestedFilename.ShouldEndWith(".xlsx");

        var phone = await browser.SignedInPageAsync("dispatcher", width: 390, height: 844, mobile: true);
        await phone.GotoAsync(page.Url);
        (await phone.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe($"共 {total} 个问题");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(phone, "problem-list-filtered-phone");
    }

    [Fact]
    public async Task A_bad_period_is_explained_in_Chinese_on_the_list()
    {
        var page = await browser.SignedInPageAsync("dispatcher");

        await page.GotoAsync("/problems?from=2025-06-01&to=2025-01-01");

        (await page.Locator("[data-testid=filter-error]").InnerTextAsync()).ShouldContain("登记日期的开始日期不能晚于结束日期");
        (await page.Locator("[data-testid=export]").CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "problem-list-bad-period", fullPage: false);
    }

    [Fact]
    public async Task An_official_opens_the_ledger_from_the_enterprise_page_on_a_laptop_and_on_a_phone()
    {
        var (enterprise, name, _) = await SeedAsync();
        var page = await browser.SignedInPageAsync("official");
        await page.GotoAsync($"/enterprises/{enterprise}");

        await page.Locator("[data-testid=ledger-link]").ClickAsync();
        await page.WaitForURLAsync($"**/enterprises/{enterprise}/ledger");

        (await page.Locator("h1").InnerTextAsync()).ShouldContain(name);
        (await page.Locator("[data-testid=ledger-assignments] [data-state]").CountAsync()).ShouldBe(3);
        (await page.Locator("[data-testid=ledger-visits] [data-visit]").First.InnerTextAsync()).ShouldContain("2025-09-03");
        (await page.Locator("[data-testid=ledger-visits]").InnerTextAsync()).ShouldContain("普工缺口约30人");
        var problems = await browser.Database.ScalarAsync<long>($"SELECT count(*) FROM problems WHERE enterprise_id = {enterprise}");
        (await page.Locator("[data-testid=ledger-problems] tbody tr").CountAsync()).ShouldBe((int)problems);
        await BrowserFixture.ScreenshotAsync(page, "ledger");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=ledger-export]").ClickAsync());
        download.SuggestedFilename.ShouldStartWith($"一企一台账-{name}-");

        var phone = await browser.SignedInPageAsync("official", width: 390, height: 844, mobile: true);
        await phone.GotoAsync($"/enterprises/{enterprise}/ledger");
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(phone, "ledger-phone");
    }
}
