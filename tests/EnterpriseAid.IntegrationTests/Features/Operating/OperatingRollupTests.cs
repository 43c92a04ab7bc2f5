using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Operating;

/// <summary>
/// The 复工复产 roll-up (V0085, ADR-032) against the live count it replaces: each enterprise's latest report and, per town
/// region path and scale class, the enterprises and the sums over their latest reports — after the migration's rebuild,
/// after reports entered and enterprises registered and edited through the portal, and after reports changed, moved and
/// deleted and an enterprise deleted in the database.
/// </summary>
public sealed partial class OperatingRollupTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd");

    /// <summary>Rows that differ between the kept tables and the live count (zero rows of a region and class are not kept figures).</summary>
    private const string Differences = """
        WITH live AS (
            SELECT e.region_path, e.scale_class, count(*) AS enterprises, count(l.enterprise_id) AS reported,
                   count(*) FILTER (WHERE l.operating) AS operating,
                   coalesce(sum(l.staff_on_duty), 0) AS staff_on_duty, coalesce(sum(l.usual_staff), 0) AS usual_staff
            FROM enterprises e
            LEFT JOIN LATERAL (SELECT r.enterprise_id, r.operating, r.staff_on_duty, r.usual_staff FROM operating_reports r
                               WHERE r.enterprise_id = e.id ORDER BY r.reported_on DESC LIMIT 1) l ON true
            GROUP BY 1, 2),
        kept AS (
            SELECT region_path, scale_class, enterprises::bigint, reported::bigint, operating::bigint, staff_on_duty, usual_staff
            FROM operating_region_figures WHERE (enterprises, reported, operating, staff_on_duty, usual_staff) <> (0, 0, 0, 0, 0)),
        latest AS (
            SELECT DISTINCT ON (enterprise_id) enterprise_id, reported_on, operating, staff_on_duty, usual_staff
            FROM operating_reports ORDER BY enterprise_id, reported_on DESC)
        SELECT (SELECT count(*) FROM ((TABLE live EXCEPT TABLE kept) UNION ALL (TABLE kept EXCEPT TABLE live)) d)
             + (SELECT count(*) FROM ((TABLE latest EXCEPT TABLE operating_latest_reports)
                                      UNION ALL (TABLE operating_latest_reports EXCEPT TABLE latest)) d)
        """;

    private const string Contents = """
        SELECT md5(string_agg(concat_ws(',', region_path, scale_class, enterprises, reported, operating, staff_on_duty, usual_staff), ';'
                              ORDER BY region_path, scale_class))
        FROM operating_region_figures WHERE (enterprises, reported, operating, staff_on_duty, usual_staff) <> (0, 0, 0, 0, 0)
        """;

    private async Task ShouldMatchLiveAsync(string after) =>
        (await portal.Database.ScalarAsync<long>(Differences)).ShouldBe(0, after);

    private Task<long> EnterpriseAsync(string town, int n) => portal.Database.ScalarAsync<long>(
        $"SELECT e.id FROM enterprises e JOIN org_units o ON o.id = e.town_id WHERE o.code = '{town}' ORDER BY e.id OFFSET {n} LIMIT 1");

    private static List<KeyValuePair<string, string>> Report(DateOnly day, string operating, string onDuty, string usual, string capacity) =>
    [
        F("Model.ReportedOn", Text(day)), F("Model.Operating", operating), F("Model.StaffOnDuty", onDuty),
        F("Model.UsualStaff", usual), F("Model.CapacityPercent", capacity), F("Model.Note", ""),
    ];

    private static List<KeyValuePair<string, string>> Enterprise(string uscc, string name, string scale, long town) =>
    [
        F("Model.Uscc", uscc), F("Model.Name", name), F("Model.LegalRepresentative", "张建国"),
        F("Model.ScaleClass", scale), F("Model.IndustrySection", "C"), F("Model.TownId", town.ToString()),
        F("Model.Employees", "60"), F("Model.Address", "建设路1号"), F("Model.EstablishedOn", "2015-03-01"),
    ];

    [Fact]
    public async Task The_kept_figures_equal_the_live_count_after_every_kind_of_change()
    {
        await ShouldMatchLiveAsync("the migration's rebuild");

        // Reports entered through the portal: a new latest report, then an older one that changes nothing.
        var official = await portal.Factory.SignedInClientAsync("official");
        var (e1, e2) = (await EnterpriseAsync("XH-T01", 1), await EnterpriseAsync("XH-T01", 2));
        foreach (var (enterprise, day, operating, onDuty) in new[] { (e1, Today.AddDays(-2), "yes", "40"), (e2, Today.AddDays(-1), "no", "0"),
                     (e1, Today.AddDays(-20), "no", "0") })
        {
            var posted = await PostAsync(official, $"/enterprises/{enterprise}/operating", "operating-add",
                Report(day, operating, onDuty, "50", operating == "yes" ? "70" : "0"));
            posted.StatusCode.ShouldBe(HttpStatusCode.Redirect, await posted.Content.ReadAsStringAsync());
        }
        await ShouldMatchLiveAsync("reports entered through the portal");

        // An enterprise registered, reported for, then moved to another town and scale class through the portal.
        var admin = await portal.Factory.SignedInClientAsync("admin");
        var (t1, t2) = (await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T01'"),
            await portal.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE code = 'XH-T02'"));
        var created = await PostAsync(admin, "/enterprises/new", "enterprise", Enterprise(Uscc.NewValid(), "复工统计测试有限公司", "industry_above", t1));
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect, await created.Content.ReadAsStringAsync());
        var id = long.Parse(EnterpriseLink().Match(created.Headers.Location!.OriginalString).Groups[1].Value);
        await ShouldMatchLiveAsync("an enterprise registered");
        (await PostAsync(official, $"/enterprises/{id}/operating", "operating-add", Report(Today, "yes", "30", "60", "50")))
            .StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var edit = Enterprise("", "复工统计测试有限公司", "services_below", t2);
        edit.Add(F("Model.Version", await portal.Database.ScalarAsync<string>($"SELECT xmin::text FROM enterprises WHERE id = {id}")));
        var edited = await PostAsync(admin, $"/enterprises/{id}/edit", "enterprise", edit);
        edited.StatusCode.ShouldBe(HttpStatusCode.Redirect, await edited.Content.ReadAsStringAsync());
        (await portal.Database.ScalarAsync<string>($"SELECT scale_class FROM enterprises WHERE id = {id}")).ShouldBe("services_below");
        await ShouldMatchLiveAsync("an enterprise moved to another town and scale class");

        // Reports changed, moved to another day and another enterprise, and deleted; an enterprise deleted.
        await portal.Database.ExecuteAsync($"""
            UPDATE operating_reports SET staff_on_duty = staff_on_duty + 1 WHERE enterprise_id IN ({e1}, {e2});
            UPDATE operating_reports SET reported_on = reported_on - 40 WHERE enterprise_id = {e2} AND reported_on = '{Text(Today.AddDays(-1))}';
            UPDATE operating_reports SET enterprise_id = {e2} WHERE enterprise_id = {id};
            DELETE FROM operating_reports WHERE enterprise_id = {e1} AND reported_on = '{Text(Today.AddDays(-2))}';
            DELETE FROM assignments WHERE enterprise_id = {id};
            DELETE FROM enterprises WHERE id = {id};
            """);
        await ShouldMatchLiveAsync("reports changed, moved and deleted, an enterprise deleted");

        // Counting afresh gives what the triggers kept.
        var kept = await portal.Database.ScalarAsync<string>(Contents);
        await portal.Database.ExecuteAsync("SELECT operating_figures_rebuild()");
        (await portal.Database.ScalarAsync<string>(Contents)).ShouldBe(kept);
    }

    [GeneratedRegex(@"/enterprises/(\d+)")]
    private static partial Regex EnterpriseLink();
}
