namespace NorseAlerts.Hosting;

/// <summary>The API roles a key can hold (<c>NorseAlerts:Roles:&lt;name&gt;</c>).</summary>
public static class ApiRoles
{
    /// <summary>Post clinical events.</summary>
    public const string Ingest = "ingest";

    /// <summary>Read cases and alerts.</summary>
    public const string Read = "read";

    /// <summary>Acknowledge alerts.</summary>
    public const string Ack = "ack";

    /// <summary>Every role, which a key holds unless its roles are narrowed.</summary>
    public static IReadOnlyList<string> All { get; } = [Ingest, Read, Ack];
}
