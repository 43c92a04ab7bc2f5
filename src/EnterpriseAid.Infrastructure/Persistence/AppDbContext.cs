using EnterpriseAid.Domain.Enterprises;
using EnterpriseAid.Domain.Organization;
using EnterpriseAid.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace EnterpriseAid.Infrastructure.Persistence;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options)
    : IdentityDbContext<AppUser, AppRole, long>(options)
{
    public DbSet<Enterprise> Enterprises => Set<Enterprise>();
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    public DbSet<Auditing.AuditEntry> AuditEntries => Set<Auditing.AuditEntry>();
    public DbSet<DataProtection.DataProtectionKeyRow> DataProtectionKeys => Set<DataProtection.DataProtectionKeyRow>();

    private IDataScopeProvider? _scopeProvider;
    private DataScope? _fixedScope;

    /// <summary>
    /// What the current user may see. Every query over scoped records is filtered by it (EF Core
    /// query filters below), so no page can forget it. It is read when each query runs, not when
    /// the context is created: a request's context can be created during authentication, before
    /// the user is known. A context nobody scoped sees nothing.
    /// </summary>
    public DataScope Scope
    {
        get => _fixedScope ?? _scopeProvider?.Current ?? DataScope.Nothing;
        set => _fixedScope = value;
    }

    /// <summary>Called on every lease from the pool, so no scope survives from a previous request.</summary>
    public void UseScopeProvider(IDataScopeProvider? provider)
    {
        _scopeProvider = provider;
        _fixedScope = null;
    }

    // Query filters can read context members only as plain properties, so the scope is kept flat.
    private bool ScopeSeesAll => Scope.SeesAll;
    private string? ScopeRegionPath => Scope.RegionPath;
    private long? ScopeEnterpriseId => Scope.EnterpriseId;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        modelBuilder.Entity<Enterprise>().HasQueryFilter(e =>
            ScopeSeesAll
            || (ScopeRegionPath != null && OrgUnits.Any(o => o.Id == e.TownId && o.Path.StartsWith(ScopeRegionPath)))
            || (ScopeEnterpriseId != null && e.Id == ScopeEnterpriseId));

        SnakeCaseNames.Apply(modelBuilder);
    }
}
