using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>
/// The problem list's flag filter against the one flag definition, on a clock stopped at Wednesday
/// 18 November 2026 (covered by the shipped calendar): each colour lists exactly the problems that carry it.
/// </summary>
public sealed partial class ProblemFlagFilterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, TimeSpan.FromHours(8));
    private readonly TestClock _clock = new();
    private TestDatabase _db = null!;
    private PortalFactory _factory = null!;
    private readonly Dictionary<string, long> _ids = [];

    public async Task InitializeAsync()
    {
        _clock.Advance(Now - _clock.GetUtcNow());
        _db = await TestPostgres.CreateDatabaseAsync("flagfilter");
        _factory = new PortalFactory(_db.ConnectionString, clock: _clock);
        _factory.StartServer();
        var s = _factory.Services;
        _ids["blue"] = await TestProblems.DispatchedAsync(s, "明天到期", new DateOnly(2026, 11, 19));
        _ids["none"] = await TestProblems.DispatchedAsync(s, "期限尚远", new DateOnly(2026, 12, 10));
        _ids["yellow"] = await TestProblems.DispatchedAsync(s, "逾期两个工作日", new DateOnly(2026, 11, 16));
        _ids["red-late"] = await TestProblems.DispatchedAsync(s, "逾期十二个工作日", new DateOnly(2026, 11, 2));
        _ids["red-reopened"] = await TestProblems.DispatchedAsync(s, "两次不满意", new DateOnly(2026, 12, 15));
        await TestProblems.ReopenTwiceAsync(s, _ids["red-reopened"], Now.ToUniversalTime());
        _ids["closed"] = await TestProblems.DispatchedAsync(s, "已销号的逾期问题", new DateOnly(2026, 11, 2));
        await TestProblems.CloseAsync(s, _ids["closed"], Now.ToUniversalTime());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Theory]
    [InlineData("blue", new[] { "blue" })]
    [InlineData("yellow", new[] { "yellow" })]
    [InlineData("red", new[] { "red-late", "red-reopened" })]
    [InlineData("none", new[] { "none" })]
    public async Task Each_colour_lists_exactly_the_problems_that_carry_it(string flag, string[] expected)
    {
        var client = await _factory.SignedInClientAsync("admin");
        var response = await client.GetAsync($"/problems?flag={flag}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();

        var listed = Links().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToHashSet();
        listed.ShouldBe(expected.Select(k => _ids[k]).ToHashSet(), ignoreOrder: true);
    }

    [Fact]
    public async Task The_page_and_the_filter_agree_with_the_domain_for_every_problem()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        var calendar = await CalendarStore.LoadAsync(db);
        var problems = await db.Problems.AsNoTracking().ToListAsync();
        var today = DateOnly.FromDateTime(Now.DateTime);

        var client = await _factory.SignedInClientAsync("admin");
        foreach (var flag in new[] { "blue", "yellow", "red" })
        {
            var html = await client.GetStringAsync($"/problems?flag={flag}");
            var listed = Links().Matches(html).Select(m => long.Parse(m.Groups[1].Value)).ToHashSet();
            var carrying = problems.Where(p => p.Escalation(today, calendar).ToString().Equals(flag, StringComparison.OrdinalIgnoreCase))
                .Select(p => p.Id).ToHashSet();
            listed.ShouldBe(carrying, ignoreOrder: true, customMessage: flag);
        }
    }

    /// <summary>Rows link to their problem once in the table and once in the phone cards: a set is taken.</summary>
    [GeneratedRegex("<a href=\"/problems/(\\d+)\"")]
    private static partial Regex Links();
}
