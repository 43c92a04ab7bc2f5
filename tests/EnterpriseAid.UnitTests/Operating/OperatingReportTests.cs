using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Operating;

namespace EnterpriseAid.UnitTests.Operating;

public sealed class OperatingReportTests
{
    // 2026-05-31 10:00 Beijing time.
    private static readonly DateTimeOffset Now = new(2026, 5, 31, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 5, 31);

    private static OperatingStatus Running(int onDuty = 80, int usual = 100, int capacity = 90) => new(true, onDuty, usual, capacity, "  一号线满产  ");

    [Fact]
    public void A_valid_report_keeps_its_facts_and_who_entered_it()
    {
        var r = OperatingReport.Record(7, Today, Running(), OperatingReportSource.Enterprise, 42, Now);

        (r.EnterpriseId, r.ReportedOn, r.Operating, r.StaffOnDuty, r.UsualStaff, r.CapacityPercent).ShouldBe((7L, Today, true, 80, 100, 90));
        r.Note.ShouldBe("一号线满产");
        (r.Source, r.EnteredByUserId, r.EnteredAt).ShouldBe((OperatingReportSource.Enterprise, 42L, Now));
    }

    [Fact]
    public void Today_is_a_Beijing_date()
    {
        // 2026-05-31 17:00 UTC is already 1 June in Beijing.
        var evening = new DateTimeOffset(2026, 5, 31, 17, 0, 0, TimeSpan.Zero);
        OperatingReport.Record(1, new DateOnly(2026, 6, 1), Running(), OperatingReportSource.Staff, 1, evening).ReportedOn.ShouldBe(new DateOnly(2026, 6, 1));
        Should.Throw<DomainException>(() => OperatingReport.Record(1, new DateOnly(2026, 6, 2), Running(), OperatingReportSource.Staff, 1, evening))
            .Message.ShouldBe("报告日期不能晚于今天");
    }

    [Theory]
    [InlineData(-1, 100, 50, true, "在岗人数不能为负数")]
    [InlineData(0, 0, 0, true, "正常用工人数至少为1人")]
    [InlineData(10, 100, 151, true, "产能利用率应在0%到150%之间")]
    [InlineData(10, 100, -1, true, "产能利用率应在0%到150%之间")]
    [InlineData(2, 100, 30, false, "未在产的企业产能利用率应为0%")]
    public void Broken_rules_are_refused_in_Chinese(int onDuty, int usual, int capacity, bool operating, string message)
    {
        Should.Throw<DomainException>(() => OperatingReport.Record(1, Today, new OperatingStatus(operating, onDuty, usual, capacity, null),
            OperatingReportSource.Staff, 1, Now)).Message.ShouldBe(message);
    }

    [Fact]
    public void Limits_are_inclusive_and_a_stopped_firm_may_keep_staff_on_duty()
    {
        OperatingReport.Record(1, Today, new OperatingStatus(true, 0, 1, 150, null), OperatingReportSource.Staff, 1, Now).CapacityPercent.ShouldBe(150);
        OperatingReport.Record(1, Today, new OperatingStatus(false, 3, 40, 0, null), OperatingReportSource.Staff, 1, Now).StaffOnDuty.ShouldBe(3);
        OperatingReport.Record(1, Today.AddDays(-OperatingReport.MaxBackdateDays), Running(), OperatingReportSource.Staff, 1, Now).ShouldNotBeNull();
        Should.Throw<DomainException>(() => OperatingReport.Record(1, Today.AddDays(-OperatingReport.MaxBackdateDays - 1), Running(),
            OperatingReportSource.Staff, 1, Now)).Message.ShouldBe("只能补报一年以内的经营状况");
    }

    [Fact]
    public void Every_broken_rule_is_named_with_its_field()
    {
        var broken = OperatingReport.Violations(Today.AddDays(1), new OperatingStatus(false, -1, 0, 10, new string('备', 501)), Today);

        broken.Select(b => b.Field).ShouldBe([OperatingField.ReportedOn, OperatingField.StaffOnDuty, OperatingField.UsualStaff,
            OperatingField.CapacityPercent, OperatingField.Note]);
    }
}

public sealed class OperatingFiguresTests
{
    [Fact]
    public void Rates_are_operating_over_reported_and_staff_on_duty_over_usual_staff()
    {
        var f = new OperatingFigures(Enterprises: 10, Reported: 3, Operating: 2, StaffOnDuty: 142, UsualStaff: 170);

        f.NotReported.ShouldBe(7);
        f.ResumptionRate.ShouldBe(2m / 3m);
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(f.ResumptionRate).ShouldBe("66.7%");
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(f.StaffRecoveryRate).ShouldBe("83.5%");
    }

    [Fact]
    public void No_reports_give_no_rate_not_zero()
    {
        var f = new OperatingFigures(5, 0, 0, 0, 0);
        f.ResumptionRate.ShouldBeNull();
        f.StaffRecoveryRate.ShouldBeNull();
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(f.ResumptionRate).ShouldBe("—");
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(OperatingFigures.None.StaffRecoveryRate).ShouldBe("—");
    }

    [Fact]
    public void The_bulletin_sentence_all_back_is_100_percent_and_one_short_is_not()
    {
        // "规上工业复工率和用工恢复率均达到100%"
        var all = new OperatingFigures(120, 120, 120, 35_210, 35_210);
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(all.ResumptionRate).ShouldBe("100%");
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(all.StaffRecoveryRate).ShouldBe("100%");
        var oneShort = new OperatingFigures(1200, 1200, 1199, 35_209, 35_210);
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(oneShort.ResumptionRate).ShouldBe("99.9%");
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(oneShort.StaffRecoveryRate).ShouldBe("99.9%");
    }

    [Fact]
    public void Staff_on_duty_above_usual_staff_counts_above_100_percent()
    {
        EnterpriseAid.Domain.Problems.ProblemFigures.Percent(new OperatingFigures(1, 1, 1, 120, 100).StaffRecoveryRate).ShouldBe("120%");
    }

    [Fact]
    public void Totals_add_up_the_rows()
    {
        var total = OperatingFigures.Sum([new(3, 2, 2, 140, 150), new(2, 1, 0, 2, 20), OperatingFigures.None]);
        total.ShouldBe(new OperatingFigures(5, 3, 2, 142, 170));
    }
}
