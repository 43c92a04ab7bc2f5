namespace EnterpriseAid.Domain.Projects;

/// <summary>月度投资填报: investment completed in one month. The cumulative figure is the sum of the reports, never stored.</summary>
public sealed class ProjectInvestmentReport
{
    private ProjectInvestmentReport() { }

    internal ProjectInvestmentReport(DateOnly month, decimal amount, long reportedByUserId, DateTimeOffset now)
    {
        Month = month;
        Amount = amount;
        ReportedByUserId = reportedByUserId;
        ReportedAt = now;
    }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    /// <summary>The first day of the month reported.</summary>
    public DateOnly Month { get; private set; }
    /// <summary>完成投资 this month, in 元.</summary>
    public decimal Amount { get; private set; }
    public long ReportedByUserId { get; private set; }
    public DateTimeOffset ReportedAt { get; private set; }

    public YearMonth YearMonth => YearMonth.Of(Month);
}
