using EnterpriseAid.Domain.Common;

namespace EnterpriseAid.Domain.Visits;

public enum VisitKind
{
    OnSite = 1,
    Symposium = 2,
    Remote = 3,
    Inspection = 4,
}

public static class VisitKinds
{
    public static readonly IReadOnlyList<CatalogEntry> All =
    [
        new(nameof(VisitKind.OnSite), "实地走访", "On-site visit"),
        new(nameof(VisitKind.Symposium), "座谈会", "Symposium"),
        new(nameof(VisitKind.Remote), "电话/线上", "Phone / online"),
        new(nameof(VisitKind.Inspection), "检查", "Inspection"),
    ];
}

/// <summary>四个一口清: what the official must be able to say about the enterprise at once.</summary>
public sealed record FourClearNotes(string? Situation, string? Problems, string? Goals, string? Policies)
{
    public const int MaxLength = 1000;

    public static readonly FourClearNotes Empty = new(null, null, null, null);
}

/// <summary>
/// 走访记录: one visit (or symposium covering several enterprises) by one or more officials.
/// Problems raised are registered separately and point back at the visit.
/// </summary>
public sealed class Visit
{
    public const int SummaryMaxLength = 2000;
    public const int MaxEnterprises = 200;
    public const int MaxOfficials = 20;

    private List<long> _enterpriseIds = [];
    private List<long> _officialIds = [];

    private Visit() { }

    public long Id { get; private set; }
    public DateOnly VisitedOn { get; private set; }
    public VisitKind Kind { get; private set; }
    public IReadOnlyList<long> EnterpriseIds => _enterpriseIds;
    public IReadOnlyList<long> OfficialIds => _officialIds;
    public string Summary { get; private set; } = string.Empty;
    public FourClearNotes Notes { get; private set; } = FourClearNotes.Empty;
    /// <summary>An inspection that joins another one the same day instead of being a second inspection.</summary>
    public long? JoinsInspectionId { get; private set; }
    public long RecordedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public static Visit Record(DateOnly visitedOn, VisitKind kind, IReadOnlyCollection<long> enterpriseIds,
        IReadOnlyCollection<long> officialIds, string? summary, FourClearNotes? notes, long recordedBy,
        DateTimeOffset now, long? joinsInspectionId = null)
    {
        if (!Enum.IsDefined(kind)) throw new DomainException("请选择走访方式");
        var today = ChinaTime.DateOf(now);
        if (visitedOn > today) throw new DomainException("走访日期不能晚于今天");
        if (visitedOn < today.AddYears(-1)) throw new DomainException("只能补录一年以内的走访");
        var enterprises = enterpriseIds.Where(id => id > 0).Distinct().ToList();
        if (enterprises.Count == 0) throw new DomainException("请选择走访的企业");
        if (enterprises.Count > 1 && kind != VisitKind.Symposium) throw new DomainException("只有座谈会可以同时涉及多家企业");
        if (enterprises.Count > MaxEnterprises) throw new DomainException($"一次座谈会最多涉及{MaxEnterprises}家企业");
        var officials = officialIds.Where(id => id > 0).Distinct().ToList();
        if (officials.Count == 0) throw new DomainException("请选择参加走访的干部");
        if (officials.Count > MaxOfficials) throw new DomainException($"参加走访的干部最多{MaxOfficials}人");
        summary = summary?.Trim() ?? string.Empty;
        if (summary.Length == 0) throw new DomainException("请填写走访情况");
        if (summary.Length > SummaryMaxLength) throw new DomainException($"走访情况不能超过{SummaryMaxLength}个字");
        notes ??= FourClearNotes.Empty;
        foreach (var n in new[] { notes.Situation, notes.Problems, notes.Goals, notes.Policies })
        {
            if (n?.Length > FourClearNotes.MaxLength) throw new DomainException($"“四个一口清”每项不能超过{FourClearNotes.MaxLength}个字");
        }
        if (joinsInspectionId is not null && kind != VisitKind.Inspection) throw new DomainException("只有检查可以并入当天的其他检查");
        return new Visit
        {
            VisitedOn = visitedOn, Kind = kind, _enterpriseIds = enterprises, _officialIds = officials,
            Summary = summary, Notes = notes, JoinsInspectionId = joinsInspectionId, RecordedByUserId = recordedBy, CreatedAt = now,
        };
    }
}

/// <summary>An inspection already recorded for an enterprise on a given day.</summary>
public sealed record ExistingInspection(long VisitId, long EnterpriseId, string EnterpriseName, DateOnly On, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>
/// 一家企业一天最多接受一次检查: a second inspection of the same enterprise on the same day is
/// refused naming the first (who, when), unless it is recorded as joining that inspection.
/// </summary>
public static class InspectionRule
{
    public static void Check(Visit visit, IEnumerable<ExistingInspection> sameDayInspections)
    {
        if (visit.Kind != VisitKind.Inspection) return;
        foreach (var existing in sameDayInspections.Where(e => e.On == visit.VisitedOn && visit.EnterpriseIds.Contains(e.EnterpriseId)))
        {
            if (visit.JoinsInspectionId == existing.VisitId) continue;
            throw new DomainException(
                $"{existing.EnterpriseName}在{existing.On:yyyy年M月d日}已接受过一次检查（{existing.RecordedBy}于{existing.RecordedAt.ToChinaTime():HH:mm}登记）。" +
                "一家企业一天最多接受一次检查；如为同一次检查，请选择“并入该检查”。");
        }
    }
}
