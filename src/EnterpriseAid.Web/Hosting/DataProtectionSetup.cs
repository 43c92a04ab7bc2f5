using EnterpriseAid.Infrastructure.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EnterpriseAid.Web.Hosting;

public static class DataProtectionSetup
{
    /// <summary>
    /// Data Protection (sign-in cookies, antiforgery tokens) with its key ring in PostgreSQL, so any
    /// node can read what another node protected and a restart does not sign everybody out.
    /// </summary>
    /// <remarks>
    /// Data Protection loads the key ring (and creates the first key) in its own hosted service at
    /// start-up, so <c>DatabaseStartup</c> must be registered before anything that adds Data
    /// Protection (this, AddAntiforgery, AddAuthentication): hosted services start in that order,
    /// and the table must exist by then. Should it not, the load is retried on first use.
    /// <para>
    /// No XML encryptor is configured (there is no certificate to use), so Data Protection logs a
    /// warning that keys are stored unencrypted: see <see cref="PostgresXmlRepository"/>.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services)
    {
        // Same name on every node: the default isolates apps by content root path, which may differ per node.
        services.AddDataProtection().SetApplicationName("EnterpriseAid");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>, UsePostgresKeyRing>();
        return services;
    }

    // An options setup rather than PersistKeysTo…(instance): the data source is a DI singleton that
    // reads the connection string late (tests override it), so the repository is made when the
    // options are first needed.
    private sealed class UsePostgresKeyRing(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory)
        : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options) =>
            options.XmlRepository = new PostgresXmlRepository(dataSource, loggerFactory.CreateLogger<PostgresXmlRepository>());
    }
}
