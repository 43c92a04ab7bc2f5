using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Projects;

/// <summary>
/// The demo district plus three batches written in SQL that reproduce the bulletins' 三个一批 sentences:
/// <list type="bullet">
/// <item>第九期 — "'签约一批'项目37个，总投资434亿元，履约率100%，开工率84%": 37 signed projects (31 started, 6 signed with
/// their planned start still ahead), 36 × 12亿 + 2亿;</item>
/// <item>第十期 — "9个新开工省市重点项目的54项手续已办结46项，办结率85.2%": 9 provincial and municipal key projects at 开工 with
/// six procedures each, 46 done; plus a district-level one whose procedures must not count under the level filter;</item>
/// <item>第十一期 — "'投产一批'…已完成投资844亿元、占总投资的71.4%，已达效136个、达效率85%": 160 projects in production or beyond,
/// 136 at full effect, 1182亿 in total, 844亿 reported.</item>
/// </list>
/// All lie in 城关街道 (the demo official's street), with an investor of that street.
/// </summary>
public sealed class ProjectFixture : IAsyncLifetime
{
    public PortalFixture Portal { get; } = new();
    public long Town { get; private set; }
    public long Investor { get; private set; }

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        var db = Portal.Database;
        Town = await db.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'");
        Investor = await db.ScalarAsync<long>($"SELECT id FROM enterprises WHERE town_id = {Town} ORDER BY id LIMIT 1");
        var admin = await db.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'admin'");
        const string columns = "name, enterprise_id, region_id, industry_section, level, batch, total_investment, stage, signed_on, started_on, producing_on, effective_on, started_planned_on, created_at, updated_at";
        await db.ExecuteAsync($"""
            INSERT INTO projects ({columns})
            SELECT '第九期签约项目' || i, {Investor}, {Town}, 'C', 'city', '第九期',
                   CASE WHEN i = 37 THEN 200000000 ELSE 1200000000 END,
                   CASE WHEN i <= 31 THEN 2 ELSE 1 END,
                   current_date - 200, CASE WHEN i <= 31 THEN current_date - 100 END, NULL, NULL,
                   CASE WHEN i <= 31 THEN NULL ELSE current_date + 30 END, now(), now()
            FROM generate_series(1, 37) i;

            INSERT INTO projects ({columns})
            SELECT '第十期新开工项目' || i, {Investor}, {Town}, 'C', CASE WHEN i <= 4 THEN 'province' WHEN i <= 9 THEN 'city' ELSE 'district' END, '第十期',
                   500000000, 2, current_date - 90, current_date - 30, NULL, NULL, NULL, now(), now()
            FROM generate_series(1, 10) i;
            INSERT INTO project_procedures (project_id, name, sort_order, status, started_on, completed_on)
            SELECT p.id, n.name, n.ord, CASE WHEN row_number() OVER (ORDER BY p.id, n.ord) <= 46 OR p.level = 'district' THEN 2 ELSE 1 END,
                   current_date - 60, CASE WHEN row_number() OVER (ORDER BY p.id, n.ord) <= 46 OR p.level = 'district' THEN current_date - 10 END
            FROM projects p CROSS JOIN (VALUES ('立项', 1), ('用地预审', 2), ('规划许可', 3), ('施工许可', 4), ('环评', 5), ('能评', 6)) AS n(name, ord)
            WHERE p.batch = '第十期';

            INSERT INTO projects ({columns})
            SELECT '第十一期投产项目' || i, {Investor}, {Town}, 'C', 'district', '第十一期', 738750000,
                   CASE WHEN i <= 136 THEN 4 ELSE 3 END, current_date - 400, current_date - 300, current_date - 100,
                   CASE WHEN i <= 136 THEN current_date - 10 END, NULL, now(), now()
            FROM generate_series(1, 160) i;
            INSERT INTO project_investment_reports (project_id, month, amount, reported_by_user_id, reported_at)
            SELECT id, date_trunc('month', current_date)::date - interval '2 months', 527500000, {admin}, now()
            FROM projects WHERE batch = '第十一期';
            """);
    }

    public Task DisposeAsync() => Portal.DisposeAsync();
}
