using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Assignments;

public sealed class AssignmentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private const long Enterprise = 5;
    private const long Liu = 7;
    private const long Chen = 8;
    private const long Commerce = 30;
    private const long Chengguan = 11;

    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static Assignment Person(string role, long userId, DateOnly start, DateOnly? end = null, long enterprise = Enterprise) =>
        Assignment.Create(enterprise, role, userId, null, start, end, null, Now);

    private static Assignment Unit(string role, long unitId, DateOnly start, DateOnly? end = null) =>
        Assignment.Create(Enterprise, role, null, unitId, start, end, null, Now);

    private static string Name(Assignment a) => a.UserId switch
    {
        Liu => "刘志强",
        Chen => "陈晓燕",
        _ => a.OrgUnitId == Commerce ? "新河区商务局" : "城关街道",
    };

    private static void Add(Assignment candidate, params Assignment[] existing) =>
        AssignmentRules.EnsureCanAdd(candidate, existing, Name);

    private static string Refusal(Assignment candidate, params Assignment[] existing) =>
        Should.Throw<DomainException>(() => Add(candidate, existing)).Message;

    [Fact]
    public void The_same_official_in_the_same_role_for_an_overlapping_period_is_refused()
    {
        var existing = Person(AssignmentRoles.Liaison, Liu, D(1, 1), D(6, 30));

        Refusal(Person(AssignmentRoles.Liaison, Liu, D(6, 30), null), existing)
            .ShouldBe("刘志强已是该企业的联络员（2026-01-01至2026-06-30），与所填期间重叠，不能重复包联");
        Refusal(Person(AssignmentRoles.Liaison, Liu, D(3, 1), D(3, 31)), existing).ShouldContain("不能重复包联");
        // An open-ended assignment overlaps everything after its start.
        Refusal(Person(AssignmentRoles.Liaison, Liu, D(1, 1)), Person(AssignmentRoles.Liaison, Liu, D(12, 1), null))
            .ShouldBe("刘志强已是该企业的联络员（2026-12-01起），与所填期间重叠，不能重复包联");
    }

    [Fact]
    public void Periods_that_touch_but_do_not_share_a_day_are_allowed()
    {
        var existing = Person(AssignmentRoles.Liaison, Liu, D(1, 1), D(6, 30));

        Should.NotThrow(() => Add(Person(AssignmentRoles.Liaison, Liu, D(7, 1)), existing));
        Should.NotThrow(() => Add(Person(AssignmentRoles.Liaison, Liu, D(1, 1).AddDays(-30), D(12, 31).AddYears(-1)), existing));
    }

    [Fact]
    public void Another_role_another_person_or_another_enterprise_is_not_a_duplicate()
    {
        var existing = Person(AssignmentRoles.Liaison, Liu, D(1, 1));

        Should.NotThrow(() => Add(Person(AssignmentRoles.Liaison, Chen, D(1, 1)), existing));
        Should.NotThrow(() => Add(Person(AssignmentRoles.Leader, Liu, D(1, 1)), existing));
        Should.NotThrow(() => Add(Person(AssignmentRoles.Liaison, Liu, D(1, 1), enterprise: 6), existing));
    }

    [Fact]
    public void The_same_unit_in_the_same_role_for_an_overlapping_period_is_refused()
    {
        var existing = Unit(AssignmentRoles.Department, Commerce, D(1, 1));

        Refusal(Unit(AssignmentRoles.Department, Commerce, D(5, 1)), existing)
            .ShouldBe("新河区商务局已是该企业的行业主管单位（2026-01-01起），与所填期间重叠，不能重复包联");
        Should.NotThrow(() => Add(Unit(AssignmentRoles.Department, 31, D(5, 1)), existing));
    }

    [Fact]
    public void An_enterprise_has_at_most_one_leader_on_any_day()
    {
        var leader = Person(AssignmentRoles.Leader, Liu, D(1, 1));

        Refusal(Person(AssignmentRoles.Leader, Chen, D(11, 1)), leader)
            .ShouldBe("该企业已有包联领导刘志强（2026-01-01起），同一时期只能有一名包联领导；请先结束原包联关系，或把开始日期定在其结束之后");
        // Several liaisons are normal.
        Should.NotThrow(() => Add(Person(AssignmentRoles.Liaison, Chen, D(11, 1)), leader, Person(AssignmentRoles.Liaison, 9, D(1, 1))));
    }

    [Fact]
    public void A_new_leader_may_follow_once_the_previous_one_has_ended()
    {
        var previous = Person(AssignmentRoles.Leader, Liu, D(1, 1));
        previous.End(D(10, 31));

        Should.NotThrow(() => Add(Person(AssignmentRoles.Leader, Chen, D(11, 1)), previous));
        Refusal(Person(AssignmentRoles.Leader, Chen, D(10, 31)), previous).ShouldContain("该企业已有包联领导刘志强（2026-01-01至2026-10-31）");
        // A leader planned for later blocks an open-ended leader starting now.
        Refusal(Person(AssignmentRoles.Leader, Liu, D(11, 1)), Person(AssignmentRoles.Leader, Chen, D(12, 1), D(12, 31)))
            .ShouldContain("该企业已有包联领导陈晓燕（2026-12-01至2026-12-31）");
    }

    [Fact]
    public void The_town_office_must_be_the_enterprises_own_town()
    {
        Should.NotThrow(() => AssignmentRules.EnsureLocalTownOffice(Unit(AssignmentRoles.TownOffice, Chengguan, D(1, 1)), Chengguan));
        Should.Throw<DomainException>(() => AssignmentRules.EnsureLocalTownOffice(Unit(AssignmentRoles.TownOffice, 12, D(1, 1)), Chengguan))
            .Message.ShouldBe("属地镇办须为企业所在的镇（街道）");
        Should.NotThrow(() => AssignmentRules.EnsureLocalTownOffice(Unit(AssignmentRoles.Department, Commerce, D(1, 1)), Chengguan));
    }

    [Fact]
    public void An_end_date_before_the_start_is_refused_when_ending()
    {
        var a = Person(AssignmentRoles.Liaison, Liu, D(3, 1));

        Should.Throw<DomainException>(() => a.End(D(2, 28))).Message.ShouldBe("包联结束日期不能早于开始日期");
        a.EndsOn.ShouldBeNull();
        a.End(D(3, 1));
        a.EndsOn.ShouldBe(D(3, 1));
    }

    [Fact]
    public void Only_an_assignment_entered_today_in_Beijing_may_be_deleted()
    {
        // Created 2026-11-20 10:00 Beijing time.
        var a = Person(AssignmentRoles.Liaison, Liu, D(1, 1));

        Should.NotThrow(() => a.EnsureDeletable(new DateTimeOffset(2026, 11, 20, 15, 59, 0, TimeSpan.Zero)));
        // 2026-11-21 00:00 in Beijing is still the 20th in UTC.
        Should.Throw<DomainException>(() => a.EnsureDeletable(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.Zero)))
            .Message.ShouldBe("只能删除当天录入的包联关系；以前录入的请结束，保留历史记录");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void The_visit_target_is_between_one_and_thirty(int value, bool valid)
    {
        if (valid) VisitTarget.Validate(value).ShouldBe(value);
        else Should.Throw<DomainException>(() => VisitTarget.Validate(value)).Message.ShouldBe("走访目标须为1至30之间的整数");
    }
}
