using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Persistence;

public sealed class ProblemPersistenceTests : IAsyncLifetime
{
    private WorkDatabase _work = null!;

    public async Task InitializeAsync() => _work = await WorkDatabase.CreateAsync("problems");

    public async Task DisposeAsync() => await _work.DisposeAsync();

    [Fact]
    public async Task A_problem_dispatched_with_co_handlers_accepted_and_resolved_round_trips_with_its_timeline()
    {
        var enterpriseId = await _work.EnterpriseInAsync("城关街道");
        var commerce = await _work.UnitAsync("商务局");
        var finance = await _work.UnitAsync("财政局");
        var tax = await _work.UnitAsync("税务局");
        var lead = new DepartmentRef(commerce.Id, commerce.Name);
        var id = await _work.RegisterProblemAsync(enterpriseId, lead,
            [new DepartmentRef(finance.Id, finance.Name), new DepartmentRef(tax.Id, tax.Name)]);

        var now = DateTimeOffset.UtcNow;
        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.SingleAsync(p => p.Id == id);
            problem.Accept(new ActorContext(_work.Actor("商务局经办人", commerce.Id)), now);
            problem.FinishCoHandling("已协调财政贴息", new ActorContext(_work.Actor("财政局经办人", finance.Id)), now);
            problem.FinishCoHandling("已办理缓缴", new ActorContext(_work.Actor("税务局经办人", tax.Id)), now);
            problem.Resolve("已对接两家银行，发放贷款500万元", new ActorContext(_work.Actor("商务局经办人", commerce.Id)), now);
            await context.SaveChangesAsync();
        }

        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.Include(p => p.Events).AsNoTracking().SingleAsync(p => p.Id == id);
            problem.Status.ShouldBe(ProblemStatus.Resolved);
            problem.Number.ShouldBe($"{now.Year}-000001");
            problem.LeadDepartmentId.ShouldBe(commerce.Id);
            problem.Resolution.ShouldBe("已对接两家银行，发放贷款500万元");
            problem.ResolvedByDeadline.ShouldBe(true);
            problem.CoHandlers.Select(c => c.DepartmentId).Order().ShouldBe(new[] { finance.Id, tax.Id }.Order());
            problem.CoHandlers.ShouldAllBe(c => c.Finished && c.Note != null);
            problem.Events.OrderBy(e => e.Id).Select(e => e.Kind).ShouldBe(
            [
                ProblemEventKind.Registered, ProblemEventKind.Dispatched, ProblemEventKind.Accepted,
                ProblemEventKind.CoHandlerFinished, ProblemEventKind.CoHandlerFinished, ProblemEventKind.Resolved,
            ]);
            problem.PendingExtension.ShouldBeNull();
        }
    }

    [Fact]
    public async Task A_returned_problem_reassigned_with_the_same_co_handler_saves_and_keeps_one_row_per_department()
    {
        var enterpriseId = await _work.EnterpriseInAsync("城关街道");
        var commerce = await _work.UnitAsync("商务局");
        var finance = await _work.UnitAsync("财政局");
        var tax = await _work.UnitAsync("税务局");
        var id = await _work.RegisterProblemAsync(enterpriseId, new DepartmentRef(commerce.Id, commerce.Name),
            [new DepartmentRef(finance.Id, finance.Name)]);
        var now = DateTimeOffset.UtcNow;
        var dispatcher = new ActorContext(_work.Actor("活动办")) { IsDispatcher = true };

        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.SingleAsync(p => p.Id == id);
            problem.Return("不属于本单位职责范围", new ActorContext(_work.Actor("商务局经办人", commerce.Id)), now);
            await context.SaveChangesAsync();
        }
        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.SingleAsync(p => p.Id == id);
            problem.Reassign(new DepartmentRef(tax.Id, tax.Name), [new DepartmentRef(finance.Id, finance.Name)],
                DateOnly.FromDateTime(now.UtcDateTime).AddDays(12), dispatcher, now);
            await context.SaveChangesAsync();
        }

        (await _work.ScalarAsync<long>($"SELECT count(*) FROM problem_co_handlers WHERE problem_id = {id}")).ShouldBe(1);
        (await _work.ScalarAsync<long>($"SELECT lead_department_id FROM problems WHERE id = {id}")).ShouldBe(tax.Id);
        (await _work.ScalarAsync<string>($"SELECT status FROM problems WHERE id = {id}")).ShouldBe("Assigned");
    }

    [Fact]
    public async Task Saving_a_problem_and_a_visit_audits_them_with_co_handlers_and_notes_folded_in()
    {
        var commerce = await _work.UnitAsync("商务局");
        var finance = await _work.UnitAsync("财政局");
        var enterpriseId = await _work.EnterpriseInAsync("城关街道");
        var now = DateTimeOffset.UtcNow;
        var options = new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(_work.DataSource)
            .AddInterceptors(new AuditingInterceptor(new FixedActor(), TimeProvider.System)).Options;
        await using (var context = new AppDbContext(options) { Scope = DataScope.Everything })
        {
            var problem = Problem.Register(await ProblemNumbers.NextAsync(context, now.Year), enterpriseId, null, "funding",
                Urgency.Ordinary, ProblemSource.Visit, "融资难", "企业反映融资难。", _work.Actor("测试干部"), now);
            problem.Dispatch(new DepartmentRef(commerce.Id, commerce.Name), [new DepartmentRef(finance.Id, finance.Name)],
                DateOnly.FromDateTime(now.UtcDateTime).AddDays(10), new ActorContext(_work.Actor("活动办")) { IsDispatcher = true }, now);
            context.Problems.Add(problem);
            context.Visits.Add(Visit.Record(DateOnly.FromDateTime(now.UtcDateTime.AddHours(8)), VisitKind.OnSite, [enterpriseId],
                [_work.UserId], "走访", new FourClearNotes("运行平稳", null, null, null), _work.UserId, now));
            await context.SaveChangesAsync();
        }

        await using var check = _work.Context(DataScope.Everything);
        var rows = await check.AuditEntries.AsNoTracking().ToListAsync();
        rows.Select(r => r.EntityType).Order().ShouldBe(["Problem", "Visit"]);
        rows.Single(r => r.EntityType == "Problem").Changes.ShouldNotBeNull().ShouldContain(finance.Name);
        rows.Single(r => r.EntityType == "Visit").Changes.ShouldNotBeNull().ShouldContain("Notes.Situation");
    }

    private sealed class FixedActor : IAuditActorAccessor
    {
        public AuditActor Current { get; } = new(null, "test", null);
    }

    [Fact]
    public async Task A_pending_extension_is_stored_on_the_problem_and_cleared_when_approved()
    {
        var commerce = await _work.UnitAsync("商务局");
        var id = await _work.RegisterProblemAsync(await _work.EnterpriseInAsync("城关街道"), new DepartmentRef(commerce.Id, commerce.Name));
        var now = DateTimeOffset.UtcNow;
        var newDeadline = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30);
        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.SingleAsync(p => p.Id == id);
            problem.RequestExtension(newDeadline, "需等待省级审批结果", new ActorContext(_work.Actor("商务局经办人", commerce.Id)), now);
            await context.SaveChangesAsync();
        }
        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.SingleAsync(p => p.Id == id);
            problem.PendingExtension.ShouldNotBeNull().NewDeadline.ShouldBe(newDeadline);
            problem.ApproveExtension(new ActorContext(new Actor(_work.UserId + 1000, "领导", null)) { IsSupervisor = true }, now);
            await context.SaveChangesAsync();
        }
        await using (var context = _work.Context(DataScope.Everything))
        {
            var problem = await context.Problems.AsNoTracking().SingleAsync(p => p.Id == id);
            problem.PendingExtension.ShouldBeNull();
            problem.Deadline.ShouldBe(newDeadline);
        }
    }

    [Fact]
    public async Task A_second_context_saving_a_stale_problem_gets_a_concurrency_exception()
    {
        var commerce = await _work.UnitAsync("商务局");
        var id = await _work.RegisterProblemAsync(await _work.EnterpriseInAsync("城关街道"), new DepartmentRef(commerce.Id, commerce.Name));
        var handler = new ActorContext(_work.Actor("商务局经办人", commerce.Id));
        var now = DateTimeOffset.UtcNow;

        await using var first = _work.Context(DataScope.Everything);
        await using var second = _work.Context(DataScope.Everything);
        var a = await first.Problems.SingleAsync(p => p.Id == id);
        var b = await second.Problems.SingleAsync(p => p.Id == id);
        a.Accept(handler, now);
        await first.SaveChangesAsync();
        b.Return("不属于本单位职责范围", handler, now);

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }

    [Fact]
    public async Task Fifty_concurrent_callers_get_fifty_consecutive_numbers()
    {
        var numbers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            await using var context = _work.Context(DataScope.Everything);
            return await ProblemNumbers.NextAsync(context, 2031);
        }));

        numbers.Select(n => n.Sequence).Order().ShouldBe(Enumerable.Range(1, 50));
        numbers.ShouldAllBe(n => n.Year == 2031);
        (await ProblemNumbers.NextAsync(_work.Context(DataScope.Everything), 2032)).ToString().ShouldBe("2032-000001");
    }

    [Fact]
    public async Task The_stored_calendar_is_the_shipped_one()
    {
        await using var context = _work.Context(DataScope.Nothing);
        var stored = await CalendarStore.LoadAsync(context);
        var shipped = ShippedCalendars.Load();

        stored.Days.ShouldBe(shipped.Days);
        stored.CoveredYears.ShouldBe(shipped.CoveredYears);
        // Mid-Autumn and National Day, with the 10-10 make-up Saturday.
        stored.AddWorkingDays(new DateOnly(2026, 9, 24), 7).ShouldBe(new DateOnly(2026, 10, 12));
    }

    [Fact]
    public async Task The_stored_deadline_rules_are_the_defaults()
    {
        await using var context = _work.Context(DataScope.Nothing);
        var rules = await DeadlineRulesStore.LoadAsync(context);

        rules.DispatchDays.ShouldBe(DeadlineRules.Default.DispatchDays);
        foreach (var urgency in Enum.GetValues<Urgency>())
            rules.DefaultResolutionDays(urgency).ShouldBe(DeadlineRules.Default.DefaultResolutionDays(urgency));
        rules.Overrides.ShouldBeEmpty();
    }
}
