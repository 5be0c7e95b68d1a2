namespace NorseAlerts.Hosting;

/// <summary>The outcome of checking an API key for a role.</summary>
public enum ApiAccess
{
    /// <summary>The key is known and holds the role.</summary>
    Granted,

    /// <summary>No key, or an unknown key: 401.</summary>
    Unauthenticated,

    /// <summary>A known key without the role: 403.</summary>
    Forbidden,
}
