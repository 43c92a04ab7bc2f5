using System.Net;
using EnterpriseAid.TestSupport;

namespace EnterpriseAid.IntegrationTests.Features.Supervision;

/// <summary>The supervisor's list of flagged problems (/supervision).</summary>
public sealed class SupervisionListTests(SupervisionFixture fx) : IClassFixture<SupervisionFixture>
{
    private static int PositionOf(long id, string html)
    {
        var position = html.IndexOf($"data-problem-id=\"{id}\"", StringComparison.Ordinal);
        position.ShouldBeGreaterThan(0, $"problem {id} is not listed");
        return position;
    }

    [Fact]
    public async Task Flagged_problems_are_listed_red_first_then_by_deadline_with_how_late_they_are()
    {
        var blue = await fx.DispatchedAsync("明天到期的审批问题", new DateOnly(2026, 11, 19));
        var yellowLater = await fx.DispatchedAsync("昨天到期的用电问题", new DateOnly(2026, 11, 17));
        var yellowEarlier = await fx.DispatchedAsync("前天到期的用水问题", new DateOnly(2026, 11, 16));
        var red = await fx.DispatchedAsync("两周前到期的用工问题", new DateOnly(2026, 11, 4));
        var onTime = await fx.DispatchedAsync("月底到期的物流问题", new DateOnly(2026, 11, 30));
        await fx.EvaluateFlagsAsync();
        var leader = await fx.Factory.SignedInClientAsync("leader");

        var html = await leader.GetStringAsync("/supervision");

        var positions = new[] { red, yellowEarlier, yellowLater, blue }.Select(id => PositionOf(id, html)).ToList();
        positions.ShouldBe(positions.Order().ToList(), "red first, then yellow by deadline, then blue");
        html.ShouldNotContain($"data-problem-id=\"{onTime}\"");
        html.ShouldContain("逾期10个工作日");
        html.ShouldContain($"/supervision/notices/new?problem={red}");
        html.ShouldContain("开具督办单");
    }

    [Fact]
    public async Task The_list_filters_by_colour_and_by_lead_department()
    {
        var commerce = await fx.DispatchedAsync("商务局逾期的问题", new DateOnly(2026, 11, 13));
        var finance = await fx.DispatchedAsync("财政局逾期的问题", new DateOnly(2026, 11, 13), lead: "财政局");
        var financeBlue = await fx.DispatchedAsync("财政局临期的问题", new DateOnly(2026, 11, 19), lead: "财政局");
        await fx.EvaluateFlagsAsync();
        var leader = await fx.Factory.SignedInClientAsync("leader");

        var byDepartment = await leader.GetStringAsync($"/supervision?department={await fx.DepartmentAsync("财政局")}");
        byDepartment.ShouldContain($"data-problem-id=\"{finance}\"");
        byDepartment.ShouldContain($"data-problem-id=\"{financeBlue}\"");
        byDepartment.ShouldNotContain($"data-problem-id=\"{commerce}\"");

        var yellowOfFinance = await leader.GetStringAsync($"/supervision?flag=yellow&department={await fx.DepartmentAsync("财政局")}");
        yellowOfFinance.ShouldContain($"data-problem-id=\"{finance}\"");
        yellowOfFinance.ShouldNotContain($"data-problem-id=\"{financeBlue}\"");
    }

    [Fact]
    public async Task A_resolved_problem_leaves_the_list_at_once_even_before_the_next_pass()
    {
        var id = await fx.DispatchedAsync("刚刚办结的逾期问题", new DateOnly(2026, 11, 10));
        await fx.EvaluateFlagsAsync();
        var leader = await fx.Factory.SignedInClientAsync("leader");
        (await leader.GetStringAsync("/supervision")).ShouldContain($"data-problem-id=\"{id}\"");

        await TestProblems.ChangeAsync(fx.Factory.Services, id, (p, a) =>
        {
            p.Accept(a.Lead, fx.Clock.GetUtcNow());
            p.Resolve("已协调解决", a.Lead, fx.Clock.GetUtcNow());
        });

        (await leader.GetStringAsync("/supervision")).ShouldNotContain($"data-problem-id=\"{id}\"");
    }

    [Fact]
    public async Task A_supervisor_of_one_street_sees_only_its_problems()
    {
        var id = await fx.DispatchedAsync("城关街道的逾期问题", new DateOnly(2026, 11, 12));
        await fx.EvaluateFlagsAsync();
        var chengxi = await fx.Factory.SignedInClientAsync("chengxi");

        (await chengxi.GetStringAsync("/supervision")).ShouldNotContain($"data-problem-id=\"{id}\"");
    }

    [Theory]
    [InlineData("handler")]
    [InlineData("official")]
    [InlineData("enterprise")]
    public async Task Only_supervisors_dispatchers_and_administrators_open_the_list(string user)
    {
        var client = await fx.Factory.SignedInClientAsync(user);

        (await client.GetAsync("/supervision")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
