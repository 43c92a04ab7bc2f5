using System.Collections.Concurrent;
using EnterpriseAid.Infrastructure;
using EnterpriseAid.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.IntegrationTests.Infrastructure.Persistence;

/// <summary>
/// AppDbContext comes from a pool (AddPooledDbContextFactory), while its query filters read the current user's
/// DataScope when each query runs (ADR-007). A pooled instance serves many users in turn: these tests prove that no
/// user's scope survives into the next lease, also under concurrent requests that reuse the same instances.
/// </summary>
public sealed class PooledContextScopeTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    /// <summary>The request's scope, as UserDataScopeProvider would give it; set per DI scope by the test.</summary>
    private sealed class TestScopeProvider : IDataScopeProvider
    {
        public DataScope Current { get; set; } = DataScope.Nothing;
    }

    private ServiceProvider Host()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = portal.Database.ConnectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddInfrastructure();
        services.AddScoped<TestScopeProvider>();
        services.AddScoped<IDataScopeProvider>(sp => sp.GetRequiredService<TestScopeProvider>());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_context_returns_to_the_pool_scoped_to_nothing_and_the_next_lease_sees_only_its_own_scope()
    {
        await using var host = Host();
        var factory = host.GetRequiredService<IDbContextFactory<AppDbContext>>();

        AppDbContext first;
        await using (var db = await factory.CreateDbContextAsync())
        {
            first = db;
            db.Scope = DataScope.Everything;
            (await db.Enterprises.CountAsync()).ShouldBeGreaterThan(0);
        }

        await using var again = await factory.CreateDbContextAsync();
        again.ShouldBeSameAs(first, "the pool hands the same instance out again");
        again.Scope.ShouldBe(DataScope.Nothing);
        (await again.Enterprises.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Concurrent_requests_of_different_users_on_pooled_contexts_each_see_exactly_their_own_scope()
    {
        await using var host = Host();
        var factory = host.GetRequiredService<IDbContextFactory<AppDbContext>>();

        // The demo district's towns, one enterprise, everything and nothing: each with the count it must see.
        var scopes = new List<DataScope> { DataScope.Everything, DataScope.Nothing };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Scope = DataScope.Everything;
            var towns = await db.Enterprises.Select(e => EF.Property<string>(e, "RegionPath")).Distinct().Take(4).ToListAsync();
            scopes.AddRange(towns.Select(DataScope.Region));
            scopes.Add(DataScope.OfEnterprise(await db.Enterprises.MinAsync(e => e.Id)));
        }
        var expected = new Dictionary<DataScope, int>();
        foreach (var scope in scopes)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.Scope = scope;
            expected[scope] = await db.Enterprises.CountAsync();
        }
        expected.Values.Distinct().Count().ShouldBeGreaterThan(3, "the scopes must see different sets for the test to mean anything");

        // 200 "requests" in parallel, each a DI scope with its own user, resolving the request's context the way the
        // portal does; one of them sets a fixed everything-scope, as administrators' counts and jobs do.
        var instances = new ConcurrentDictionary<AppDbContext, byte>(ReferenceEqualityComparer.Instance);
        var wrong = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await using var request = host.CreateAsyncScope();
            var scope = scopes[i % scopes.Count];
            request.ServiceProvider.GetRequiredService<TestScopeProvider>().Current = scope;
            var db = request.ServiceProvider.GetRequiredService<AppDbContext>();
            instances.TryAdd(db, 0);
            var seen = await db.Enterprises.CountAsync(ct);
            if (seen != expected[scope]) wrong.Add($"request {i} with {scope} saw {seen}, expected {expected[scope]}");
            if (i % 7 == 0)
            {
                db.Scope = DataScope.Everything;
                await db.Enterprises.CountAsync(ct);
            }
        });

        wrong.ShouldBeEmpty();
        instances.Count.ShouldBeLessThan(200, "the requests reused pooled contexts");
    }
}
