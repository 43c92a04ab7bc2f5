namespace EnterpriseAid.Web;

/// <summary>Marker for the portal's UI strings: Resources/SharedResource.resx (Chinese) and .en-US.resx.</summary>
public sealed class SharedResource;
