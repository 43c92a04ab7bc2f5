using EnterpriseAid.Infrastructure.Reporting;
using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Domain.Problems;
using EnterpriseAid.Domain.Visits;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>The dashboard's figures on a known data set: each definition, Beijing-day edges, 家次, scope, and the links behind the numbers.</summary>
[Collection(DashboardDataCollection.Name)]
public sealed partial class DashboardTests(DashboardDataSet data)
{
    private static readonly DashboardPeriod May = new(PeriodPreset.Custom, new DateOnly(2019, 5, 1), new DateOnly(2019, 5, 31));

    private async Task<DashboardFigures> FiguresAsync(DataScope scope, DashboardPeriod period, string? regionPath = null)
    {
        using var services = data.Portal.Factory.Services.CreateScope();
        services.ServiceProvider.GetRequiredService<AppDbContext>().Scope = scope;
        return await services.ServiceProvider.GetRequiredService<DashboardQueries>().FiguresAsync(regionPath, period);
    }

    [Fact]
    public async Task Each_figure_of_May_is_counted_by_its_definition()
    {
        var figures = await FiguresAsync(DataScope.Everything, May);

        // 家次: one on-site visit each on 1 and 31 May, a symposium with three enterprises (3), an inspection (1) and
        // the record joining that inspection (not again); 30 April and 1 June are outside.
        figures.Visits.ShouldBe(new VisitFigures(EnterpriseVisits: 6, Symposia: 1, EnterprisesCovered: 3));
        figures.Problems.ShouldBe(new ProblemFigures(Total: 5, SolvedOnSpot: 1, Dispatched: 3, Resolved: 2, Overdue: 2,
            ResolvedWithDeadline: 1, ResolvedByDeadline: 1, Rated: 2, Satisfied: 2));
        figures.Problems.Open.ShouldBe(3);
        ProblemFigures.Percent(figures.Problems.ResolutionRate).ShouldBe("40%");
        figures.Notices.ShouldBe(new NoticeCounts(Issued: 2, Replied: 1));
        // The two open problems past their deadline carry a stored flag.
        (figures.Flags.Blue + figures.Flags.Yellow + figures.Flags.Red).ShouldBe(2);
    }

    [Fact]
    public async Task Periods_take_whole_Beijing_days()
    {
        var first = await FiguresAsync(DataScope.Everything, new DashboardPeriod(PeriodPreset.Custom, new DateOnly(2019, 5, 1), new DateOnly(2019, 5, 1)));
        var last = await FiguresAsync(DataScope.Everything, new DashboardPeriod(PeriodPreset.Custom, new DateOnly(2019, 5, 31), new DateOnly(2019, 5, 31)));
        var june = await FiguresAsync(DataScope.Everything, new DashboardPeriod(PeriodPreset.Custom, new DateOnly(2019, 6, 1), new DateOnly(2019, 6, 1)));

        // 1 May 00:00:00 and 31 May 23:59:59 Beijing time are in May; 30 April 23:59:59 and 1 June 00:00:00 are not.
        first.Problems.Total.ShouldBe(1);
        first.Visits.EnterpriseVisits.ShouldBe(1);
        last.Problems.Total.ShouldBe(1);
        last.Problems.SolvedOnSpot.ShouldBe(1);
        last.Notices.Issued.ShouldBe(1);
        june.Problems.Total.ShouldBe(1);
        june.Notices.Issued.ShouldBe(1);
        june.Visits.EnterpriseVisits.ShouldBe(1);
    }

    [Fact]
    public async Task A_town_scope_counts_only_the_towns_enterprises_even_in_a_shared_symposium()
    {
        var scoped = await FiguresAsync(DataScope.Region(data.TownPath), May);
        var narrowed = await FiguresAsync(DataScope.Everything, May, data.TownPath);

        scoped.Visits.ShouldBe(new VisitFigures(EnterpriseVisits: 4, Symposia: 1, EnterprisesCovered: 2));
        scoped.Problems.Total.ShouldBe(4);
        scoped.Problems.Resolved.ShouldBe(2);
        scoped.Problems.Overdue.ShouldBe(1);
        // Only the town's late problem's flag, not the other town's.
        (scoped.Flags.Blue + scoped.Flags.Yellow + scoped.Flags.Red).ShouldBe(1);
        scoped.Notices.ShouldBe(new NoticeCounts(Issued: 1, Replied: 0));
        narrowed.ShouldBe(scoped);
    }

    [Fact]
    public async Task The_previous_period_is_the_previous_unit_or_as_many_days_before()
    {
        new DashboardPeriod(PeriodPreset.Month, new(2019, 3, 1), new(2019, 3, 31)).Previous
            .ShouldBe(new DashboardPeriod(PeriodPreset.Month, new(2019, 2, 1), new(2019, 2, 28)));
        DashboardPeriod.Of(PeriodPreset.Week, new DateOnly(2026, 11, 22)).ShouldBe(new DashboardPeriod(PeriodPreset.Week, new(2026, 11, 16), new(2026, 11, 22)));
        May.Previous.ShouldBe(new DashboardPeriod(PeriodPreset.Custom, new(2019, 3, 31), new(2019, 4, 30)));

        var april = await FiguresAsync(DataScope.Everything, May.Previous);
        april.Problems.Total.ShouldBe(1);
        april.Visits.EnterpriseVisits.ShouldBe(1);
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("cgleader")]
    public async Task Every_number_links_to_a_list_with_the_same_count(string user)
    {
        var client = await data.Portal.Factory.SignedInClientAsync(user);
        var html = await client.GetStringAsync("/dashboard?period=custom&" + DashboardDataSet.May);
        var cards = Cards().Matches(html).Select(m => (Key: m.Groups[1].Value, Href: WebUtility.HtmlDecode(m.Groups[2].Value), Value: m.Groups[3].Value)).ToList();
        cards.Count.ShouldBe(17);

        foreach (var (key, href, value) in cards)
        {
            var list = await client.GetAsync(href);
            list.StatusCode.ShouldBe(HttpStatusCode.OK, href);
            var listHtml = await list.Content.ReadAsStringAsync();
            var expected = key switch
            {
                "resolution-rate" or "on-time-rate" or "satisfaction-rate" => Fraction(html, key),
                _ => int.Parse(value),
            };
            var count = href.StartsWith("/visits")
                ? VisitTotal().Match(listHtml) is var v && key == "enterprise-visits" ? int.Parse(v.Groups[2].Value)
                    : key == "enterprises-covered" ? int.Parse(v.Groups[3].Value) : int.Parse(v.Groups[1].Value)
                : href.StartsWith("/supervision") ? int.Parse(NoticeTotal().Match(listHtml).Groups[1].Value)
                : int.Parse(ProblemTotal().Match(listHtml).Groups[1].Value);
            count.ShouldBe(expected, $"{key}: {href}");
        }
        if (user == "cgleader")
        {
            cards.Single(c => c.Key == "enterprise-visits").Value.ShouldBe("4");
            cards.Single(c => c.Key == "total").Value.ShouldBe("4");
        }
        else
        {
            cards.Single(c => c.Key == "enterprise-visits").Value.ShouldBe("6");
            cards.Single(c => c.Key == "total").Value.ShouldBe("5");
        }
    }

    [Fact]
    public async Task A_town_supervisor_cannot_choose_another_town()
    {
        var other = await data.Portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'");
        var client = await data.Portal.Factory.SignedInClientAsync("cgleader");

        var html = await client.GetStringAsync($"/dashboard?period=custom&{DashboardDataSet.May}&region={other}");

        html.ShouldContain("不在您的负责范围内");
        Cards().Matches(html).Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("official")]
    [InlineData("handler")]
    [InlineData("enterprise")]
    public async Task Other_roles_are_refused(string user)
    {
        var client = await data.Portal.Factory.SignedInClientAsync(user);
        (await client.GetAsync("/dashboard")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_dates_are_named_and_nothing_is_counted()
    {
        var client = await data.Portal.Factory.SignedInClientAsync("leader");
        var html = await client.GetStringAsync("/dashboard?period=custom&from=2019-13-01&to=2019-05-01");
        html.ShouldContain("is-invalid");
        Cards().Matches(html).Count.ShouldBe(0);
    }

    private static int Fraction(string html, string key) =>
        int.Parse(Regex.Match(html, $"data-figure=\"{key}\".*?<div class=\"small text-secondary\">(\\d+)/\\d+</div>", RegexOptions.Singleline).Groups[1].Value);

    [GeneratedRegex("data-figure=\"([a-z-]+)\">\\s*<div class=\"card-body[^\"]*\">\\s*<div[^>]*>[^<]*</div>\\s*<a [^>]*data-value(?:=\"\")? href=\"([^\"]+)\">([^<]+)</a>", RegexOptions.Singleline)]
    private static partial Regex Cards();

    [GeneratedRegex("data-testid=\"total\">共 (\\d+) 次走访，(\\d+) 家次，覆盖 (\\d+) 家企业")]
    private static partial Regex VisitTotal();

    [GeneratedRegex("data-testid=\"total\">共 (\\d+) 个问题")]
    private static partial Regex ProblemTotal();

    [GeneratedRegex("data-testid=\"total\">共 (\\d+) 份督办单")]
    private static partial Regex NoticeTotal();
}
