namespace EnterpriseAid.Infrastructure.DataProtection;

/// <summary>
/// One XML element of the ASP.NET Core Data Protection key ring (a key or a revocation), shared
/// by every web node so a cookie or form token issued by one node is accepted by the others.
/// Written and read by <see cref="PostgresXmlRepository"/>; mapped in EF Core only so the schema
/// drift test covers the table.
/// </summary>
public sealed class DataProtectionKeyRow
{
    public int Id { get; set; }

    /// <summary>The name Data Protection gives the element, e.g. <c>key-{guid}</c>; unique.</summary>
    public string FriendlyName { get; set; } = "";

    /// <summary>The element as Data Protection wrote it. Not encrypted: see <see cref="PostgresXmlRepository"/>.</summary>
    public string Xml { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
