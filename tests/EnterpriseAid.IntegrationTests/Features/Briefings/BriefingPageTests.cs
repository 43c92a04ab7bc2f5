using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using EnterpriseAid.TestSupport;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Briefings;

public sealed partial class BriefingPageTests(BriefingFixture fixture) : IClassFixture<BriefingFixture>
{
    private const string Week = "/briefings/new?period=custom&from=2026-03-02&to=2026-03-08";
    private const string Sentence = "3月2日至3月8日全区累计走访企业1132家次，召开座谈会18场，梳理问题755个，现场解决578个，其余177个已责任到人督办落实，解决率76.6%。";

    private async Task<List<KeyValuePair<string, string>>> FormAsync(HttpClient client, string url, string unit, string issue, params string[] paragraphs)
    {
        var html = await client.GetStringAsync(url);
        var region = RegionField().Match(html).Groups[1].Value;
        var fields = new List<KeyValuePair<string, string>>
        {
            F("Model.Period", "custom"), F("Model.From", "2026-03-02"), F("Model.To", "2026-03-08"), F("Model.Region", region),
            F("Model.IssuingUnit", unit), F("Model.IssueNumber", issue),
        };
        fields.AddRange(paragraphs.Select((p, i) => F($"Model.Paragraphs[{i}]", p)));
        return fields;
    }

    private static async Task<HttpResponseMessage> ExportAsync(HttpClient client, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var html = await client.GetStringAsync(Week);
        var body = new List<KeyValuePair<string, string>>();
        if (withToken) body.Add(F("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value)));
        body.AddRange(fields);
        return await client.PostAsync("/briefings/export.docx", new FormUrlEncodedContent(body));
    }

    [Fact]
    public async Task The_supervisor_sees_the_bulletin_written_from_the_figures()
    {
        var client = await fixture.Factory.SignedInClientAsync("leader");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(Week));

        html.ShouldContain(Sentence);
        html.ShouldContain("新河区万人助万企活动办公室");
        html.ShouldContain("城关街道");
        html.ShouldContain("2026-900578"); // the first red-flagged problem (the first one dispatched)
    }

    [Fact]
    public async Task Edited_text_survives_a_validation_error()
    {
        var client = await fixture.Factory.SignedInClientAsync("leader");
        var edited = "本周全区累计走访企业1132家次，经核实情况良好。";
        var response = await PostAsync(client, Week, "briefing", await FormAsync(client, Week, "", "abc", edited, "第二段"));
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ValidationMessages(html).ShouldContain("请填写编发单位");
        ValidationMessages(html).ShouldContain("期数应为1至9999之间的整数");
        WebUtility.HtmlDecode(html).ShouldContain(edited);
        html.ShouldNotContain("data-testid=\"ready\"");
    }

    [Fact]
    public async Task A_checked_briefing_offers_the_download_with_the_edited_text()
    {
        var client = await fixture.Factory.SignedInClientAsync("leader");
        var response = await PostAsync(client, Week, "briefing", await FormAsync(client, Week, "新河区万人助万企活动办公室", "12", "经修改的第一段。"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        html.ShouldContain("data-testid=\"ready\"");
        html.ShouldContain("value=\"经修改的第一段。\"");
    }

    [Fact]
    public async Task The_docx_opens_and_holds_the_edited_text_the_figures_and_both_tables()
    {
        var client = await fixture.Factory.SignedInClientAsync("leader");
        var response = await ExportAsync(client, await FormAsync(client, Week, "新河区万人助万企活动办公室", "12", Sentence, "各镇街要对照红色预警清单逐项销号。"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldStartWith("工作简报第12期-");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var doc = WordprocessingDocument.Open(stream, false);
        new OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        var body = doc.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        paragraphs[0].ShouldBe("工作简报");
        paragraphs[1].ShouldBe("第12期");
        paragraphs[2].ShouldStartWith("新河区万人助万企活动办公室");
        paragraphs.ShouldContain(Sentence);
        paragraphs.ShouldContain("各镇街要对照红色预警清单逐项销号。");
        body.Descendants<Color>().First().Val!.Value.ShouldBe("C00000");
        var tables = body.Elements<Table>().ToList();
        tables.Count.ShouldBe(2);
        var towns = tables[0].Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToList()).ToList();
        towns.Count.ShouldBe(10);
        towns.Sum(r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(755);
        towns.Sum(r => int.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(578);
        var red = tables[1].Elements<TableRow>().Skip(1).Select(r => r.Elements<TableCell>().First().InnerText).ToList();
        red.Count.ShouldBe(BulletinDataset.RedFlags);
        red.ShouldAllBe(n => n.StartsWith("2026-9"));
    }

    [Fact]
    public async Task An_export_without_the_form_token_is_refused()
    {
        var client = await fixture.Factory.SignedInClientAsync("leader");
        var response = await ExportAsync(client, await FormAsync(client, Week, "新河区万人助万企活动办公室", "12", "正文"), withToken: false);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_region_outside_the_scope_answers_404_by_url_and_by_export()
    {
        var city = await fixture.Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'City' ORDER BY id LIMIT 1");
        var client = await fixture.Factory.SignedInClientAsync("leader");

        (await client.GetAsync($"{Week}&region={city}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var fields = (await FormAsync(client, Week, "新河区万人助万企活动办公室", "12", "正文"))
            .Select(f => f.Key == "Model.Region" ? F("Model.Region", city.ToString(System.Globalization.CultureInfo.InvariantCulture)) : f).ToList();
        (await ExportAsync(client, fields)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var html = await (await client.GetAsync(Week)).Content.ReadAsStringAsync();
        html.ShouldNotContain("江城市</option>");
    }

    [Fact]
    public async Task Officials_may_not_generate_briefings()
    {
        var client = await fixture.Factory.SignedInClientAsync("official");

        (await client.GetAsync(Week)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsync("/briefings/export.docx", new FormUrlEncodedContent([F("Model.IssueNumber", "1")]))).StatusCode
            .ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_bad_custom_period_is_reported_and_the_week_shown()
    {
        var client = await fixture.Factory.SignedInClientAsync("dispatcher");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/briefings/new?period=custom&from=2026-03-09&to=2026-03-02"));

        html.ShouldContain("起始日期不能晚于截止日期");
        html.ShouldContain("本周全区");
    }

    [GeneratedRegex("name=\"Model.Region\" value=\"(\\d+)\"")]
    private static partial Regex RegionField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
