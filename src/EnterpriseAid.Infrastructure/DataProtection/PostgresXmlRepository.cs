using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EnterpriseAid.Infrastructure.DataProtection;

/// <summary>
/// Keeps the Data Protection key ring in the <c>data_protection_keys</c> table, so every web node
/// (and every restart) uses the same keys: sign-in cookies and antiforgery tokens stay valid
/// behind a load balancer without sticky sessions.
/// </summary>
/// <remarks>
/// The key ring is long-lived and shared by every request, so this works on the singleton
/// <see cref="NpgsqlDataSource"/> rather than a scoped, pooled DbContext. Data Protection calls it
/// synchronously and rarely (at start-up, then about once a day when it refreshes the ring).
/// <para>
/// The keys are stored as plain XML: no certificate or KMS is available here to encrypt them at
/// rest. Whoever can read the table can forge cookies, so only the application's own role may
/// have access to it (see V0003__data_protection_keys.sql) and database backups need the same care.
/// </para>
/// </remarks>
public sealed class PostgresXmlRepository(NpgsqlDataSource dataSource, ILogger<PostgresXmlRepository> logger) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = new List<XElement>();
        using var cmd = dataSource.CreateCommand("SELECT friendly_name, xml FROM data_protection_keys ORDER BY id");
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            try
            {
                elements.Add(XElement.Parse(reader.GetString(1)));
            }
            catch (XmlException ex)
            {
                // One damaged row must not take the whole key ring (and every sign-in) down with it;
                // only what that key protected becomes unreadable.
                logger.LogError(ex, "Data Protection key element {FriendlyName} is not valid XML; it is ignored", name);
            }
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        // The name is only a hint in the IXmlRepository contract; the table needs one that is unique.
        var name = string.IsNullOrWhiteSpace(friendlyName) ? $"element-{Guid.NewGuid():N}" : friendlyName;

        using var cmd = dataSource.CreateCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING");
        cmd.Parameters.AddWithValue("name", name);
        cmd.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        // Names are key ids, so a conflict can only be the same element stored twice (a retry): keep the first.
        if (cmd.ExecuteNonQuery() == 0)
            logger.LogInformation("Data Protection key element {FriendlyName} was already stored", name);
    }
}
