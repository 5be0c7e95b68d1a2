using System.Security.Cryptography;
using System.Text;

namespace NorseAlerts.Hosting;

/// <summary>
/// The configured API keys (<c>NorseAlerts:ApiKeys:&lt;name&gt;</c>) and their roles
/// (<c>NorseAlerts:Roles:&lt;name&gt;</c>, comma-separated; absent = every role).
/// </summary>
public sealed class ApiKeyRing
{
    private readonly List<(string Name, byte[] Key, HashSet<string> Roles)> keys = [];

    /// <summary>Builds the ring; throws naming the key when a value is empty or a role is unknown.</summary>
    /// <param name="keys">Key name to key value.</param>
    /// <param name="roles">Key name to comma-separated roles, for keys whose roles are narrowed.</param>
    public ApiKeyRing(IReadOnlyDictionary<string, string?> keys, IReadOnlyDictionary<string, string?> roles)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var (name, value) in keys)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"API key '{name}' has an empty value");
            }

            var granted = roles.TryGetValue(name, out var list) && !string.IsNullOrWhiteSpace(list)
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
                : ApiRoles.All.ToHashSet(StringComparer.Ordinal);
            var unknown = granted.Where(r => !ApiRoles.All.Contains(r)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"API key '{name}' names unknown roles: {string.Join(", ", unknown)} (known: {string.Join(", ", ApiRoles.All)})");
            }

            this.keys.Add((name, Encoding.UTF8.GetBytes(value), granted));
        }
    }

    /// <summary>Whether any key is configured.</summary>
    public bool IsEmpty => keys.Count == 0;

    /// <summary>Checks <paramref name="presented"/> (the <c>X-Api-Key</c> header) for <paramref name="role"/>.</summary>
    public ApiAccess Check(string? presented, string role) => Find(presented) switch
    {
        null => ApiAccess.Unauthenticated,
        var (_, roles) when roles.Contains(role) => ApiAccess.Granted,
        _ => ApiAccess.Forbidden,
    };

    /// <summary>The name of the key <paramref name="presented"/>, or null (for audit: "acknowledged by api-key:name").</summary>
    public string? NameOf(string? presented) => Find(presented)?.Name;

    private (string Name, HashSet<string> Roles)? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var bytes = Encoding.UTF8.GetBytes(presented);

        // Compare against every key in fixed time so timing does not reveal a key's prefix.
        (string, HashSet<string>)? match = null;
        foreach (var (name, key, roles) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, bytes))
            {
                match = (name, roles);
            }
        }

        return match;
    }
}
