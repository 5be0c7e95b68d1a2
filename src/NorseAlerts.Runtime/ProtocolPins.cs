using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime;

/// <summary>
/// Which cases pin a protocol version. Read at start only, and only for a version the deployment ran that is no
/// longer loaded (normally none), so it scans the case documents rather than keep an index for it.
/// </summary>
public sealed class ProtocolPins
{
    private readonly Database database;

    /// <summary>The pins of the cases in <paramref name="database"/>.</summary>
    public ProtocolPins(Database database) => this.database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>
    /// The number of active cases pinned to protocol <paramref name="name"/> version <paramref name="version"/>
    /// (<c>CaseState.ProtocolVersion</c>, <c>protocolVersion</c> in the stored document). A count only: no patient.
    /// </summary>
    public long ActiveCasesPinnedTo(string name, string version)
    {
        using var connection = database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT COUNT(*) FROM cases
            WHERE status = 'active' AND protocol = $n AND json_extract(state_json, '$.protocolVersion') = $v
            """;
        cmd.Parameters.AddWithValue("$n", name);
        cmd.Parameters.AddWithValue("$v", version);
        return (long)cmd.ExecuteScalar()!;
    }
}
