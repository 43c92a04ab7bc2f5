using System.Text.RegularExpressions;

namespace EnterpriseAid.IntegrationTests.Features.Subsidies;

/// <summary>The programme list pages by 20, newest first, with the figures of every programme on each page (ADR-033).</summary>
public sealed partial class SubsidyTests
{
    [Fact]
    public async Task The_programme_list_shows_20_a_page_newest_first_and_the_figures_of_all_programmes_on_every_page()
    {
        var dispatcher = await portal.Factory.SignedInClientAsync("dispatcher");
        var program = await CreateProgramAsync(dispatcher, "分页测试项目", 100_000m);
        await portal.Database.ExecuteAsync($"""
            INSERT INTO subsidy_programs (policy_id, region_id, name, batch, budget, approved_total, apply_from, apply_to, mian_shen_ji_xiang,
                                          standard_amount, notice_days, stage, created_at, created_by_user_id)
            SELECT policy_id, region_id, name || i, batch, budget, 0, apply_from, apply_to, mian_shen_ji_xiang, standard_amount, notice_days, stage,
                   created_at, created_by_user_id
            FROM subsidy_programs, generate_series(1, 24) i WHERE id = {program}
            """);

        var first = await dispatcher.GetStringAsync("/subsidies");
        var total = int.Parse(Regex.Match(first, "共 (\\d+) 个兑现项目").Groups[1].Value);
        total.ShouldBeGreaterThan(24);
        var pages = (total + 19) / 20;
        first.ShouldContain($"第 1 / {pages} 页");
        var figures = Regex.Match(first, "data-testid=\"subsidy-figures\".*?</section>", RegexOptions.Singleline).Value;
        figures.ShouldNotBeEmpty();

        var ids = new List<long>();
        for (var page = 1; page <= pages; page++)
        {
            var html = page == 1 ? first : await dispatcher.GetStringAsync("/subsidies?page=" + page);
            var rows = Regex.Matches(html, "<tr data-program=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();
            rows.Count.ShouldBe(page < pages ? 20 : total - 20 * (pages - 1));
            Regex.Match(html, "data-testid=\"subsidy-figures\".*?</section>", RegexOptions.Singleline).Value.ShouldBe(figures);
            ids.AddRange(rows);
        }
        ids.ShouldBe(ids.OrderByDescending(id => id).ToList());
        ids.Distinct().Count().ShouldBe(total);
    }
}
