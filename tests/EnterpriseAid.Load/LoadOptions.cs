using System.Globalization;

namespace EnterpriseAid.Load;

public sealed record LoadOptions(Uri Url, string Database, int Users, TimeSpan Duration, int MaxRequests,
    TimeSpan ThinkMin, TimeSpan ThinkMax, string Output)
{
    public const string Usage = """
        EnterpriseAid.Load --url http://127.0.0.1:PORT --db "<Npgsql connection string of the portal's database>"
            [--users 200] [--seconds 60] [--max-requests 200000] [--think-ms 1000-3000] [--out artifacts/test-results/load-figures.json]
        Creates the load accounts in the database, signs them in, runs the mix, then compares what the server
        confirmed with what the database holds. Exit code 0 only with no error, no lost and no duplicated write.
        """;

    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var url = Value("--url") ?? throw new ArgumentException("--url is required");
        var db = Value("--db") ?? throw new ArgumentException("--db is required");
        var think = (Value("--think-ms") ?? "1000-3000").Split('-');
        var users = Int("--users", 200);
        if (users < 10) throw new ArgumentException("--users must be at least 10 (officials, dispatchers and handlers)");
        // Only loopback: this tool must never be pointed at somebody else's server.
        var uri = new Uri(url);
        if (!uri.IsLoopback) throw new ArgumentException("--url must be a loopback address");
        return new LoadOptions(uri, db, users, TimeSpan.FromSeconds(Int("--seconds", 60)), Int("--max-requests", 200_000),
            TimeSpan.FromMilliseconds(int.Parse(think[0], CultureInfo.InvariantCulture)),
            TimeSpan.FromMilliseconds(int.Parse(think[^1], CultureInfo.InvariantCulture)),
            Value("--out") ?? Path.Combine("artifacts", "test-results", "load-figures.json"));
    }
}
