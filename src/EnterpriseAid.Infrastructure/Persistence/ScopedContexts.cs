using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseAid.Infrastructure.Persistence;

/// <summary>
/// A context of its own, scoped like the request's (the same user's <see cref="DataScope"/>), for work that runs beside
/// other work of the same request: components that render side by side (the ledger's sections) load concurrently, and one
/// context must never serve two queries at once. Dispose what <see cref="Create"/> returns.
/// </summary>
public sealed class ScopedContexts(IDbContextFactory<AppDbContext> factory, IServiceProvider services)
{
    public AppDbContext Create()
    {
        var db = factory.CreateDbContext();
        db.UseScopeProvider(services.GetService<IDataScopeProvider>());
        return db;
    }
}
