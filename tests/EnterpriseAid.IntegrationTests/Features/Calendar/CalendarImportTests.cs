using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Calendar;

/// <summary>
/// /admin/calendar and the import of a year's holiday schedule, by upload and by pasted text, through HTTP.
/// Each test imports a year no other test of the class touches.
/// </summary>
public sealed partial class CalendarImportTests(CalendarAdminFixture fx) : IClassFixture<CalendarAdminFixture>
{
    private const string ImportUrl = "/admin/calendar/import";

    private Task<long> DaysOfAsync(int year) =>
        fx.Database.ScalarAsync<long>($"SELECT count(*) FROM calendar_days WHERE date_part('year', date) = {year}");

    private Task<long> DraftCountAsync() => fx.Database.ScalarAsync<long>("SELECT count(*) FROM calendar_import_drafts");

    /// <summary>Uploads a file as the import page's upload form does; returns the response (a redirect).</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, byte[] content, string fileName, bool withToken = true)
    {
        var page = await admin.GetStringAsync(ImportUrl);
        var form = new MultipartFormDataContent();
        if (withToken) form.Add(new StringContent(WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)), "__RequestVerificationToken");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", fileName);
        return await admin.PostAsync("/admin/calendar/upload", form);
    }

    private static Task<HttpResponseMessage> PasteAsync(HttpClient admin, string text, string url = ImportUrl) =>
        PostAsync(admin, url, "calendar-paste", [F("Paste.Text", text)]);

    /// <summary>Posts the preview page's confirmation form, ticking what <paramref name="tick"/> names.</summary>
    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient admin, string previewUrl, params string[] tick)
    {
        var fields = HtmlForm.Fields(await admin.GetStringAsync(previewUrl), "calendar-import");
        fields.AddRange(tick.Select(t => F($"Confirm.{t}", "true")));
        return await PostAsync(admin, previewUrl, "calendar-import", fields);
    }

    /// <summary>Where a redirect points, as a local path (Blazor's redirects are absolute).</summary>
    private static string Location(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, response.Content.ReadAsStringAsync().Result);
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    [Fact]
    public async Task After_importing_2027_a_deadline_crossing_into_2027_is_worked_out()
    {
        // Monday 28 December 2026: seven working days run into January 2027.
        fx.SetBeijingDate(2026, 12, 28);
        var id = await fx.RegisterProblemAsync("年底新产线用电增容");
        (await fx.SuggestedDeadlineAsync(id)).ShouldBe(""); // 2027 is not covered: the dispatcher would have to type it

        var admin = await fx.Factory.SignedInClientAsync("admin");
        var upload = await UploadAsync(admin, Encoding.UTF8.GetBytes(HolidayFixtures.Year2027), "holidays-2027.csv");
        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Location(upload).ShouldStartWith("/admin/calendar/import?draft=");
        var preview = await admin.GetStringAsync(Location(upload));
        preview.ShouldContain("holidays-2027.csv");
        Regex.Match(preview, "data-testid=\"year\">(\\d+)<").Groups[1].Value.ShouldBe("2027");
        Regex.Match(preview, "data-testid=\"holidays\">(\\d+)<").Groups[1].Value.ShouldBe("29");
        Regex.Match(preview, "data-testid=\"workdays\">(\\d+)<").Groups[1].Value.ShouldBe("5");
        preview.ShouldContain("国庆节调休上班");
        (await DaysOfAsync(2027)).ShouldBe(0); // a preview saves nothing

        var confirmed = await ConfirmAsync(admin, Location(upload));

        confirmed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await confirmed.Content.ReadAsStringAsync());
        Location(confirmed).ShouldBe("/admin/calendar/2027?imported=1");
        (await admin.GetStringAsync(Location(confirmed))).ShouldContain("已导入2027年的节假日安排");
        (await DaysOfAsync(2027)).ShouldBe(34);
        (await fx.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'CalendarDay' AND action = 'Created' AND changes::text LIKE '%2027-%'"))
            .ShouldBe(34);
        (await fx.Database.ScalarAsync<long>("SELECT count(*) FROM calendar_import_drafts WHERE content LIKE '%2027-01-01%'")).ShouldBe(0);

        // 29–31 December, then 元旦 (1–3 January) off, then 4–7 January.
        (await fx.SuggestedDeadlineAsync(id)).ShouldBe("2027-01-07");
        await fx.DispatchAsync(id, "2027-01-07");
        (await fx.DeadlineOfAsync(id)).ShouldBe("2027-01-07");
        (await admin.GetStringAsync("/admin/calendar")).ShouldContain("data-year=\"2027\"");
    }

    [Fact]
    public async Task Replacing_a_year_needs_confirming_and_a_second_one_when_problems_have_deadlines_counted_on_it()
    {
        fx.SetBeijingDate(2026, 12, 28);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var first = await PasteAsync(admin, HolidayFixtures.Year2028);
        first.StatusCode.ShouldBe(HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        (await ConfirmAsync(admin, Location(first))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await DaysOfAsync(2028)).ShouldBe(11);

        // A problem due in January 2028 was dispatched on the 2028 schedule as it stands.
        var id = await fx.RegisterProblemAsync("跨年度的复杂用能问题", "complex");
        await fx.DispatchAsync(id, "2028-01-10");

        var revised = HolidayFixtures.Year2028.Replace("2028-01-29,workday,春节调休上班\n", "").Replace("2028-04-03,holiday,清明节", "2028-04-03,holiday,清明节假期");
        var second = await PasteAsync(admin, revised);
        second.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var preview = await admin.GetStringAsync(Location(second));
        preview.ShouldContain("2028年已有安排（放假9天、调休上班2天），导入将替换现有安排");
        preview.ShouldContain("新增0天、删除1天、修改1天");
        preview.ShouldContain("已有1个问题的办理期限是按现有的2028年安排计算的");

        var unticked = await ConfirmAsync(admin, Location(second));
        unticked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var refusal = await unticked.Content.ReadAsStringAsync();
        refusal.ShouldContain("替换已有年度的安排须勾选确认");
        refusal.ShouldContain("须勾选确认");

        var halfTicked = await ConfirmAsync(admin, Location(second), "ReplaceConfirmed");
        halfTicked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await halfTicked.Content.ReadAsStringAsync()).ShouldContain("该年度已有问题按现有安排计算了办理期限，须勾选确认");
        (await DaysOfAsync(2028)).ShouldBe(11);

        var done = await ConfirmAsync(admin, Location(second), "ReplaceConfirmed", "AffectedConfirmed");
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        (await DaysOfAsync(2028)).ShouldBe(10);
        (await fx.Database.ScalarAsync<string>("SELECT name FROM calendar_days WHERE date = '2028-04-03'")).ShouldBe("清明节假期");
        (await fx.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'CalendarDay' AND action = 'Deleted' AND entity_id = '2028-01-29'")).ShouldBe(1);
        (await fx.Database.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE entity_type = 'CalendarDay' AND action = 'Updated' AND entity_id = '2028-04-03'")).ShouldBe(1);
        (await fx.DeadlineOfAsync(id)).ShouldBe("2028-01-10"); // not recomputed
    }

    [Fact]
    public async Task Confirming_a_preview_after_someone_else_imported_the_year_is_refused_with_the_new_comparison()
    {
        fx.SetBeijingDate(2026, 12, 28);
        var mine = await fx.Factory.SignedInClientAsync("admin");
        var theirs = await fx.Factory.SignedInClientAsync("admin");
        var year2029 = HolidayFixtures.Year2028.Replace("2028-", "2029-").Replace("2029-01-29,workday", "2029-01-20,workday").Replace("2029-04-29,workday", "2029-04-28,workday");
        var myPreview = Location(await PasteAsync(mine, year2029));
        var theirPreview = Location(await PasteAsync(theirs, year2029.Replace("元旦", "新年")));

        var myForm = HtmlForm.Fields(await mine.GetStringAsync(myPreview), "calendar-import");

        (await ConfirmAsync(theirs, theirPreview)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var response = await PostAsync(mine, myPreview, "calendar-import", myForm);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("已被他人更新，请刷新后重试");
        html.ShouldContain("2029年已有安排");
        (await fx.Database.ScalarAsync<string>("SELECT name FROM calendar_days WHERE date = '2029-01-01'")).ShouldBe("新年");

        // Having seen the comparison, confirming again (the replacement ticked) applies their own file.
        var again = await PostAsync(mine, myPreview, "calendar-import", [.. HtmlForm.Fields(html, "calendar-import"), F("Confirm.ReplaceConfirmed", "true")]);
        again.StatusCode.ShouldBe(HttpStatusCode.Redirect, await again.Content.ReadAsStringAsync());
        (await fx.Database.ScalarAsync<string>("SELECT name FROM calendar_days WHERE date = '2029-01-01'")).ShouldBe("元旦");
    }

    [Fact]
    public async Task A_pasted_file_with_errors_is_refused_with_line_numbers_and_the_text_kept()
    {
        fx.SetBeijingDate(2026, 12, 28);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var drafts = await DraftCountAsync();
        const string text = "date,kind,name\n2030-01-01,holiday,元旦\n2030/01/02,holiday,元旦\n2031-01-01,holiday,元旦\n2030-01-07,workday,调休\n2030-01-01,holiday,元旦\n2030-02-02,rest,春节";

        var response = await PasteAsync(admin, text);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        html.ShouldContain("第3行：日期“2030/01/02”无效，应写成 yyyy-MM-dd");
        html.ShouldContain("第4行：2031-01-01不是2030年的日期");
        html.ShouldContain("第5行：2030-01-07不是周末，不能标为调休上班（workday）");
        html.ShouldContain("第6行：日期2030-01-01与第2行重复");
        html.ShouldContain("第7行：未知的类型“rest”");
        HtmlForm.Fields(await response.Content.ReadAsStringAsync(), "calendar-paste").Value("Paste.Text")!.ReplaceLineEndings("\n").ShouldBe(text);
        (await DaysOfAsync(2030)).ShouldBe(0);
        (await DraftCountAsync()).ShouldBe(drafts);
    }

    [Fact]
    public async Task An_uploaded_file_with_errors_is_previewed_with_its_errors_and_cannot_be_confirmed()
    {
        fx.SetBeijingDate(2026, 12, 28);
        var admin = await fx.Factory.SignedInClientAsync("admin");

        var upload = await UploadAsync(admin, Encoding.UTF8.GetBytes("date,kind,name\n2032-01-01,holiday,元旦\n2032-01-02;holiday;元旦\n"), "bad.csv");

        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await admin.GetStringAsync(Location(upload));
        WebUtility.HtmlDecode(page).ShouldContain("第3行：应有3列（date,kind,name），实际为1列");
        page.ShouldNotContain("data-testid=\"confirm\"");
        HtmlForm.Fields(page, "calendar-paste").Value("Paste.Text")!.ShouldContain("2032-01-02;holiday;元旦");
        var confirm = await PostAsync(admin, Location(upload), "calendar-import",
            [F("Confirm.DraftId", Location(upload).Split('=')[1]), F("Confirm.Fingerprint", ""), F("Confirm.ReplaceConfirmed", "true")]);
        confirm.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await DaysOfAsync(2032)).ShouldBe(0);
    }

    [Fact]
    public async Task A_file_saved_by_Excel_in_GBK_is_read()
    {
        fx.SetBeijingDate(2026, 12, 28);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbk = Encoding.GetEncoding("GB18030").GetBytes("date,kind,name\r\n2033-01-01,holiday,元旦\r\n2033-01-02,holiday,元旦\r\n");

        var upload = await UploadAsync(admin, gbk, "2033年放假安排.csv");

        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = await admin.GetStringAsync(Location(upload));
        page.ShouldContain("2033年放假安排.csv");
        page.ShouldContain("<td>元旦</td>");
        page.ShouldContain("data-testid=\"confirm\"");
    }

    [Theory]
    [InlineData("too-large", "文件超过256 KB，未上传")]
    [InlineData("spreadsheet", "这是Excel工作簿，不能直接导入")]
    [InlineData("not-text", "文件不是文本格式的CSV，无法读取")]
    [InlineData("empty", "文件是空的")]
    public async Task A_file_that_cannot_be_a_holiday_schedule_is_refused_with_a_Chinese_message(string error, string message)
    {
        fx.SetBeijingDate(2026, 12, 28);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var drafts = await DraftCountAsync();
        var (content, name) = error switch
        {
            "too-large" => (Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("2034-01-01,holiday,元旦\n", 12_000))), "big.csv"),
            "spreadsheet" => ([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], "放假安排.xlsx"),
            "not-text" => ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], "picture.csv"),
            _ => (Array.Empty<byte>(), "empty.csv"),
        };

        var upload = await UploadAsync(admin, content, name);

        upload.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        Location(upload).ShouldBe($"/admin/calendar/import?error={error}");
        var page = await admin.GetAsync(Location(upload));
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).ShouldContain(message);
        (await DraftCountAsync()).ShouldBe(drafts);
    }

    [Fact]
    public async Task An_upload_without_the_form_token_is_refused_and_saves_nothing()
    {
        fx.SetBeijingDate(2026, 12, 28);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var drafts = await DraftCountAsync();

        var upload = await UploadAsync(admin, Encoding.UTF8.GetBytes(HolidayFixtures.Year2027), "holidays.csv", withToken: false);

        upload.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await upload.Content.ReadAsStringAsync()).ShouldContain("<html");
        (await DraftCountAsync()).ShouldBe(drafts);
    }

    [Fact]
    public async Task The_overview_warns_in_the_fourth_quarter_when_next_year_is_not_covered()
    {
        fx.SetBeijingDate(2026, 11, 22);
        var admin = await fx.Factory.SignedInClientAsync("admin");
        var covered = await DaysOfAsync(2027) > 0;

        var html = await admin.GetStringAsync("/admin/calendar");

        html.ShouldContain("data-year=\"2026\"");
        if (covered) html.ShouldNotContain("data-testid=\"next-year-missing\"");
        else html.ShouldContain("2027年的节假日安排尚未导入");

        fx.SetBeijingDate(2026, 9, 30);
        var summer = await (await fx.Factory.SignedInClientAsync("admin")).GetStringAsync("/admin/calendar");
        summer.ShouldNotContain("data-testid=\"next-year-missing\"");
        summer.ShouldNotContain("data-testid=\"current-year-missing\"");
    }

    [Fact]
    public async Task A_year_page_shows_the_months_and_the_named_days_off()
    {
        var admin = await fx.Factory.SignedInClientAsync("admin");

        var year = await admin.GetAsync("/admin/calendar/2026");
        var html = await year.Content.ReadAsStringAsync();
        year.StatusCode.ShouldBe(HttpStatusCode.OK, html);

        html.ShouldContain("2026年工作日历");
        Regex.Matches(html, "class=\"card h-100 cal-month\"").Count.ShouldBe(12);
        html.ShouldContain("data-date=\"2026-10-01\"");
        html.ShouldContain("10月1日至10月7日（7天）");
        html.ShouldContain("10月10日（周六）");
        (await admin.GetAsync("/admin/calendar/1999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.GetStringAsync("/admin/calendar/2040")).ShouldContain("2040年的节假日安排尚未导入");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
