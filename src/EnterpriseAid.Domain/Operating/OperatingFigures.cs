using EnterpriseAid.Domain.Problems;

namespace EnterpriseAid.Domain.Operating;

/// <summary>
/// 复工复产 figures of one group of enterprises (a scale class, or all of them) on a day, from each enterprise's latest
/// report on or before that day (ADR-022). Enterprises that never reported count in <see cref="Enterprises"/> only.
/// </summary>
public sealed record OperatingFigures(int Enterprises, int Reported, int Operating, long StaffOnDuty, long UsualStaff)
{
    public static readonly OperatingFigures None = new(0, 0, 0, 0, 0);

    /// <summary>未报告: enterprises in scope with no report on or before the day.</summary>
    public int NotReported => Enterprises - Reported;

    /// <summary>复工率 = 在产（复工）企业 ÷ 已报告企业.</summary>
    public decimal? ResumptionRate => ProblemFigures.Ratio(Operating, Reported);

    /// <summary>用工恢复率 = Σ在岗人数 ÷ Σ正常用工人数, over the reported enterprises.</summary>
    public decimal? StaffRecoveryRate => UsualStaff == 0 ? null : (decimal)StaffOnDuty / UsualStaff;

    /// <summary>报告率 = 已报告企业 ÷ 企业数.</summary>
    public decimal? ReportingRate => ProblemFigures.Ratio(Reported, Enterprises);

    public OperatingFigures Plus(OperatingFigures other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Enterprises + other.Enterprises, Reported + other.Reported, Operating + other.Operating,
            StaffOnDuty + other.StaffOnDuty, UsualStaff + other.UsualStaff);
    }

    public static OperatingFigures Sum(IEnumerable<OperatingFigures> rows) => rows.Aggregate(None, (a, b) => a.Plus(b));
}
