using EnterpriseAid.Domain.Calendar;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace EnterpriseAid.Infrastructure.Calendar;

/// <summary>
/// The working-day calendar and the deadline rules, read through a short-lived in-memory cache rather than on
/// every request: ledger pages work out flags and suggested deadlines for many problems, and both change a few
/// times a year. The administration pages call <see cref="Invalidate"/> after a change, so this node serves the
/// new values at once; other nodes read them when their copy expires (<see cref="Lifetime"/>). See ADR-012.
/// </summary>
/// <remarks>
/// <see cref="CalendarStore.LoadAsync"/> and <see cref="DeadlineRulesStore.LoadAsync"/> remain the uncached reads;
/// this class only decides when to call them. A singleton: it reads through its own pooled context (the two
/// tables carry no record scope).
/// </remarks>
public sealed class CalendarCache(IDbContextFactory<AppDbContext> contexts, IMemoryCache cache)
{
    /// <summary>How long another node may serve values older than an administrator's change.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Per instance, so two portals in one process (tests) never share entries.
    private readonly object _calendarKey = new();
    private readonly object _rulesKey = new();
    private long _generation;

    public Task<WorkingDayCalendar> CalendarAsync(CancellationToken ct = default) =>
        GetAsync(_calendarKey, CalendarStore.LoadAsync, ct);

    public Task<DeadlineRules> RulesAsync(CancellationToken ct = default) =>
        GetAsync(_rulesKey, DeadlineRulesStore.LoadAsync, ct);

    /// <summary>Drops both cached values; call it after committing a change to the calendar or the rules.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        cache.Remove(_calendarKey);
        cache.Remove(_rulesKey);
    }

    private async Task<T> GetAsync<T>(object key, Func<AppDbContext, CancellationToken, Task<T>> load, CancellationToken ct)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached) && cached is not null) return cached;

        var generation = Interlocked.Read(ref _generation);
        T value;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            value = await load(db, ct);
        }
        // A change committed while this read ran may not be in what it read: serve it once, but do not keep it.
        if (Interlocked.Read(ref _generation) == generation) cache.Set(key, value, Lifetime);
        return value;
    }
}
