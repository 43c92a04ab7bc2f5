using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Infrastructure.Calendar;
using EnterpriseAid.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Calendar;

/// <summary>The portal with the demo district and a clock the tests set to the Beijing date they need.</summary>
public sealed partial class CalendarAdminFixture : IAsyncLifetime
{
    public TestClock Clock { get; } = new();
    public TestDatabase Database { get; private set; } = null!;
    public PortalFactory Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync("cal");
        Factory = new PortalFactory(Database.ConnectionString, clock: Clock);
        Factory.StartServer();
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Moves the clock to 10:00 Beijing time on that day. Sign in after calling it: sessions follow the clock.</summary>
    public void SetBeijingDate(int year, int month, int day) =>
        Clock.Advance(new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.FromHours(8)) - Clock.GetUtcNow());

    public CalendarCache Cache => Factory.Services.GetRequiredService<CalendarCache>();

    /// <summary>Registers an energy problem of the demo enterprise as the official; returns its id.</summary>
    public async Task<long> RegisterProblemAsync(string title, string urgency = "ordinary")
    {
        var official = await Factory.SignedInClientAsync("official");
        var enterpriseId = await Database.ScalarAsync<long>("SELECT enterprise_id FROM users WHERE user_name = 'enterprise'");
        var response = await PostAsync(official, $"/enterprises/{enterpriseId}/problems/new", "problem-register",
        [
            F("Model.Category", "energy"), F("Model.Urgency", urgency), F("Model.Source", "Visit"),
            F("Model.Title", title), F("Model.Description", "企业反映用电增容申请迟迟未批复，影响新产线投产。"),
        ]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return long.Parse(ProblemLink().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    /// <summary>The deadline the dispatch form proposes to the dispatcher; empty when it proposes none.</summary>
    public async Task<string> SuggestedDeadlineAsync(long problemId)
    {
        var dispatcher = await Factory.SignedInClientAsync("dispatcher");
        var html = await dispatcher.GetStringAsync($"/problems/{problemId}");
        var input = DispatchDeadlineInput().Match(html);
        input.Success.ShouldBeTrue("the dispatcher sees no dispatch form");
        var value = ValueAttribute().Match(input.Value);
        return value.Success ? value.Groups[1].Value : string.Empty;
    }

    /// <summary>Dispatches to the commerce bureau with this deadline, as the dispatcher.</summary>
    public async Task DispatchAsync(long problemId, string deadline)
    {
        var dispatcher = await Factory.SignedInClientAsync("dispatcher");
        var lead = await Database.ScalarAsync<long>("SELECT id FROM org_units WHERE kind = 'Department' AND name LIKE '%商务局'");
        var version = await Database.ScalarAsync<string>($"SELECT xmin::text FROM problems WHERE id = {problemId}");
        var response = await PostAsync(dispatcher, $"/problems/{problemId}", "problem-dispatch",
            [F("Version", version), F("LeadId", lead.ToString()), F("Deadline", deadline)]);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
    }

    public Task<string> DeadlineOfAsync(long problemId) =>
        Database.ScalarAsync<string>($"SELECT deadline::text FROM problems WHERE id = {problemId}");

    [GeneratedRegex(@"/problems/(\d+)")]
    private static partial Regex ProblemLink();

    [GeneratedRegex("<input[^>]*id=\"deadline-Dispatch\"[^>]*>")]
    private static partial Regex DispatchDeadlineInput();

    [GeneratedRegex("\\svalue=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}

/// <summary>Reads a server-rendered form the way a browser would submit it.</summary>
public static partial class HtmlForm
{
    /// <summary>The named form's inputs and text areas (checkboxes only when ticked), in page order.</summary>
    public static List<KeyValuePair<string, string>> Fields(string html, string formName)
    {
        var form = FormTag().Matches(html).Select(m => m.Value)
            .FirstOrDefault(f => f.Contains($"name=\"_handler\" value=\"{formName}\""))
            ?? throw new InvalidOperationException($"No form {formName} on the page");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputTag().Matches(form))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            if (name is null || name is "_handler" or "__RequestVerificationToken") continue;
            var type = Attribute(tag, "type") ?? "text";
            if (type is "checkbox" or "radio" && !Regex.IsMatch(tag, "\\schecked[\\s>=/]")) continue;
            fields.Add(new(WebUtility.HtmlDecode(name), WebUtility.HtmlDecode(Attribute(tag, "value") ?? "")));
        }
        foreach (Match area in TextAreaTag().Matches(form))
        {
            if (Attribute(area.Groups[1].Value, "name") is { } name)
                fields.Add(new(WebUtility.HtmlDecode(name), WebUtility.HtmlDecode(area.Groups[2].Value)));
        }
        return fields;
    }

    /// <summary>The fields with one value replaced.</summary>
    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var index = fields.FindIndex(f => f.Key == name);
        if (index < 0) throw new InvalidOperationException($"No field {name}");
        var copy = fields.ToList();
        copy[index] = new(name, value);
        return copy;
    }

    public static string? Value(this List<KeyValuePair<string, string>> fields, string name) =>
        fields.FirstOrDefault(f => f.Key == name).Value;

    private static string? Attribute(string tag, string name)
    {
        var m = Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"");
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("<form[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormTag();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<textarea([^>]*)>(.*?)</textarea>", RegexOptions.Singleline)]
    private static partial Regex TextAreaTag();
}
