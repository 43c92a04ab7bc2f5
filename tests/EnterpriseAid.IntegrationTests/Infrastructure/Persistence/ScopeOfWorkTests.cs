using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Persistence;

/// <summary>The record scope reaches assignments, visits and problems, and the department scope works.</summary>
public sealed class ScopeOfWorkTests : IAsyncLifetime
{
    private WorkDatabase _work = null!;

    public async Task InitializeAsync() => _work = await WorkDatabase.CreateAsync("scope");

    public async Task DisposeAsync() => await _work.DisposeAsync();

    [Fact]
    public async Task A_region_sees_the_problems_visits_and_assignments_of_its_own_enterprises_only()
    {
        var chengguan = await _work.UnitAsync("城关街道");
        var inTown = await _work.EnterpriseInAsync("城关街道");
        var elsewhere = await _work.EnterpriseInAsync("青山镇");
        var visible = await _work.RegisterProblemAsync(inTown);
        var hidden = await _work.RegisterProblemAsync(elsewhere);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime.AddHours(8));
        await using (var context = _work.Context(DataScope.Everything))
        {
            context.Visits.AddRange(
                Visit.Record(today, VisitKind.OnSite, [inTown], [_work.UserId], "了解生产经营情况", null, _work.UserId, now),
                Visit.Record(today, VisitKind.OnSite, [elsewhere], [_work.UserId], "了解生产经营情况", null, _work.UserId, now));
            context.Assignments.AddRange(
                Assignment.Create(inTown, AssignmentRoles.Liaison, _work.UserId, null, today, null, null, now),
                Assignment.Create(elsewhere, AssignmentRoles.Liaison, _work.UserId, null, today, null, null, now));
            await context.SaveChangesAsync();
        }

        await using var region = _work.Context(DataScope.Region(chengguan.Path));
        (await region.Problems.Select(p => p.Id).ToListAsync()).ShouldBe([visible]);
        (await region.Problems.AnyAsync(p => p.Id == hidden)).ShouldBeFalse();
        (await region.ProblemEvents.Select(e => EF.Property<long>(e, "ProblemId")).Distinct().ToListAsync()).ShouldBe([visible]);
        (await region.Visits.ToListAsync()).ShouldHaveSingleItem().EnterpriseIds.ShouldBe([inTown]);
        (await region.Assignments.ToListAsync()).ShouldHaveSingleItem().EnterpriseId.ShouldBe(inTown);

        await using var nobody = _work.Context(DataScope.Nothing);
        (await nobody.Problems.AnyAsync()).ShouldBeFalse();
        (await nobody.Visits.AnyAsync()).ShouldBeFalse();
        (await nobody.Assignments.AnyAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task A_symposium_is_visible_to_the_region_of_any_of_its_enterprises()
    {
        var qingshan = await _work.UnitAsync("青山镇");
        var now = DateTimeOffset.UtcNow;
        await using (var context = _work.Context(DataScope.Everything))
        {
            context.Visits.Add(Visit.Record(DateOnly.FromDateTime(now.UtcDateTime.AddHours(8)), VisitKind.Symposium,
                [await _work.EnterpriseInAsync("城关街道"), await _work.EnterpriseInAsync("青山镇")], [_work.UserId],
                "座谈会", new FourClearNotes("运行平稳", "用工紧张", null, "稳岗补贴"), _work.UserId, now));
            await context.SaveChangesAsync();
        }

        await using var region = _work.Context(DataScope.Region(qingshan.Path));
        var visit = (await region.Visits.ToListAsync()).ShouldHaveSingleItem();
        visit.Notes.ShouldBe(new FourClearNotes("运行平稳", "用工紧张", null, "稳岗补贴"));
    }

    [Fact]
    public async Task A_department_sees_an_enterprise_once_it_is_assigned_to_it()
    {
        var commerce = await _work.UnitAsync("商务局");
        var enterprise = await _work.EnterpriseInAsync("青山镇");
        var other = await _work.RegisterProblemAsync(enterprise);
        await using var department = _work.Context(DataScope.Department(commerce.Id));
        (await department.Enterprises.AnyAsync()).ShouldBeFalse();

        var now = DateTimeOffset.UtcNow;
        await using (var context = _work.Context(DataScope.Everything))
        {
            context.Assignments.Add(Assignment.Create(enterprise, AssignmentRoles.Department, null, commerce.Id,
                DateOnly.FromDateTime(now.UtcDateTime.AddHours(8)), null, null, now));
            await context.SaveChangesAsync();
        }

        (await department.Enterprises.Select(e => e.Id).ToListAsync()).ShouldBe([enterprise]);
        (await department.Assignments.CountAsync()).ShouldBe(1);
        // The competent department follows every problem of the enterprises assigned to it.
        (await department.Problems.Select(p => p.Id).ToListAsync()).ShouldBe([other]);
    }

    [Fact]
    public async Task An_ended_department_assignment_no_longer_shows_the_enterprise()
    {
        var commerce = await _work.UnitAsync("商务局");
        var enterprise = await _work.EnterpriseInAsync("青山镇");
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime.AddHours(8));
        await using (var context = _work.Context(DataScope.Everything))
        {
            var assignment = Assignment.Create(enterprise, AssignmentRoles.Department, null, commerce.Id, today.AddDays(-30), null, null, now);
            assignment.End(today.AddDays(-1));
            context.Assignments.Add(assignment);
            await context.SaveChangesAsync();
        }

        await using var department = _work.Context(DataScope.Department(commerce.Id));
        (await department.Enterprises.AnyAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task A_department_sees_the_problems_it_leads_or_co_handles_and_their_enterprises()
    {
        var commerce = await _work.UnitAsync("商务局");
        var finance = await _work.UnitAsync("财政局");
        var tax = await _work.UnitAsync("税务局");
        var led = await _work.EnterpriseInAsync("城关街道");
        var coHandled = await _work.EnterpriseInAsync("青山镇");
        await using var department = _work.Context(DataScope.Department(commerce.Id));

        var notYetDispatched = await _work.RegisterProblemAsync(led);
        (await department.Enterprises.AnyAsync()).ShouldBeFalse();
        (await department.Problems.AnyAsync()).ShouldBeFalse();

        var leadProblem = await _work.RegisterProblemAsync(led, new DepartmentRef(commerce.Id, commerce.Name));
        var coProblem = await _work.RegisterProblemAsync(coHandled, new DepartmentRef(finance.Id, finance.Name),
            [new DepartmentRef(commerce.Id, commerce.Name)]);
        var unrelated = await _work.RegisterProblemAsync(coHandled, new DepartmentRef(tax.Id, tax.Name));

        (await department.Enterprises.Select(e => e.Id).OrderBy(id => id).ToListAsync()).ShouldBe(new[] { led, coHandled }.Order());
        (await department.Problems.Select(p => p.Id).OrderBy(id => id).ToListAsync()).ShouldBe([leadProblem, coProblem]);
        (await department.Problems.AnyAsync(p => p.Id == notYetDispatched || p.Id == unrelated)).ShouldBeFalse();
    }
}
