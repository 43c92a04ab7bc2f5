using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Visits;

namespace EnterpriseAid.UnitTests.Visits;

public sealed class VisitTests
{
    // 10:00 in Beijing on 2026-11-20.
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static Visit Record(VisitKind kind = VisitKind.OnSite, long[]? enterprises = null, long[]? officials = null,
        string? summary = "了解企业用工情况", DateOnly? on = null, long? joins = null) =>
        Visit.Record(on ?? Today, kind, enterprises ?? [11], officials ?? [3], summary,
            new FourClearNotes("产销正常", "缺熟练工", "明年扩产", "稳岗补贴"), 3, Now, joins);

    [Fact]
    public void A_visit_keeps_what_was_said_about_the_enterprise()
    {
        var v = Record(officials: [3, 4, 4]);

        v.Kind.ShouldBe(VisitKind.OnSite);
        v.EnterpriseIds.ShouldBe([11]);
        v.OfficialIds.ShouldBe([3, 4]);
        v.Notes.Problems.ShouldBe("缺熟练工");
    }

    [Fact]
    public void Only_a_symposium_covers_several_enterprises()
    {
        Record(VisitKind.Symposium, [11, 12, 13]).EnterpriseIds.Count.ShouldBe(3);
        Should.Throw<DomainException>(() => Record(VisitKind.OnSite, [11, 12])).Message.ShouldBe("只有座谈会可以同时涉及多家企业");
    }

    [Theory]
    [InlineData(new long[0], new long[] { 3 }, "了解", "请选择走访的企业")]
    [InlineData(new long[] { 11 }, new long[0], "了解", "请选择参加走访的干部")]
    [InlineData(new long[] { 11 }, new long[] { 3 }, "  ", "请填写走访情况")]
    public void Missing_parts_are_refused(long[] enterprises, long[] officials, string summary, string message) =>
        Should.Throw<DomainException>(() => Record(enterprises: enterprises, officials: officials, summary: summary)).Message.ShouldBe(message);

    [Fact]
    public void A_visit_cannot_be_in_the_future_or_more_than_a_year_ago()
    {
        // Beijing time decides "today" (UTC+8), not the server clock.
        Record(on: Today).VisitedOn.ShouldBe(Today);
        Should.Throw<DomainException>(() => Record(on: Today.AddDays(1))).Message.ShouldBe("走访日期不能晚于今天");
        Should.Throw<DomainException>(() => Record(on: Today.AddYears(-1).AddDays(-1))).Message.ShouldBe("只能补录一年以内的走访");
    }

    [Fact]
    public void Only_an_inspection_can_join_another_inspection()
    {
        Should.Throw<DomainException>(() => Record(VisitKind.OnSite, joins: 9)).Message.ShouldBe("只有检查可以并入当天的其他检查");
    }

    [Fact]
    public void A_second_inspection_the_same_day_is_refused_naming_the_first()
    {
        var first = new ExistingInspection(9, 11, "鸿达机械有限公司", Today, "市场监管局张三", new DateTimeOffset(2026, 11, 20, 1, 30, 0, TimeSpan.Zero));

        var error = Should.Throw<DomainException>(() => InspectionRule.Check(Record(VisitKind.Inspection), [first]));

        error.Message.ShouldContain("鸿达机械有限公司在2026年11月20日已接受过一次检查");
        error.Message.ShouldContain("市场监管局张三于09:30登记");
    }

    [Fact]
    public void Joining_the_first_inspection_is_allowed_and_other_days_or_kinds_are_not_affected()
    {
        var first = new ExistingInspection(9, 11, "鸿达机械有限公司", Today, "张三", Now);

        Should.NotThrow(() => InspectionRule.Check(Record(VisitKind.Inspection, joins: 9), [first]));
        Should.NotThrow(() => InspectionRule.Check(Record(VisitKind.OnSite), [first]));
        Should.NotThrow(() => InspectionRule.Check(Record(VisitKind.Inspection, on: Today.AddDays(-1)), [first]));
        Should.NotThrow(() => InspectionRule.Check(Record(VisitKind.Inspection, enterprises: [12]), [first]));
    }
}
