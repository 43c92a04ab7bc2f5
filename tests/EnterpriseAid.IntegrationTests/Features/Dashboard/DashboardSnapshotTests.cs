using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using EnterpriseAid.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Features.Dashboard;

/// <summary>
/// The widest regions' standard periods are read from the snapshot job's figures (ADR-016): the same numbers the live
/// queries give when counted, a "数据截至" stamp while they are used, and live figures again once they are stale. Narrower
/// regions and custom periods are always live.
/// </summary>
public sealed partial class DashboardSnapshotTests(SnapshotPortal fixture) : IClassFixture<SnapshotPortal>
{
    private readonly TestDatabase _db = fixture.Db;
    private readonly PortalFactory _portal = fixture.Portal;

    [Fact]
    public async Task A_wide_scope_reads_the_snapshot_until_it_is_stale_and_narrow_scopes_stay_live()
    {
        var admin = await _portal.SignedInClientAsync("admin");
        var leader = await _portal.SignedInClientAsync("leader");
        var before = await admin.GetStringAsync("/dashboard?period=month");
        before.ShouldNotContain("data-testid=\"as-of\"");
        var total = Total(before);

        var pass = await _portal.Services.GetRequiredService<DashboardSnapshotRefresher>().RunOnceAsync(evenIfRecent: true);
        pass.Ran.ShouldBeTrue();
        pass.Written.ShouldBeGreaterThan(0);
        // A second node's pass right after is skipped: the figures are fresh.
        (await _portal.Services.GetRequiredService<DashboardSnapshotRefresher>().RunOnceAsync()).Ran.ShouldBeFalse();

        var fromSnapshot = await admin.GetStringAsync("/dashboard?period=month");
        fromSnapshot.ShouldContain("data-testid=\"as-of\"");
        Total(fromSnapshot).ShouldBe(total);
        Cards().Matches(fromSnapshot).Count.ShouldBe(Cards().Matches(before).Count);

        // A problem registered now: the snapshot does not know it yet; the same days as a custom period and a district are live.
        await _db.ExecuteAsync("""
            INSERT INTO problems (number, enterprise_id, category, urgency, source, title, description, status, resolved_on_spot,
                                  reopen_count, extension_count, registered_by_user_id, created_at, updated_at)
            SELECT '2099-000001', min(e.id), 'policy', 'Ordinary', 'Visit', '快照之后登记', '描述', 'Reported', false, 0, 0,
                   (SELECT id FROM users WHERE user_name = 'admin'), now(), now()
            FROM enterprises e
            """);
        Total(await admin.GetStringAsync("/dashboard?period=month")).ShouldBe(total);
        var month = Regex.Match(fromSnapshot, "data-testid=\"period\">(\\d{4}-\\d{2}-\\d{2}) ~ (\\d{4}-\\d{2}-\\d{2})");
        var custom = await admin.GetStringAsync($"/dashboard?period=custom&from={month.Groups[1].Value}&to={month.Groups[2].Value}");
        custom.ShouldNotContain("data-testid=\"as-of\"");
        Total(custom).ShouldBe(total + 1);
        (await leader.GetStringAsync("/dashboard?period=month")).ShouldNotContain("data-testid=\"as-of\"");

        // Stale (the job stopped): live again.
        await _db.ExecuteAsync("UPDATE dashboard_snapshots SET computed_at = computed_at - interval '1 hour'");
        var stale = await admin.GetStringAsync("/dashboard?period=month");
        stale.ShouldNotContain("data-testid=\"as-of\"");
        Total(stale).ShouldBe(total + 1);
    }

    private static int Total(string html) =>
        int.Parse(Cards().Matches(html).Single(m => m.Groups[1].Value == "total").Groups[2].Value);

    [GeneratedRegex("data-figure=\"([a-z-]+)\">\\s*<div class=\"card-body[^\"]*\">\\s*<div[^>]*>[^<]*</div>\\s*<a [^>]*data-value(?:=\"\")? href=\"[^\"]+\">([^<]+)</a>", RegexOptions.Singleline)]
    private static partial Regex Cards();
}
