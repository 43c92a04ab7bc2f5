using System.Net;
using EnterpriseAid.Domain.Projects;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Projects;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Projects;

/// <summary>The per-project sums the database keeps for the list's figures (V0087) against counting the rows themselves.</summary>
public sealed partial class ProjectWorkflowTests
{
    private async Task RollupsMatchLiveAsync()
    {
        (await portal.Database.ScalarAsync<long>("""
            SELECT count(*) FROM (
                (SELECT project_id, procedures, done FROM project_procedure_counts
                 EXCEPT SELECT project_id, count(*), count(*) FILTER (WHERE status = 2) FROM project_procedures GROUP BY project_id)
                UNION ALL
                (SELECT project_id, count(*), count(*) FILTER (WHERE status = 2) FROM project_procedures GROUP BY project_id
                 EXCEPT SELECT project_id, procedures, done FROM project_procedure_counts)) AS d
            """)).ShouldBe(0);
        (await portal.Database.ScalarAsync<long>("""
            SELECT count(*) FROM (
                (SELECT project_id, year, amount, reports FROM project_investment_years
                 EXCEPT SELECT project_id, extract(year FROM month)::integer, sum(amount), count(*) FROM project_investment_reports GROUP BY 1, 2)
                UNION ALL
                (SELECT project_id, extract(year FROM month)::integer, sum(amount), count(*) FROM project_investment_reports GROUP BY 1, 2
                 EXCEPT SELECT project_id, year, amount, reports FROM project_investment_years)) AS d
            """)).ShouldBe(0);
    }

    private async Task<ProjectFigures> FiguresAsync(long id, YearMonth asOf)
    {
        using var scope = portal.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Scope = DataScope.Everything;
        var queries = scope.ServiceProvider.GetRequiredService<ProjectQueries>();
        var batch = await portal.Database.ScalarAsync<string>($"SELECT batch FROM projects WHERE id = {id}");
        var all = await queries.FiguresAsync(new ProjectCriteria(batch, null, [], null, asOf));
        return all[0].Figures;
    }

    [Fact]
    public async Task Procedure_counts_and_yearly_investment_kept_by_the_database_equal_the_rows_after_every_change()
    {
        var id = await CreateAsync("汇总校验项目");
        var client = await portal.Factory.SignedInClientAsync("dispatcher");
        await RollupsMatchLiveAsync();

        var thisMonth = YearMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)));
        var lastMonth = YearMonth.Of(thisMonth.FirstDay.AddMonths(-1));
        (await AdvanceAsync(client, id, "Signed", DaysAgo(40))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var before = await FiguresAsync(id, thisMonth);
        (await PostAsync(client, $"/projects/{id}", "project-report", [F("Report.Month", lastMonth.ToString()), F("Report.Amount", "3000")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostAsync(client, $"/projects/{id}", "project-report", [F("Report.Month", thisMonth.ToString()), F("Report.Amount", "12000")]))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await RollupsMatchLiveAsync();

        // As of this month the kept yearly sums are read; as of last month this month's report lies beyond it, so the
        // reports themselves are summed: either way, what was reported up to the as-of month.
        (await FiguresAsync(id, thisMonth)).CompletedInvestment.ShouldBe(before.CompletedInvestment + 150_000_000m);
        (await FiguresAsync(id, lastMonth)).CompletedInvestment.ShouldBe(await portal.Database.ScalarAsync<decimal>($"""
            SELECT sum(r.amount) FROM project_investment_reports r JOIN projects p ON p.id = r.project_id
            WHERE p.batch = '第五期' AND r.month <= '{lastMonth.FirstDay:yyyy-MM-dd}'
            """));

        // The checklist: two done, one in progress, one removed, one added.
        var fields = await ChecklistFieldsAsync(id);
        (await PostAsync(client, $"/projects/{id}", "project-procedures", fields)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await PostAsync(client, $"/projects/{id}", "procedure-add", [F("AddProc.Name", "水土保持方案")])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        await RollupsMatchLiveAsync();
        (await portal.Database.ScalarAsync<string>($"SELECT procedures || '/' || done FROM project_procedure_counts WHERE project_id = {id}")).ShouldBe("6/2");

        // A report moved to another year and corrected, then the project deleted with its reports and procedures.
        await portal.Database.ExecuteAsync(
            $"UPDATE project_investment_reports SET month = (month - interval '1 year')::date, amount = amount + 1 WHERE project_id = {id} AND month = '{lastMonth.FirstDay:yyyy-MM-dd}'");
        await RollupsMatchLiveAsync();
        await portal.Database.ExecuteAsync($"DELETE FROM projects WHERE id = {id}");
        await RollupsMatchLiveAsync();
        (await portal.Database.ScalarAsync<long>($"SELECT count(*) FROM project_investment_years WHERE project_id = {id}")).ShouldBe(0);
    }
}
