namespace EnterpriseAid.Web.Features.Subsidies;

/// <summary>The new-programme form; amounts and dates stay text so that what was typed comes back on any error.</summary>
public sealed class SubsidyProgramForm
{
    public long? PolicyId { get; set; }
    public string? Name { get; set; }
    public string? Batch { get; set; }
    public string? Budget { get; set; }
    public string? ApplyFrom { get; set; }
    public string? ApplyTo { get; set; }
    public bool MianShenJiXiang { get; set; }
    public string? StandardAmount { get; set; }
    public int? NoticeDays { get; set; } = Domain.Subsidies.SubsidyProgram.DefaultNoticeDays;
}

/// <summary>Any one action on a programme or an application: the version the user saw and what the action carries.</summary>
public sealed class SubsidyActionForm
{
    public uint Version { get; set; }
    public long? EnterpriseId { get; set; }
    public long? ProgramId { get; set; }
    public string? Amount { get; set; }
    public string? Text { get; set; }
    public string? Date { get; set; }
}

/// <summary>How statuses and amounts read on the pages.</summary>
public static class SubsidyDisplay
{
    public static string Yuan(decimal? amount) => amount is { } a ? a.ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string StatusCss(Domain.Subsidies.SubsidyApplicationStatus s) => s switch
    {
        Domain.Subsidies.SubsidyApplicationStatus.Submitted => "text-bg-secondary",
        Domain.Subsidies.SubsidyApplicationStatus.Approved => "text-bg-primary",
        Domain.Subsidies.SubsidyApplicationStatus.Rejected => "text-bg-danger",
        Domain.Subsidies.SubsidyApplicationStatus.InNotice => "text-bg-warning",
        Domain.Subsidies.SubsidyApplicationStatus.NoticeEnded => "text-bg-info",
        _ => "text-bg-success",
    };
}
