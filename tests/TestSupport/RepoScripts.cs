using System.Diagnostics;

namespace EnterpriseAid.TestSupport;

/// <summary>Runs the checkout's shell scripts (scripts/backup, scripts/db.sh, ...) the way an operator would.</summary>
public static class RepoScripts
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result ShouldSucceed(string what) => ExitCode == 0 ? this
            : throw new InvalidOperationException($"{what} exited {ExitCode}: {Error}{Output}");
    }

    /// <summary>The checkout: the first folder above the test binaries that holds test.sh.</summary>
    public static string Root { get; } = FindRoot();

    public static async Task<Result> RunAsync(string script, IEnumerable<string> args,
        IDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Path.Combine(Root, script))
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The test's own settings only: a developer's ConnectionStrings__Default must not leak in.
        start.Environment.Remove("ConnectionStrings__Default");
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in time");
        }
        return new Result(process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    /// <summary>Writes figures a test measured to artifacts/test-results/<paramref name="name"/> (for docs/reliability.md); returns the JSON.</summary>
    public static async Task<string> WriteFiguresAsync(string name, object figures)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(figures, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        var folder = Path.Combine(Root, "artifacts", "test-results");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, name), json);
        return json;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "test.sh"))) return dir.FullName;
        }
        throw new InvalidOperationException("test.sh not found above " + AppContext.BaseDirectory);
    }
}
