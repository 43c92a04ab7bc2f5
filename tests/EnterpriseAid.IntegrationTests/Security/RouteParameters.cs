using EnterpriseAid.Domain.Identity;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Security;

/// <summary>
/// The record each route parameter names, chosen among the demo data (the newest of its kind,
/// so after the fuzz these are the records it created). A route whose parameter is not known
/// here fails the test until it is added.
/// </summary>
public sealed class RouteParameters(TestDatabase db)
{
    private readonly Dictionary<string, string> _values = [];

    private static readonly (string Role, string User)[] Accounts =
    [
        (PortalRoles.Administrator, "admin"), (PortalRoles.Dispatcher, "dispatcher"), (PortalRoles.Supervisor, "leader"),
        (PortalRoles.Official, "official"), (PortalRoles.DepartmentHandler, "handler"), (PortalRoles.Enterprise, "enterprise"),
    ];

    /// <summary>The demo account that may use the route: the administrator where allowed, else the first role's account; anonymous pages anonymously.</summary>
    public static string? UserFor(PortalRoute route)
    {
        if (route.AllowsAnonymous) return null;
        if (route.AllowsRole(PortalRoles.Administrator)) return "admin";
        return Accounts.First(a => route.AllowsRole(a.Role)).User;
    }

    public async Task LoadAsync()
    {
        async Task Set(string key, string sql) => _values[key] = (await db.ScalarAsync<object>(sql))?.ToString() ?? "0";
        await Set("enterprise", "SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        await Set("problem", "SELECT coalesce(max(id), 0) FROM problems");
        await Set("notice", "SELECT coalesce(max(id), 0) FROM supervision_notices");
        await Set("policy", "SELECT coalesce(max(policy_id), 0) FROM policy_attachments");
        await Set("attachment", "SELECT coalesce(max(id), 0) FROM policy_attachments");
        await Set("pushed", "SELECT coalesce((SELECT max(policy_id) FROM policy_pushes WHERE enterprise_id = (SELECT enterprise_id FROM users WHERE user_name = 'enterprise')), 0)");
        await Set("program", "SELECT coalesce(max(id), 0) FROM subsidy_programs");
        await Set("application", "SELECT coalesce(max(id), 0) FROM subsidy_applications");
        await Set("project", "SELECT coalesce(max(id), 0) FROM projects");
        await Set("user", "SELECT id FROM users WHERE user_name = 'll.wumin'");
        // A street office nobody signs in from, so moving it in the tree cannot lock a demo account out.
        await Set("orgunit", "SELECT max(id) FROM org_units o WHERE kind <> 'Department' AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_unit_id = o.id) AND NOT EXISTS (SELECT 1 FROM org_units c WHERE c.parent_id = o.id)");
        await Set("year", "SELECT extract(year FROM now())::int");
        // A job is its uploader's own (ADR-027): the administrator's newest.
        await Set("import", "SELECT coalesce((SELECT max(id) FROM import_jobs WHERE user_id = (SELECT id FROM users WHERE user_name = 'admin')), 0)");
    }

    public string For(PortalRoute route, string parameter)
    {
        var p = route.Pattern;
        string key =
            p.StartsWith("/status/") ? "" :
            p.StartsWith("/admin/calendar/") ? "year" :
            p.StartsWith("/admin/org-units/") ? "orgunit" :
            p.StartsWith("/admin/users/") ? "user" :
            p.StartsWith("/enterprises/") ? "enterprise" :
            (p.StartsWith("/policies/") || p.StartsWith("/portal/policies/")) && parameter.Equals("attachmentId", StringComparison.OrdinalIgnoreCase) ? "attachment" :
            p.StartsWith("/policies/") ? "policy" :
            p.StartsWith("/portal/policies/") ? "pushed" :
            p.StartsWith("/problems/") ? "problem" :
            p.StartsWith("/supervision/notices/") ? "notice" :
            p.StartsWith("/subsidies/applications/") ? "application" :
            p.StartsWith("/subsidies/") || p.StartsWith("/public/subsidies/") ? "program" :
            p.StartsWith("/projects/") ? "project" :
            p.StartsWith("/imports/") ? "import" :
            throw new InvalidOperationException(
                $"Route {p} takes a parameter ({parameter}) the security crawls do not know: name a record for it in {nameof(RouteParameters)}.");
        return key == "" ? "400" : _values[key];
    }

    /// <summary>
    /// Records the fuzz aims at that the demo district lacks, so their pages render their forms: a policy
    /// attachment, a dispatched problem with a 督办单, an open 兑现 programme with a submitted application, a project.
    /// </summary>
    private const string SeededProblem = "输入校验用问题";

    public static async Task SeedAsync(PortalFixture portal)
    {
        if (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM problems WHERE title = '{SeededProblem}'") > 0) return;
        var problem = await TestProblems.DispatchedAsync(portal.Factory.Services, SeededProblem, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30));
        await portal.Database.ExecuteAsync($"""
            INSERT INTO policy_attachments (policy_id, file_name, content_type, size_bytes, content, uploaded_at)
            SELECT id, '附件.txt', 'text/plain', 3, 'abc'::bytea, now() FROM policies ORDER BY id DESC LIMIT 1;
            INSERT INTO supervision_notices (number, problem_id, problem_number, problem_title, enterprise_name, department_id,
                                             department_name, level, requirement, reply_due, issued_by_user_id, issued_by_name, issued_at)
            SELECT '督办〔2026〕90号', p.id, p.number, p.title, e.name, p.lead_department_id, o.name, 'Red', '请于三日内回复', current_date + 3,
                   (SELECT id FROM users WHERE user_name = 'admin'), '系统管理员', now()
            FROM problems p JOIN enterprises e ON e.id = p.enterprise_id JOIN org_units o ON o.id = p.lead_department_id WHERE p.id = {problem};
            WITH program AS (
                INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                              notice_days, stage, created_at, created_by_user_id)
                SELECT id, region_id, '输入校验兑现项目', '2026年第一批', 1000000, 0, current_date - 1, current_date + 30, false, 7, 'Open', now(),
                       (SELECT id FROM users WHERE user_name = 'admin')
                FROM policies ORDER BY policies.id LIMIT 1 RETURNING id)
            INSERT INTO subsidy_applications (program_id, enterprise_id, status, requested_amount, automatic, created_at, updated_at)
            SELECT program.id, u.enterprise_id, 'Submitted', 5000, false, now(), now() FROM program, users u WHERE u.user_name = 'enterprise';
            INSERT INTO projects (name, enterprise_id, region_id, industry_section, level, batch, total_investment, stage, created_at, updated_at)
            SELECT '输入校验投资项目', e.id, e.town_id, 'C', 'city', '第一期', 100000000, 0, now(), now()
            FROM enterprises e WHERE e.id = (SELECT enterprise_id FROM users WHERE user_name = 'enterprise');
            """);
    }
}
