using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Subsidies;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Subsidies;

/// <summary>The figures of everything the database keeps per policy category (V0086) against counting the applications.</summary>
public sealed partial class SubsidyTests
{
    /// <summary>The kept figures (what a user who sees everything reads) equal the live count of the same user, row for row.</summary>
    private async Task KeptFiguresMatchLiveAsync()
    {
        using var scope = portal.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Scope = DataScope.Everything;
        var figures = scope.ServiceProvider.GetRequiredService<SubsidyFigures>();
        var kept = await figures.ComputeAsync();
        var live = await figures.CountedAsync();
        kept.Total.ShouldBe(live.Total);
        kept.ByCategory.ShouldBe(live.ByCategory);
        (await portal.Database.ScalarAsync<long>("""
            SELECT count(*) FROM (
                (SELECT enterprise_id, category, applications FROM subsidy_enterprise_categories
                 EXCEPT SELECT a.enterprise_id, coalesce(p.category, ''), count(*)
                        FROM subsidy_applications a JOIN subsidy_programs s ON s.id = a.program_id JOIN policies p ON p.id = s.policy_id
                        WHERE a.status IN ('Approved', 'InNotice', 'NoticeEnded', 'Disbursed')
                        GROUP BY GROUPING SETS ((a.enterprise_id, p.category), (a.enterprise_id)))
                UNION ALL
                (SELECT a.enterprise_id, coalesce(p.category, ''), count(*)
                 FROM subsidy_applications a JOIN subsidy_programs s ON s.id = a.program_id JOIN policies p ON p.id = s.policy_id
                 WHERE a.status IN ('Approved', 'InNotice', 'NoticeEnded', 'Disbursed')
                 GROUP BY GROUPING SETS ((a.enterprise_id, p.category), (a.enterprise_id))
                 EXCEPT SELECT enterprise_id, category, applications FROM subsidy_enterprise_categories)) AS d
            """)).ShouldBe(0);
    }

    [Fact]
    public async Task The_figures_kept_per_category_equal_the_applications_counted_after_approvals_rejections_moves_and_deletes()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        await KeptFiguresMatchLiveAsync();
        var first = await CreateProgramAsync(dispatcher, "汇总校验项目一", 1_000_000m);
        var second = await CreateProgramAsync(dispatcher, "汇总校验项目二", 1_000_000m);
        await InsertApplicationsAsync(first, 6, 40_000m);
        await InsertApplicationsAsync(second, 4, 20_000m);
        await KeptFiguresMatchLiveAsync();

        // Approvals and a rejection through the application: the same enterprises hold applications of both categories.
        var reviewer = await portal.Database.ScalarAsync<long>("SELECT id FROM users WHERE user_name = 'dispatcher'");
        async Task<SubsidyResult> Review(long id, bool approve)
        {
            using var scope = portal.Factory.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<AppDbContext>().Scope = DataScope.Everything;
            var commands = scope.ServiceProvider.GetRequiredService<SubsidyCommands>();
            var version = uint.Parse(await portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM subsidy_applications WHERE id = {id}"),
                System.Globalization.CultureInfo.InvariantCulture);
            return approve
                ? await commands.ApproveAsync(id, version, "20000", new ActingUser(reviewer, "汇总测试"))
                : await commands.RejectAsync(id, version, "材料不全", new ActingUser(reviewer, "汇总测试"));
        }
        var firstIds = await ListAsync($"SELECT id::text FROM subsidy_applications WHERE program_id = {first} ORDER BY id", long.Parse);
        var secondIds = await ListAsync($"SELECT id::text FROM subsidy_applications WHERE program_id = {second} ORDER BY id", long.Parse);
        foreach (var id in firstIds.Take(4).Concat(secondIds.Take(3))) (await Review(id, true)).ShouldBeOfType<SubsidyResult.Done>();
        (await Review(firstIds[5], false)).ShouldBeOfType<SubsidyResult.Done>();
        await KeptFiguresMatchLiveAsync();

        // A programme moved under a policy of another category, so the same enterprises hold applications of two categories.
        await portal.Database.ExecuteAsync($"""
            UPDATE subsidy_programs SET policy_id = (SELECT id FROM policies WHERE category <> (SELECT p.category FROM policies p JOIN subsidy_programs s
                ON s.policy_id = p.id WHERE s.id = {second}) ORDER BY id LIMIT 1) WHERE id = {second}
            """);
        await KeptFiguresMatchLiveAsync();

        // Disbursed, a policy moved to another category, an application deleted, and one withdrawn back to submitted.
        await portal.Database.ExecuteAsync($"UPDATE subsidy_applications SET status = 'Disbursed', disbursed_amount = approved_amount, disbursed_on = current_date WHERE id = {firstIds[0]}");
        await KeptFiguresMatchLiveAsync();
        await portal.Database.ExecuteAsync($"UPDATE policies SET category = CASE WHEN category = 'Other' THEN 'Energy' ELSE 'Other' END WHERE id = (SELECT policy_id FROM subsidy_programs WHERE id = {second})");
        await KeptFiguresMatchLiveAsync();
        await portal.Database.ExecuteAsync($"DELETE FROM subsidy_events WHERE application_id = {firstIds[1]}; DELETE FROM subsidy_applications WHERE id = {firstIds[1]}");
        await portal.Database.ExecuteAsync($"UPDATE subsidy_applications SET status = 'Submitted', approved_amount = NULL WHERE id = {secondIds[0]}");
        await KeptFiguresMatchLiveAsync();
    }
}
