using System.Net;
using System.Text.RegularExpressions;
using EnterpriseAid.Infrastructure.Imports;
using static EnterpriseAid.TestSupport.Forms;

namespace EnterpriseAid.IntegrationTests.Features.Imports;

/// <summary>The steps of an import as a user takes them through HTTP, for every kind: upload, map, validate, commit.</summary>
public static partial class ImportSteps
{
    public static async Task<long> UploadAsync(HttpClient client, byte[] content, string fileName, string kind)
    {
        var page = await client.GetStringAsync("/imports/new");
        var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value)), "__RequestVerificationToken" },
            { new StringContent(kind), "kind" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var response = await client.PostAsync("/imports/upload", form);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.OriginalString;
        location.ShouldStartWith("/imports/");
        return long.Parse(location["/imports/".Length..]);
    }

    /// <summary>Confirms the mapping (column i feeds field i) and waits for the validation.</summary>
    public static async Task<string> ValidateAsync(PortalFixture fx, HttpClient client, long id, int columns)
    {
        var fields = Enumerable.Range(0, columns).Select(i => F($"Mapping.Columns[{i}]", i.ToString())).ToList();
        var post = await PostAsync(client, $"/imports/{id}", "import-mapping", fields);
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect, await post.Content.ReadAsStringAsync());
        return await SettledAsync(fx, id);
    }

    public static async Task<string> CommitAsync(PortalFixture fx, HttpClient client, long id)
    {
        var post = await PostAsync(client, $"/imports/{id}", "import-commit", [F("Commit.Confirm", "yes")]);
        post.StatusCode.ShouldBe(HttpStatusCode.Redirect, await post.Content.ReadAsStringAsync());
        return await SettledAsync(fx, id);
    }

    /// <summary>Waits for the worker to finish the job's current step; its status then.</summary>
    public static async Task<string> SettledAsync(PortalFixture fx, long id)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await fx.Database.ScalarAsync<string>($"SELECT status FROM import_jobs WHERE id = {id}");
            if (!ImportStatus.IsRunning(status)) return status;
            if (DateTime.UtcNow > until) throw new TimeoutException($"import {id} still {status}");
            await Task.Delay(100);
        }
    }

    /// <summary>The job's issues as "row|column|message|错误/提示".</summary>
    public static async Task<IReadOnlyList<string>> IssuesAsync(PortalFixture fx, long id) =>
        ImportJobStore.ReadIssues(await fx.Database.ScalarAsync<string>($"SELECT issues::text FROM import_jobs WHERE id = {id}"))
            .Select(i => $"{i.Row}|{i.Column}|{i.Message}|{(i.Warning ? "提示" : "错误")}").ToList();

    /// <summary>Makes the database refuse the rows of <paramref name="table"/> that match <paramref name="when"/> until disposed.</summary>
    public static async Task<IAsyncDisposable> RefuseRowsAsync(PortalFixture fx, string table, string when, string message)
    {
        await fx.Database.ExecuteAsync($"""
            CREATE FUNCTION test_refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{message}'; END $$;
            CREATE TRIGGER test_refuse_row BEFORE INSERT ON {table} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION test_refuse_row();
            """);
        return new Refusal(() => fx.Database.ExecuteAsync($"DROP TRIGGER test_refuse_row ON {table}; DROP FUNCTION test_refuse_row();"));
    }

    private sealed class Refusal(Func<Task> drop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await drop();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
