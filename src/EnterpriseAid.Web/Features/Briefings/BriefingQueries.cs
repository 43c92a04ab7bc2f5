using EnterpriseAid.Domain.Briefings;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Reporting;
using EnterpriseAid.Web.Features.Problems;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Web.Features.Briefings;

/// <summary>A region the user may write a briefing for, with its depth for the indented list.</summary>
public sealed record BriefingRegion(long Id, string Name, string Path, OrgUnitKind Kind, int Depth)
{
    /// <summary>How the text names the region: 全市, 全区 for a district or zone, a town by its name.</summary>
    public string ScopeName => Kind switch
    {
        OrgUnitKind.City => "全市",
        OrgUnitKind.District or OrgUnitKind.DevelopmentZone => "全区",
        _ => Name,
    };

    public string DefaultIssuingUnit => Name + "万人助万企活动办公室";
}

/// <summary>Everything the briefing page and its export show for one period and region.</summary>
public sealed record BriefingDraft(
    BriefingRegion Region,
    BriefingFigures Figures,
    IReadOnlyList<string> Paragraphs,
    IReadOnlyList<BriefingTownRow> Towns,
    IReadOnlyList<BriefingRedFlag> RedFlags,
    DateOnly Today);

/// <summary>Builds briefings within the user's scope (the context's query filters) from <see cref="BriefingFigureSource"/>.</summary>
public sealed class BriefingQueries(AppDbContext db, TimeProvider clock)
{
    public DateOnly Today => ProblemActors.ChinaToday(clock);

    /// <summary>The regions (not departments) the user's scope reaches, in tree order.</summary>
    public async Task<IReadOnlyList<BriefingRegion>> RegionsAsync(CancellationToken ct = default)
    {
        var scope = db.Scope;
        var units = db.OrgUnits.AsNoTracking().Where(o => o.Kind != OrgUnitKind.Department);
        if (!scope.SeesAll) units = scope.RegionPath is { } path ? units.Where(o => o.Path.StartsWith(path)) : units.Where(_ => false);
        var rows = await units.Select(o => new { o.Id, o.Name, o.Path, o.Kind, o.ParentId, o.SortOrder }).ToListAsync(ct);
        var children = rows.ToLookup(r => r.ParentId);
        var ids = rows.Select(r => r.Id).ToHashSet();
        var ordered = new List<BriefingRegion>();
        void Walk(long parent, int depth)
        {
            foreach (var r in children[parent].OrderBy(r => r.SortOrder).ThenBy(r => r.Id))
            {
                ordered.Add(new BriefingRegion(r.Id, r.Name, r.Path, r.Kind, depth));
                Walk(r.Id, depth + 1);
            }
        }
        foreach (var root in rows.Where(r => r.ParentId is null || !ids.Contains(r.ParentId.Value)).OrderBy(r => r.Path.Length).ThenBy(r => r.SortOrder))
        {
            ordered.Add(new BriefingRegion(root.Id, root.Name, root.Path, root.Kind, 0));
            Walk(root.Id, 1);
        }
        return ordered;
    }

    /// <summary>The region asked for when the user may see it; the top of the user's tree when none is asked for; null otherwise.</summary>
    public static BriefingRegion? Pick(IReadOnlyList<BriefingRegion> regions, long? id) =>
        id is { } wanted ? regions.FirstOrDefault(r => r.Id == wanted) : regions.FirstOrDefault(r => r.Kind == OrgUnitKind.District) ?? regions.FirstOrDefault();

    public async Task<BriefingDraft> DraftAsync(BriefingRegion region, BriefingPeriod period, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(region);
        var today = Today;
        var source = new BriefingFigureSource(db);
        var figures = await source.FiguresAsync(region.Path, region.ScopeName, period, today, ct);
        var towns = await source.TownRankingAsync(region.Path, period, today, ct);
        var red = await source.RedFlagsAsync(region.Path, period, today, ct);
        return new BriefingDraft(region, figures, BriefingComposer.Compose(figures), towns, red, today);
    }

    /// <summary>A sensible 期数 to start from: the week, month or quarter of the year; 1 otherwise.</summary>
    public static int SuggestedIssue(BriefingPeriod period) => period.Kind switch
    {
        BriefingPeriodKind.Week => System.Globalization.ISOWeek.GetWeekOfYear(period.From.ToDateTime(TimeOnly.MinValue)),
        BriefingPeriodKind.Month => period.From.Month,
        BriefingPeriodKind.Quarter => (period.From.Month + 2) / 3,
        _ => 1,
    };
}

public static class BriefingFeature
{
    public const string Roles = Supervision.SupervisionRoles.Issuers;

    public static IServiceCollection AddBriefingFeature(this IServiceCollection services)
    {
        services.AddScoped<BriefingQueries>();
        services.AddSingleton<IValidator<BriefingFormModel>, BriefingFormValidator>();
        return services;
    }
}
