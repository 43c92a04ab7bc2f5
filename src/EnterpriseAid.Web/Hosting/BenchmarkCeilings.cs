using System.Data.Common;
using EnterpriseAid.Domain.Identity;
using System.Net;
using System.Text;
using EnterpriseAid.Infrastructure.Persistence;
using Npgsql;

namespace EnterpriseAid.Web.Hosting;

/// <summary>
/// The ceilings the HTTP benchmark measures pages against (docs/performance.md, ADR-025): for a page, one
/// hand-written SQL query through Npgsql that returns what the page lists for the same signed-in user (same
/// scope, page size and order), written as a bare HTML table — no EF Core, no components, no layout. Mapped
/// only when <c>Benchmark:CeilingEndpoints</c> is true, which no production configuration sets.
/// </summary>
public static class BenchmarkCeilings
{
    public const string Setting = "Benchmark:CeilingEndpoints";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>(Setting);

    public static void MapBenchmarkCeilings(this WebApplication app)
    {
        if (!Enabled(app.Configuration)) return;
        var group = app.MapGroup("/bench/ceiling");
        group.MapGet("/problems", ProblemsAsync).RequireAuthorization(p => p.RequireRole(PortalRoles.Staff.Split(',')));
        group.MapGet("/portal-subsidies", PortalSubsidiesAsync).RequireAuthorization(p => p.RequireRole(PortalRoles.Enterprise));
    }

    /// <summary>/problems without filters: the scope's newest page (by number), one row more to know there is a next page.</summary>
    private static async Task ProblemsAsync(HttpContext context, NpgsqlDataSource dataSource, IDataScopeProvider scopes)
    {
        var scope = scopes.Current;
        await using var cmd = dataSource.CreateCommand($"""
            SELECT p.id, p.number, e.name, p.category, p.status, p.lead_department_name, p.deadline, p.created_at
            FROM problems p JOIN enterprises e ON e.id = p.enterprise_id
            WHERE {ScopeCondition(scope, "p")}
            ORDER BY p.number DESC LIMIT {Features.Problems.ProblemQueries.PageSize + 1}
            """);
        AddScopeParameters(cmd, scope);
        await WriteTableAsync(context, cmd);
    }

    /// <summary>
    /// /portal/subsidies: the enterprise's applications, newest first, each with its programme and timeline, and the
    /// programmes it can apply to today (of its region and the regions above it, open, not 免申即享, not applied for),
    /// which the page lists in its form — one statement.
    /// </summary>
    private static async Task PortalSubsidiesAsync(HttpContext context, NpgsqlDataSource dataSource, IDataScopeProvider scopes, TimeProvider clock)
    {
        var enterprise = scopes.Current.EnterpriseId ?? 0;
        await using var cmd = dataSource.CreateCommand("""
            SELECT * FROM (
            SELECT 1 AS part, a.id, s.name, s.batch, a.status, a.requested_amount, a.approved_amount, a.disbursed_on, a.disbursed_amount,
                   s.notice_to, ev.kind, ev.at, ev.amount, ev.text, ev.id AS event_id
            FROM subsidy_applications a
            JOIN subsidy_programs s ON s.id = a.program_id
            LEFT JOIN subsidy_events ev ON ev.application_id = a.id AND ev.kind <> 'Objection'
            WHERE a.enterprise_id = @enterprise
            UNION ALL
            SELECT 2, s.id, s.name, s.batch, s.stage, NULL, NULL, NULL, NULL, s.apply_to, NULL, NULL, NULL, NULL, NULL
            FROM subsidy_programs s
            WHERE s.region_id = ANY (SELECT unnest(string_to_array(trim(both '/' from e.region_path), '/'))::bigint
                                     FROM enterprises e WHERE e.id = @enterprise)
              AND s.stage = 'Open' AND NOT s.mian_shen_ji_xiang AND s.apply_from <= @today AND @today <= s.apply_to
              AND NOT EXISTS (SELECT 1 FROM subsidy_applications x WHERE x.program_id = s.id AND x.enterprise_id = @enterprise)
            ) AS rows
            -- Applications newest first with their timelines in order; programmes closing soonest first.
            ORDER BY part, CASE WHEN part = 1 THEN id END DESC, CASE WHEN part = 2 THEN notice_to END, at, event_id
            """);
        cmd.Parameters.AddWithValue("enterprise", enterprise);
        cmd.Parameters.AddWithValue("today", EnterpriseAid.Domain.Common.ChinaTime.Today(clock));
        await WriteTableAsync(context, cmd);
    }

    private static string ScopeCondition(DataScope scope, string alias) => scope switch
    {
        { SeesAll: true } => "true",
        { RegionPath: not null } => $"{alias}.region_path LIKE @path",
        { EnterpriseId: not null } => $"{alias}.enterprise_id = @enterprise",
        // Department scope is not a benchmarked case; a ceiling that shows nothing is never mistaken for one.
        _ => "false",
    };

    private static void AddScopeParameters(NpgsqlCommand cmd, DataScope scope)
    {
        if (scope.RegionPath is { } path) cmd.Parameters.AddWithValue("path", path + "%");
        if (scope.EnterpriseId is { } enterprise) cmd.Parameters.AddWithValue("enterprise", enterprise);
    }

    private static async Task WriteTableAsync(HttpContext context, NpgsqlCommand cmd)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body><table>");
        await using (DbDataReader reader = await cmd.ExecuteReaderAsync(context.RequestAborted))
        {
            while (await reader.ReadAsync(context.RequestAborted))
            {
                html.Append("<tr>");
                for (var i = 0; i < reader.FieldCount; i++)
                    html.Append("<td>").Append(WebUtility.HtmlEncode(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))).Append("</td>");
                html.Append("</tr>");
            }
        }
        html.Append("</table></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString(), context.RequestAborted);
    }
}
