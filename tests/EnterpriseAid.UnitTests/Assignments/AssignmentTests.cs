using EnterpriseAid.Domain.Assignments;
using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.UnitTests.Assignments;

public sealed class AssignmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Start = new(2026, 1, 1);

    [Theory]
    [InlineData(AssignmentRoles.Leader)]
    [InlineData(AssignmentRoles.Liaison)]
    public void Leaders_and_liaisons_name_an_official(string role)
    {
        var a = Assignment.Create(5, role, 7, null, Start, null, " 重点联系 ", Now);

        a.UserId.ShouldBe(7);
        a.OrgUnitId.ShouldBeNull();
        a.Note.ShouldBe("重点联系");
        Should.Throw<DomainException>(() => Assignment.Create(5, role, null, 3, Start, null, null, Now))
            .Message.ShouldBe("包联领导和联络员须选择干部");
    }

    [Theory]
    [InlineData(AssignmentRoles.Department)]
    [InlineData(AssignmentRoles.TownOffice)]
    public void Departments_and_town_offices_name_a_unit_not_a_person(string role)
    {
        Assignment.Create(5, role, null, 3, Start, null, null, Now).OrgUnitId.ShouldBe(3);
        Should.Throw<DomainException>(() => Assignment.Create(5, role, null, null, Start, null, null, Now))
            .Message.ShouldBe("行业主管单位和属地镇办须选择单位");
        Should.Throw<DomainException>(() => Assignment.Create(5, role, 7, 3, Start, null, null, Now))
            .Message.ShouldBe("行业主管单位和属地镇办按单位包联，不填写干部");
    }

    [Fact]
    public void An_unknown_role_or_missing_enterprise_is_refused()
    {
        Should.Throw<DomainException>(() => Assignment.Create(5, "boss", 7, null, Start, null, null, Now)).Message.ShouldBe("请选择包联角色");
        Should.Throw<DomainException>(() => Assignment.Create(0, AssignmentRoles.Leader, 7, null, Start, null, null, Now)).Message.ShouldBe("请选择企业");
    }

    [Fact]
    public void A_period_cannot_end_before_it_starts()
    {
        Should.Throw<DomainException>(() => Assignment.Create(5, AssignmentRoles.Leader, 7, null, Start, Start.AddDays(-1), null, Now))
            .Message.ShouldBe("包联结束日期不能早于开始日期");
    }

    [Fact]
    public void An_assignment_is_active_within_its_period_and_ending_keeps_it_as_history()
    {
        var a = Assignment.Create(5, AssignmentRoles.Liaison, 7, null, Start, null, null, Now);
        a.IsActiveOn(Start).ShouldBeTrue();
        a.IsActiveOn(Start.AddDays(-1)).ShouldBeFalse();

        a.End(new DateOnly(2026, 6, 30));

        a.IsActiveOn(new DateOnly(2026, 6, 30)).ShouldBeTrue();
        a.IsActiveOn(new DateOnly(2026, 7, 1)).ShouldBeFalse();
        Should.Throw<DomainException>(() => a.End(new DateOnly(2026, 8, 1))).Message.ShouldBe("该包联关系已于2026-06-30结束");
    }

    [Fact]
    public void A_long_note_is_refused()
    {
        Should.Throw<DomainException>(() => Assignment.Create(5, AssignmentRoles.Leader, 7, null, Start, null, new string('注', 201), Now))
            .Message.ShouldBe("备注不能超过200个字");
    }
}
