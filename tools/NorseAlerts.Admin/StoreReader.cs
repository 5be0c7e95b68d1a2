using Microsoft.Data.Sqlite;

namespace NorseAlerts.Admin;

/// <summary>A read-only connection to the store, so replay and verify can run beside a live host and change nothing.</summary>
public static class StoreReader
{
    /// <summary>Opens the store at <paramref name="databasePath"/> read-only.</summary>
    /// <exception cref="FileNotFoundException">There is no store there.</exception>
    public static SqliteConnection Open(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no store at {databasePath}; set --data or NorseAlerts:DataDirectory.", databasePath);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }
}
