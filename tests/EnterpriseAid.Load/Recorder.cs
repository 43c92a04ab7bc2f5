using System.Collections.Concurrent;

namespace EnterpriseAid.Load;

/// <summary>Every request's kind, time and status; a 5xx, a transport failure or a time-out is an error.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<(string Kind, double Ms, int Status)> _samples = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyCollection<string> Errors => _errors;

    public void Add(string kind, TimeSpan took, int status, string what)
    {
        Interlocked.Increment(ref _count);
        _samples.Enqueue((kind, took.TotalMilliseconds, status));
        if (status is 0 or >= 500) _errors.Enqueue($"{status} {what}");
    }

    /// <summary>A reply the scenario did not expect (e.g. a legal action refused): an error too, with its reason.</summary>
    public void Unexpected(string what) => _errors.Enqueue(what);

    public object Figures(Func<string, bool> inWindow)
    {
        var all = _samples.Where(s => inWindow(s.Kind)).ToList();
        return new
        {
            overall = Stats(all.Select(s => s.Ms).ToList()),
            byKind = all.GroupBy(s => s.Kind).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => Stats(g.Select(s => s.Ms).ToList())),
            statuses = all.GroupBy(s => s.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()),
        };
    }

    public static object Stats(List<double> ms)
    {
        ms.Sort();
        double P(double p) => ms.Count == 0 ? 0 : Math.Round(ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(p * ms.Count) - 1)], 1);
        return new { requests = ms.Count, p50 = P(0.50), p95 = P(0.95), p99 = P(0.99), max = ms.Count == 0 ? 0 : Math.Round(ms[^1], 1) };
    }
}
