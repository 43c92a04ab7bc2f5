using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.Extensions.Caching.Memory;

namespace EnterpriseAid.Web.Features.Problems;

/// <summary>
/// The problem filters' departments and regions per scope, kept for a minute: they come from the org tree, which
/// changes a few times a year, and every view of 问题台账 needs them. An org unit saved or deleted on this node drops
/// them at once (<see cref="Invalidate"/>); another node serves the old choices for at most <see cref="Lifetime"/>, as
/// with the calendar (CalendarCache). A choice that no longer exists is refused by the filter's validation, never
/// shown as data.
/// </summary>
public sealed class ProblemFilterOptionsCache(IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Per instance, so two portals in one process (tests) never share entries.
    private readonly object _owner = new();
    private long _generation;

    public async Task<ProblemFilterOptions> GetAsync(DataScope scope, Func<CancellationToken, Task<ProblemFilterOptions>> load,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(load);
        // The generation is part of the key: a read that started before an invalidation is stored where no one looks.
        var key = (_owner, scope, Interlocked.Read(ref _generation));
        if (cache.TryGetValue(key, out ProblemFilterOptions? cached) && cached is not null) return cached;
        var value = await load(ct);
        cache.Set(key, value, Lifetime);
        return value;
    }

    /// <summary>Call after committing a change to the org tree.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);
}
