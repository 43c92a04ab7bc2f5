using Microsoft.Playwright;

namespace EnterpriseAid.BrowserTests.Features.Dashboard;

/// <summary>A supervisor opens the 领导驾驶舱, sees the charts drawn, and follows a figure to the records behind it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser)
{
    private const string Year = "period=custom&from=2018-01-01&to=2018-12-31";

    /// <summary>
    /// Problems and visits of 2018 across the district's towns (numbers no other test uses), seeded once. No open
    /// problem has a deadline, so none is flagged.
    /// </summary>
    private async Task SeedAsync()
    {
        var db = browser.Database;
        if (await db.ScalarAsync<long>("SELECT count(*) FROM problems WHERE number LIKE '2018-%'") > 0) return;
        await db.ExecuteAsync("""
            WITH picked AS (
                SELECT e.id, row_number() OVER (ORDER BY e.town_id, e.id) AS n
                FROM (SELECT DISTINCT ON (town_id) id, town_id FROM enterprises ORDER BY town_id, id) e
            ),
            departments AS (
                SELECT id, name, row_number() OVER (ORDER BY sort_order, id) AS n FROM org_units WHERE kind = 'Department'
            ),
            specs AS (
                SELECT g AS seq,
                       (ARRAY['Reported','Assigned','InProgress','Resolved','Closed','Closed','Resolved'])[g % 7 + 1] AS status,
                       (ARRAY['policy','labor','land','funding','energy','approval','logistics'])[g % 5 + 1] AS category
                FROM generate_series(1, 60) AS g
            )
            INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, lead_department_id,
                                  lead_department_name, dispatched_at, deadline, resolved_at, resolved_on_spot, resolved_by_deadline,
                                  closed_at, reopen_count, satisfaction, rated_at, extension_count, registered_by_user_id, created_at, updated_at)
            SELECT '2018-' || lpad(s.seq::text, 6, '0'), p.id, s.category, 'Ordinary', 'Visit', '驾驶舱测试问题' || s.seq, '描述', s.status,
                   CASE WHEN s.seq % 3 = 0 THEN NULL ELSE d.id END, CASE WHEN s.seq % 3 = 0 THEN NULL ELSE d.name END,
                   CASE WHEN s.seq % 3 = 0 THEN NULL ELSE timestamptz '2018-01-02 09:00+08' + s.seq * interval '5 days' END,
                   -- Only finished problems carry a deadline: open ones with a 2018 deadline would be flagged and crowd
                   -- the supervision list other browser tests read.
                   CASE WHEN s.seq % 3 = 0 OR s.status NOT IN ('Resolved','Closed') THEN NULL ELSE date '2018-01-20' + s.seq * 5 END,
                   CASE WHEN s.status IN ('Resolved','Closed') THEN timestamptz '2018-01-10 09:00+08' + s.seq * interval '5 days' END,
                   s.seq % 3 = 0 AND s.status IN ('Resolved','Closed'),
                   CASE WHEN s.seq % 3 <> 0 AND s.status IN ('Resolved','Closed') THEN s.seq % 4 <> 0 END,
                   CASE WHEN s.status = 'Closed' THEN timestamptz '2018-01-12 09:00+08' + s.seq * interval '5 days' END,
                   0,
                   CASE WHEN s.status = 'Closed' THEN 'Satisfied' END,
                   CASE WHEN s.status = 'Closed' THEN timestamptz '2018-01-11 09:00+08' + s.seq * interval '5 days' END,
                   0, (SELECT id FROM users WHERE user_name = 'official'),
                   timestamptz '2018-01-01 09:00+08' + s.seq * interval '5 days', timestamptz '2018-01-01 09:00+08' + s.seq * interval '5 days'
            FROM specs s
            JOIN picked p ON p.n = s.seq % (SELECT count(*) FROM picked) + 1
            JOIN departments d ON d.n = s.seq % 4 + 1;

            WITH picked AS (
                SELECT e.id, row_number() OVER (ORDER BY e.town_id, e.id) AS n
                FROM (SELECT DISTINCT ON (town_id) id, town_id FROM enterprises ORDER BY town_id, id) e
            )
            INSERT INTO visits (visited_on, kind, enterprise_ids, official_ids, summary, recorded_by_user_id, created_at)
            SELECT date '2018-01-03' + g * 9, CASE WHEN g % 6 = 0 THEN 'Symposium' ELSE 'OnSite' END,
                   CASE WHEN g % 6 = 0 THEN ARRAY(SELECT id FROM picked ORDER BY n LIMIT 4) ELSE ARRAY[(SELECT id FROM picked WHERE n = g % (SELECT count(*) FROM picked) + 1)] END,
                   ARRAY[(SELECT id FROM users WHERE user_name = 'official')], '驾驶舱测试走访',
                   (SELECT id FROM users WHERE user_name = 'official'), now()
            FROM generate_series(1, 36) AS g;
            """);
    }

    [Fact]
    public async Task A_supervisor_sees_the_charts_and_follows_a_figure_to_its_list()
    {
        await SeedAsync();
        var page = await browser.SignedInPageAsync("leader");
        await page.GetByRole(AriaRole.Link, new() { Name = "领导驾驶舱" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await page.GotoAsync("/dashboard?" + Year);

        foreach (var chart in new[] { "chart-ranking", "chart-trend", "chart-categories" })
        {
            await page.Locator($"[data-testid={chart}] canvas").WaitForAsync();
        }
        await BrowserFixture.ScreenshotAsync(page, "dashboard");

        var total = await page.Locator("[data-figure=total] [data-value]").InnerTextAsync();
        int.Parse(total).ShouldBeGreaterThan(0);
        await page.Locator("[data-figure=total] [data-value]").ClickAsync();
        await page.WaitForURLAsync("**/problems?*");
        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldBe($"共 {total} 个问题");

        await page.GoBackAsync();
        var visits = await page.Locator("[data-figure=enterprise-visits] [data-value]").InnerTextAsync();
        await page.Locator("[data-figure=enterprise-visits] [data-value]").ClickAsync();
        await page.WaitForURLAsync("**/visits?*");
        (await page.Locator("[data-testid=total]").InnerTextAsync()).ShouldContain($"{visits} 家次");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-visit-list");

        var phone = await browser.SignedInPageAsync("leader", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/dashboard?" + Year);
        await phone.Locator("[data-testid=chart-trend] canvas").WaitForAsync();
        (await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(390);
        await BrowserFixture.ScreenshotAsync(phone, "dashboard-phone");
    }

    [Fact]
    public async Task The_breakdown_by_official_shows_50_rows_a_page_and_the_next_page_keeps_the_order()
    {
        // 60 officials of 2017 who each registered one problem (numbers and a year no other test uses).
        var db = browser.Database;
        if (await db.ScalarAsync<long>("SELECT count(*) FROM problems WHERE number LIKE '2017-%'") == 0)
        {
            await db.ExecuteAsync("""
                INSERT INTO users (display_name, org_unit_id, is_disabled, created_at, user_name, normalized_user_name, email_confirmed,
                                   phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count)
                SELECT '分页干部' || lpad(i::text, 2, '0'), (SELECT org_unit_id FROM users WHERE user_name = 'official'), false, now(),
                       'pager' || i, 'PAGER' || i, false, false, false, false, 0
                FROM generate_series(1, 60) i;
                -- Solved on the spot and closed long ago, of an enterprise without an account: on nobody's task list.
                INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, resolved_at, resolved_on_spot,
                                      closed_at, reopen_count, satisfaction, rated_at, extension_count, registered_by_user_id, created_at, updated_at)
                SELECT '2017-' || lpad(i::text, 6, '0'),
                       (SELECT min(e.id) FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.enterprise_id = e.id)),
                       'policy', 'Ordinary', 'Visit', '分页演示问题', '描述', 'Closed', timestamptz '2017-06-01 02:00:00+00', true,
                       timestamptz '2017-06-03 02:00:00+00', 0, 'Satisfied', timestamptz '2017-06-02 02:00:00+00', 0,
                       (SELECT id FROM users WHERE user_name = 'pager' || i), timestamptz '2017-06-01 02:00:00+00', timestamptz '2017-06-03 02:00:00+00'
                FROM generate_series(1, 60) i;
                """);
        }
        var page = await browser.SignedInPageAsync("admin");
        await page.GotoAsync("/dashboard?period=custom&from=2017-01-01&to=2017-12-31&by=official&sort=name");
        (await page.Locator("[data-testid=breakdown] tbody tr").CountAsync()).ShouldBe(50);
        (await page.Locator("[data-testid=breakdown-count]").InnerTextAsync()).ShouldBe("共 60 行，显示第 1–50 行");
        (await page.Locator("[data-testid=breakdown] tbody tr").First.InnerTextAsync()).ShouldContain("分页干部01");
        await page.Locator("[data-testid=pages]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(page, "dashboard-by-official-paged-desktop", fullPage: false);

        await page.Locator("[data-testid=page-next]").ClickAsync();
        await page.WaitForURLAsync("**page=2**");
        page.Url.ShouldContain("by=official");
        page.Url.ShouldContain("sort=name");
        (await page.Locator("[data-testid=breakdown] tbody tr").CountAsync()).ShouldBe(10);
        (await page.Locator("[data-testid=breakdown] tbody tr").First.InnerTextAsync()).ShouldContain("分页干部51");

        var phone = await browser.SignedInPageAsync("admin", width: 390, height: 844, mobile: true);
        await phone.GotoAsync("/dashboard?period=custom&from=2017-01-01&to=2017-12-31&by=official&sort=name&page=2#rankings");
        (await phone.Locator("[data-testid=page-of]").InnerTextAsync()).ShouldBe("第 2 / 2 页");
        await phone.Locator("[data-testid=pages]").ScrollIntoViewIfNeededAsync();
        await BrowserFixture.ScreenshotAsync(phone, "dashboard-by-official-paged-phone", fullPage: false);
    }
}
