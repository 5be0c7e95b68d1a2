using Microsoft.Data.Sqlite;

namespace NorseAlerts.Reliability;

/// <summary>
/// A short digest of everything a request could write (inbox, patients, cases, alerts, timers, outbox, audit), read
/// from the SQLite file beside a running host: two equal fingerprints mean a refused input changed nothing.
/// </summary>
public static class StoreFingerprint
{
    private const string Query = """
        SELECT (SELECT count(*) FROM inbox) || '/' || (SELECT count(*) FROM patients) || '/'
            || (SELECT total(length(coalesce(pending_json, ''))) FROM patients) || '/' || (SELECT count(*) FROM cases) || '/'
            || (SELECT total(length(state_json)) FROM cases) || '/' || (SELECT count(*) FROM alerts) || '/'
            || (SELECT count(*) FROM timers) || '/' || (SELECT count(*) FROM outbox) || '/' || (SELECT count(*) FROM audit)
        """;

    /// <summary>The fingerprint of the store at <paramref name="databasePath"/>.</summary>
    public static string Read(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = Query;
        return (string)cmd.ExecuteScalar()!;
    }
}
