using System.Globalization;
using Microsoft.Data.Sqlite;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Maintenance;

/// <summary>
/// Online backup and restore of the SQLite store with SQLite's backup API. A backup is a consistent snapshot
/// taken while the host keeps ingesting (WAL: the copy reads one snapshot and never blocks the writer); it is
/// checked with <c>PRAGMA integrity_check</c> before it gets its final name, so a file under that name is whole.
/// </summary>
public static class StoreBackup
{
    /// <summary>Copies the live store at <paramref name="databasePath"/> to a new file <paramref name="backupPath"/>.</summary>
    /// <exception cref="IOException">The backup file exists already, or the store does not.</exception>
    /// <exception cref="InvalidDataException">The copy failed its integrity check.</exception>
    public static StoreContents Create(string databasePath, string backupPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        if (!File.Exists(databasePath))
        {
            throw new IOException($"There is no store at {databasePath}.");
        }

        if (File.Exists(backupPath))
        {
            throw new IOException($"{backupPath} exists already; a backup never overwrites a file.");
        }

        var partial = backupPath + ".partial";
        File.Delete(partial);
        try
        {
            using (var source = Open(databasePath, SqliteOpenMode.ReadOnly))
            using (var target = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(target);
                Exec(target, "PRAGMA journal_mode=DELETE");
            }

            var contents = Check(partial);
            File.Move(partial, backupPath);
            return contents;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Replaces the store at <paramref name="databasePath"/> with the backup (the host must be stopped). The store it
    /// replaces is first copied beside it as <c>norsealerts.db.before-restore-&lt;time&gt;</c> (and its <c>-wal</c>);
    /// what the restored store holds is returned.
    /// </summary>
    /// <exception cref="InvalidDataException">The backup is damaged or from a newer build.</exception>
    public static StoreContents Restore(string backupPath, string databasePath, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(backupPath);
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var contents = Check(backupPath);
        if (contents.SchemaVersion > Schema.CurrentVersion)
        {
            throw new InvalidDataException(
                $"The backup has schema version {contents.SchemaVersion}, newer than this build understands ({Schema.CurrentVersion}).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        try
        {
            // The files it replaces are kept as they are (a damaged store is often why one restores).
            var kept = $"{databasePath}.before-restore-{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
            foreach (var suffix in new[] { "", "-wal" })
            {
                if (File.Exists(databasePath + suffix))
                {
                    File.Copy(databasePath + suffix, kept + suffix);
                }
            }

            // The backup API writes into the store through SQLite, so a WAL left by a killed host is folded in
            // and then overwritten, never replayed on top of the restored pages.
            using (var source = Open(backupPath, SqliteOpenMode.ReadOnly))
            using (var target = Open(databasePath, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(target);
                Exec(target, "PRAGMA journal_mode=WAL");
                return StoreContents.Count(target);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Checks a store or backup file's integrity and counts what it holds.</summary>
    /// <exception cref="InvalidDataException">The file is not a whole NorseAlerts store.</exception>
    public static StoreContents Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"There is no file at {path}.");
        }

        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            if (cmd.ExecuteScalar() as string is not "ok")
            {
                throw new InvalidDataException($"{path} failed its integrity check.");
            }

            return StoreContents.Count(connection);
        }
        catch (SqliteException ex)
        {
            throw new InvalidDataException($"{path} is not a NorseAlerts store ({ex.SqliteErrorCode}).", ex);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Exec(connection, "PRAGMA busy_timeout=30000");
        return connection;
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
