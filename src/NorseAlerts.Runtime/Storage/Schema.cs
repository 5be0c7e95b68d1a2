using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// Versioned schema migrations. Each step runs once, in order, inside a transaction, and records its
/// version in <c>schema_version</c>; a database from a newer build is refused rather than misread.
/// </summary>
public static class Schema
{
    /// <summary>The migrations, in order; index + 1 is the version.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE inbox (
            source TEXT NOT NULL,
            id TEXT NOT NULL,
            patient_key TEXT NOT NULL,
            received_at TEXT NOT NULL,
            PRIMARY KEY (source, id)
        ) WITHOUT ROWID;
        CREATE TABLE patients (
            patient_key TEXT PRIMARY KEY,
            case_id TEXT NULL,
            pending_json TEXT NULL
        ) WITHOUT ROWID;
        CREATE TABLE aliases (
            old_key TEXT PRIMARY KEY,
            new_key TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE cases (
            case_id TEXT PRIMARY KEY,
            patient_key TEXT NOT NULL,
            status TEXT NOT NULL,
            stage TEXT NOT NULL,
            protocol TEXT NOT NULL,
            onset_at TEXT NULL,
            next_deadline TEXT NULL,
            updated_at TEXT NOT NULL,
            state_json TEXT NOT NULL
        );
        CREATE INDEX cases_status ON cases (status);
        CREATE TABLE alerts (
            alert_id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            state TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            view_json TEXT NOT NULL
        );
        CREATE INDEX alerts_case ON alerts (case_id);
        CREATE INDEX alerts_state ON alerts (state);
        CREATE TABLE timers (
            case_id TEXT NOT NULL,
            key TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            PRIMARY KEY (case_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX timers_due ON timers (due_at);
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,
            case_id TEXT NOT NULL,
            page_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            delivered_at TEXT NULL,
            last_error TEXT NULL
        );
        CREATE INDEX outbox_pending ON outbox (delivered_at, seq);
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            case_id TEXT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX audit_case ON audit (case_id, seq);
        """,

        // 2: the outbox index holds only the pages not yet delivered. Every reader asks for those
        // ("delivered_at IS NULL"); marking a page delivered now drops its entry from a small index instead of
        // moving it to the end of one that grows with every page ever sent.
        """
        DROP INDEX outbox_pending;
        CREATE INDEX outbox_undelivered ON outbox (seq) WHERE delivered_at IS NULL;
        """,
    ];

    /// <summary>The version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Brings the database up to <see cref="CurrentVersion"/>.</summary>
    public static void Migrate(SqliteConnection connection) => Migrate(connection, CurrentVersion);

    /// <summary>
    /// Brings the database up to <paramref name="target"/>, an older version than this build writes only for tests
    /// and tools that need a database as an older build left it.
    /// </summary>
    public static void Migrate(SqliteConnection connection, int target)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, CurrentVersion);
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database schema is version {version}, newer than this build understands ({CurrentVersion}). Run a newer NorseAlerts or restore a backup.");
        }

        for (var v = version; v < target; v++)
        {
            using var tx = connection.BeginTransaction();
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Migrations[v] + $"\nDELETE FROM schema_version; INSERT INTO schema_version VALUES ({v + 1});";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>The version recorded in the database (0 for a new file).</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        return cmd.ExecuteScalar() is long l ? (int)l : 0;
    }
}
