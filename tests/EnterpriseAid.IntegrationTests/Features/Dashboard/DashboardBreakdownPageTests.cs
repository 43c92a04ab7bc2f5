using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>The breakdown table's first page read from the snapshot's view (ADR-033) against sorting every row.</summary>
public sealed partial class DashboardSnapshotTests
{
    [Fact]
    public async Task The_first_page_of_every_breakdown_in_every_order_read_from_the_snapshot_view_equals_sorting_every_row()
    {
        (await _portal.Services.GetRequiredService<DashboardSnapshotRefresher>().RunOnceAsync(evenIfRecent: true)).Ran.ShouldBeTrue();
        foreach (var kind in Enum.GetValues<BreakdownKind>())
        {
            foreach (var column in BreakdownColumns.All.Append("unknown"))
            {
                foreach (var descending in new[] { false, true })
                {
                    using var scope = _portal.Services.CreateScope();
                    scope.ServiceProvider.GetRequiredService<AppDbContext>().Scope = DataScope.Everything;
                    var data = scope.ServiceProvider.GetRequiredService<DashboardData>();
                    var period = DashboardPeriod.Of(PeriodPreset.Year, data.Today);

                    var page = await data.BreakdownPageAsync(kind, null, period, column, descending, null);
                    data.AsOf.ShouldNotBeNull();
                    var all = await data.BreakdownAsync(kind, null, period);

                    page.Count.ShouldBe(all.Count);
                    page.Rows.ShouldBe(BreakdownColumns.Sort(all, column, descending).Take(BreakdownView.PageSize).ToList());
                    page.Ranking.ShouldBe(BreakdownView.Ranked(all));
                }
            }
        }
    }
}
