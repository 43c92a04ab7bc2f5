using EnterpriseAid.Infrastructure.Auditing;
using EnterpriseAid.Infrastructure.Migrations;
using EnterpriseAid.Infrastructure.Persistence;
using EnterpriseAid.Infrastructure.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EnterpriseAid.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "Default";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        // Resolved from configuration when first needed, so hosts and tests can override it late.
        services.AddSingleton(sp => CreateDataSource(sp.GetRequiredService<IConfiguration>()));
        services.AddPooledDbContextFactory<AppDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .AddInterceptors(sp.GetRequiredService<AuditingInterceptor>()));
        // Each request's context comes from the pool already scoped to the signed-in user.
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext();
            db.UseScopeProvider(sp.GetService<IDataScopeProvider>());
            return db;
        });
        services.AddScoped<ScopedContexts>();
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<Calendar.CalendarCache>();
        services.AddAuditing();
        services.AddSingleton<SqlMigrationRunner>();
        services.AddScoped<DemoDistrictSeeder>();
        services.AddScoped<DemoAccountsSeeder>();
        services.AddScoped<DemoAssignmentsSeeder>();
        services.AddScoped<DemoPoliciesSeeder>();
        services.AddScoped<DemoAssistanceSeeder>();
        services.AddScoped<DemoOperatingSeeder>();
        services.AddScoped<DemoProjectsSeeder>();
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                "ConnectionStrings:Default is not set. Start the private database with scripts/db.sh start (./run.sh does it) or set ConnectionStrings__Default.");

        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        // A request should fail fast and show the 503 page rather than hang while the database is away.
        if (!ContainsKey(connectionString, "Timeout")) csb.Timeout = 5;
        if (!ContainsKey(connectionString, "Command Timeout")) csb.CommandTimeout = 30;
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "enterpriseaid";
        // Statements run at least twice on a physical connection are prepared there and kept (they survive the pool's
        // reset): every page runs the same few statements, and parsing and planning them again each time was a large
        // part of the database's work per request (docs/performance.md, HTTP). A node must be restarted after a migration
        // that another node applied, as after any deployment.
        if (!ContainsKey(connectionString, "Max Auto Prepare")) csb.MaxAutoPrepare = 100;
        // A prepared statement is still planned for its parameters each time: after five runs PostgreSQL may otherwise keep
        // one generic plan, and a generic plan for "region path starts with @p" or "name contains @q" is the plan for any
        // region and any word — a district's search took 350 ms that way instead of 1 ms.
        if (csb.MaxAutoPrepare > 0 && !(csb.Options ?? "").Contains("plan_cache_mode", StringComparison.Ordinal))
            csb.Options = ((csb.Options ?? "") + " -c plan_cache_mode=force_custom_plan").Trim();
        // A connection goes back to the pool as it is: the reset (RESET ALL, unlocking advisory locks, dropping temporary
        // tables, …) ran as a statement of its own before the next use, on every statement a page ran. Nothing here leaves
        // session state behind: settings are SET LOCAL or connection options, temporary tables ON COMMIT DROP, and every
        // session advisory lock is released explicitly (a broken connection is not returned to the pool).
        if (!ContainsKey(connectionString, "No Reset On Close")) csb.NoResetOnClose = true;
        return new NpgsqlDataSourceBuilder(csb.ConnectionString).Build();
    }

    private static bool ContainsKey(string connectionString, string key) =>
        connectionString.Contains(key + "=", StringComparison.OrdinalIgnoreCase);
}
