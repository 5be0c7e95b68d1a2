using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Maintenance;

/// <summary>What a store holds that an operator checks after a backup or a restore.</summary>
/// <param name="SchemaVersion">The schema version recorded in the file.</param>
/// <param name="ActiveCases">Cases still on the pathway.</param>
/// <param name="ClosedCases">Closed cases kept.</param>
/// <param name="PendingTimers">Deadlines and escalations still to fire.</param>
/// <param name="UnsentPages">Pages in the outbox not yet delivered.</param>
public sealed record StoreContents(int SchemaVersion, int ActiveCases, int ClosedCases, int PendingTimers, int UnsentPages)
{
    /// <summary>Counts what the store behind <paramref name="connection"/> holds.</summary>
    public static StoreContents Count(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT MAX(version) FROM schema_version),
                   (SELECT count(*) FROM cases WHERE status = 'active'),
                   (SELECT count(*) FROM cases WHERE status = 'closed'),
                   (SELECT count(*) FROM timers),
                   (SELECT count(*) FROM outbox WHERE delivered_at IS NULL)
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return new StoreContents(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4));
    }

    /// <summary>One line for an operator.</summary>
    public override string ToString() =>
        $"schema {SchemaVersion}: {ActiveCases} active cases, {ClosedCases} closed cases, {PendingTimers} pending timers, {UnsentPages} unsent pages";
}
