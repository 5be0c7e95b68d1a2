namespace NorseAlerts.Host.Security;

/// <summary>The API roles a key can be narrowed to (<c>NorseAlerts:Roles:&lt;name&gt;</c>).</summary>
public static class ApiRoles
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Ack = "ack";

    /// <summary>Every role; a key without a roles entry has all of them.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Ingest, Read, Ack };
}
