using System.Globalization;
using EnterpriseAid.Domain.Common;
using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Policies;
using Microsoft.Extensions.Localization;

namespace EnterpriseAid.Web.Features.Policies;

/// <summary>How policies read on a page: category names, the effective period, the eligibility in words.</summary>
public static class PolicyDisplay
{
    public static string Category(PolicyCategory c) => PolicyCategories.Describe(c).Name();

    public static string Period(IStringLocalizer l, DateOnly from, DateOnly? to) =>
        to is { } end ? $"{from:yyyy-MM-dd} — {end:yyyy-MM-dd}" : string.Format(CultureInfo.CurrentCulture, l["Policies.Period.Open"], from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>在有效期内 / 已失效 / 未生效 on <paramref name="today"/>.</summary>
    public static string Status(IStringLocalizer l, DateOnly from, DateOnly? to, DateOnly today) =>
        from > today ? l["Policies.Status.Upcoming"] : to < today ? l["Policies.Status.Expired"] : l["Policies.Status.InEffect"];

    public static string StatusCss(DateOnly from, DateOnly? to, DateOnly today) =>
        from > today ? "text-bg-info" : to < today ? "text-bg-secondary" : "text-bg-success";

    public static string Delivery(IStringLocalizer l, DateTimeOffset? pushedAt, DateTimeOffset? readAt) =>
        readAt is { } r ? string.Format(CultureInfo.CurrentCulture, l["Policies.Delivery.Read"], r.ToChinaTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
        : pushedAt is { } p ? string.Format(CultureInfo.CurrentCulture, l["Policies.Delivery.Pushed"], p.ToChinaTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))
        : l["Policies.Delivery.None"];

    public static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024d / 1024d:0.0} MB" : $"{Math.Max(1, bytes / 1024)} KB";

    /// <summary>
    /// The eligibility as lines a reader understands, e.g. "规模类型：规上工业、规上服务业"; the empty rule is one
    /// line saying every enterprise fits. Town names come from <paramref name="townNames"/>.
    /// </summary>
    public static IReadOnlyList<(string Label, string Value)> Eligibility(IStringLocalizer l, PolicyEligibility e, IReadOnlyDictionary<long, string> townNames)
    {
        var lines = new List<(string, string)>();
        string Names(IEnumerable<string> codes, IReadOnlyList<CatalogEntry> catalog) =>
            string.Join(l["Policies.Eligibility.Or"], codes.Select(c => Catalog.Find(catalog, c)?.Name() ?? c));
        if (e.ScaleClasses.Count > 0) lines.Add((l["Enterprise.Scale"], Names(e.ScaleClasses, ScaleClasses.All)));
        if (e.IndustrySections.Count > 0)
            lines.Add((l["Enterprise.Industry"], string.Join(l["Policies.Eligibility.Or"], e.IndustrySections.Select(c => $"{c} {Catalog.Find(IndustrySections.All, c)?.Name()}"))));
        if (e.Tags.Count > 0) lines.Add((l["Enterprise.Tags"], Names(e.Tags, EnterpriseTags.All) + l["Policies.Eligibility.AnyTag"]));
        if (e.TownIds.Count > 0)
            lines.Add((l["Enterprise.Town"], string.Join(l["Policies.Eligibility.Or"], e.TownIds.Select(t => townNames.TryGetValue(t, out var n) ? n : $"#{t}"))));
        if (e.EmployeesMin is not null || e.EmployeesMax is not null)
        {
            var range = (e.EmployeesMin, e.EmployeesMax) switch
            {
                ({ } min, { } max) => string.Format(CultureInfo.CurrentCulture, l["Policies.Eligibility.Between"], min, max),
                ({ } min, null) => string.Format(CultureInfo.CurrentCulture, l["Policies.Eligibility.AtLeast"], min),
                (null, { } max) => string.Format(CultureInfo.CurrentCulture, l["Policies.Eligibility.AtMost"], max),
                _ => string.Empty,
            };
            lines.Add((l["Enterprise.Employees"], range));
        }
        if (e.RegisteredMonthsMin is { } months)
            lines.Add((l["Policies.Field.RegisteredMonths"], string.Format(CultureInfo.CurrentCulture, l["Policies.Eligibility.Months"], months)));
        if (lines.Count == 0) lines.Add((l["Policies.Eligibility.Title"], l["Policies.Eligibility.Everyone"]));
        return lines;
    }
}
