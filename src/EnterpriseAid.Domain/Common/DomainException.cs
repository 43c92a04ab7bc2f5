namespace EnterpriseAid.Domain.Common;

/// <summary>
/// Raised when a change would break a domain rule. The message is shown to the user as is,
/// so it is written in Chinese.
/// </summary>
public sealed class DomainException(string message) : Exception(message);
