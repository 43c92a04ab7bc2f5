using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Problems;
using EnterpriseAid.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Problems;

/// <summary>
/// The 预警 colours selected in SQL by the day's deadline ranges (<see cref="FlagWindows"/>, ADR-031) against the flag each
/// problem shows, on Monday 12 October 2026 — lateness then reaches back over 国庆 and its make-up Saturday — for a problem due
/// on every day from three weeks before to a week after, one reopened twice and one closed: the list's filter, its total and
/// figures, and 我的待办's counts and order.
/// </summary>
public sealed class ProblemFlagRangeTests(ProblemFlagRangeTests.Fixture fx) : IClassFixture<ProblemFlagRangeTests.Fixture>
{
    private static readonly DateTimeOffset Now = new(2026, 10, 12, 10, 0, 0, TimeSpan.FromHours(8));
    private static readonly DateOnly Today = new(2026, 10, 12);

    /// <summary>One portal and data set for the class: the tests only read.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestClock _clock = new();
        private TestDatabase _db = null!;
        public PortalFactory Factory { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _clock.Advance(Now - _clock.GetUtcNow());
            _db = await TestPostgres.CreateDatabaseAsync("flagranges");
            Factory = new PortalFactory(_db.ConnectionString, clock: _clock);
            Factory.StartServer();
            var s = Factory.Services;
            for (var due = Today.AddDays(-21); due <= Today.AddDays(7); due = due.AddDays(1))
                await TestProblems.DispatchedAsync(s, $"期限{due:MM-dd}", due);
            await TestProblems.ReopenTwiceAsync(s, await TestProblems.DispatchedAsync(s, "两次不满意", Today.AddDays(30)), Now.ToUniversalTime());
            await TestProblems.CloseAsync(s, await TestProblems.DispatchedAsync(s, "已销号", Today.AddDays(-15)), Now.ToUniversalTime());
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await _db.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_colour_in_SQL_is_the_set_of_problems_showing_it_with_its_total_and_figures()
    {
        await using var scope = Scope(out var db);
        var calendar = await CalendarStore.LoadAsync(db);
        var problems = await db.Problems.AsNoTracking().Include(p => p.CoHandlers).ToListAsync();
        var windows = FlagWindows.For(Today, calendar);
        var queries = scope.ServiceProvider.GetRequiredService<ProblemQueries>();

        foreach (var flag in Enum.GetValues<DeadlineFlag>())
        {
            var showing = problems.Where(p => p.IsOpen && ProblemQueries.Flag(p, Today, calendar) == flag).ToList();
            showing.ShouldNotBeEmpty(flag.ToString());
            var selected = await db.Problems.Where(windows.Carrying(flag)).Select(p => p.Id).ToListAsync();
            selected.ShouldBe(showing.Select(p => p.Id), ignoreOrder: true, customMessage: flag.ToString());

            var result = await queries.PageAsync(new ProblemCriteria { Flag = flag }, null, null);
            result.Figures.ShouldBe(ProblemFigures.Of(showing, Today), flag.ToString());
            result.Page.Total.ShouldBe(showing.Count);
            result.Page.Items.ShouldAllBe(i => i.Flag == flag);
        }
    }

    [Fact]
    public async Task The_task_lists_count_and_order_their_flags_in_SQL()
    {
        await using var scope = Scope(out var db);
        var calendar = await CalendarStore.LoadAsync(db);
        var problems = await db.Problems.AsNoTracking().ToListAsync();
        var commerce = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Department && o.Name.EndsWith("商务局")).Select(o => o.Id).SingleAsync();
        var tasks = scope.ServiceProvider.GetRequiredService<TaskQueries>();
        var flags = problems.ToDictionary(p => p.Id, p => ProblemQueries.Flag(p, Today, calendar));
        List<long> Expected(params DeadlineFlag[] wanted) => problems.Where(p => wanted.Contains(flags[p.Id]))
            .OrderByDescending(p => flags[p.Id]).ThenBy(p => p.Deadline ?? DateOnly.MaxValue).ThenBy(p => p.Id).Select(p => p.Id).ToList();

        var handler = new TaskUser(1, false, false, false, commerce, null);
        var mine = await tasks.ForAsync(handler);
        var (perList, distinct) = await tasks.CountAsync(handler);
        var dueSoon = mine.Sections.Single(s => s.List == TaskList.DueSoon);
        var overdue = mine.Sections.Single(s => s.List == TaskList.Overdue);
        dueSoon.Items.Select(i => i.ProblemId).ShouldBe(Expected(DeadlineFlag.Blue));
        overdue.Items.Select(i => i.ProblemId).ShouldBe(Expected(DeadlineFlag.Red, DeadlineFlag.Yellow));
        perList[TaskList.DueSoon].ShouldBe(dueSoon.Total);
        perList[TaskList.Overdue].ShouldBe(Expected(DeadlineFlag.Red, DeadlineFlag.Yellow).Count);
        distinct.ShouldBe(mine.DistinctProblems);
        distinct.ShouldBe(mine.Sections.SelectMany(s => s.Items).Select(i => i.ProblemId).Distinct().Count());

        var supervisor = new TaskUser(1, false, true, false, null, null);
        (await tasks.CountAsync(supervisor)).Distinct.ShouldBe(Expected(DeadlineFlag.Red, DeadlineFlag.Yellow).Count);
        (await tasks.ForAsync(supervisor)).Sections.Single().Items.Select(i => i.ProblemId).ShouldBe(Expected(DeadlineFlag.Red, DeadlineFlag.Yellow));
    }

    [Fact]
    public async Task The_list_total_taken_from_the_figures_is_the_number_of_rows_the_export_lists_for_every_kind_of_criterion()
    {
        await using var scope = Scope(out var db);
        var queries = scope.ServiceProvider.GetRequiredService<ProblemQueries>();
        var commerce = await db.OrgUnits.Where(o => o.Kind == OrgUnitKind.Department && o.Name.EndsWith("商务局")).Select(o => o.Id).SingleAsync();
        ProblemCriteria[] criteria =
        [
            ProblemCriteria.All, // the roll-up answers
            new() { From = Today.AddDays(-30), To = Today.AddDays(-10) }, // the roll-up answers for a period
            new() { Status = ProblemStatus.Assigned },
            new() { Status = ProblemStatus.Closed },
            new() { Flag = DeadlineFlag.Yellow, Category = "energy" },
            new() { Figure = "overdue" },
            new() { Figure = "open", Flag = DeadlineFlag.Red },
            new() { DepartmentId = commerce },
            new() { DepartmentId = commerce, DepartmentRole = DepartmentRole.CoHandler },
        ];
        foreach (var c in criteria)
        {
            var exported = await queries.ExportAsync(c).CountAsync();
            var result = await queries.PageAsync(c, null, null);
            result.Page.Total.ShouldBe(exported, c.ToString());
            result.Figures.Total.ShouldBe(exported, c.ToString());
        }
    }

    private AsyncServiceScope Scope(out AppDbContext db)
    {
        var scope = fx.Factory.Services.CreateAsyncScope();
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = DataScope.Everything;
        return scope;
    }
}
