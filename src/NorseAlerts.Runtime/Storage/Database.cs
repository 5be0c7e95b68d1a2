using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The SQLite file: WAL journal (readers never block the writer) and <c>synchronous=FULL</c>, so a
/// committed transaction survives a crash of the process or the machine (the writer's bookkeeping-only commits
/// excepted, see <see cref="Writer.RunDeferredAsync{T}"/>). Temporary files are kept in memory
/// (<c>temp_store=MEMORY</c>): the statement journal of a savepoint would otherwise spill to a temporary file
/// after 64 KiB, and be written page by page with a system call each.
/// </summary>
public sealed class Database
{
    private readonly string connectionString;

    /// <summary>Opens (creating if needed) the database under <paramref name="options"/>'s data directory and migrates it.</summary>
    public Database(RuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(Path.GetDirectoryName(options.DatabasePath)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Schema.Migrate(connection);
    }

    /// <summary>A new open connection with the durability settings applied.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
        cmd.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Closes a connection after a failure and drops it from the pool: pooling would hand the same handle back, and one
    /// opened while the file was read-only stays read-only. The next <see cref="Open"/> gets a fresh handle.
    /// </summary>
    internal static void Discard(SqliteConnection connection)
    {
        SqliteConnection.ClearPool(connection);
        connection.Dispose();
    }
}
