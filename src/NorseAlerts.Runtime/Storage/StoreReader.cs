using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// A read connection with its prepared statements, for what an optimistic transaction reads outside the writer.
/// In WAL mode it sees the last commit and never blocks the writer. The writer keeps a few in a pool.
/// </summary>
internal sealed class StoreReader : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    public StoreReader(Database database)
    {
        connection = database.Open();
    }

    /// <summary>Whether (source, id) is in the inbox.</summary>
    public bool InInbox(string source, string id)
    {
        var cmd = Command("SELECT 1 FROM inbox WHERE source = $s AND id = $i");
        cmd.Parameters.AddWithValue("$s", source);
        cmd.Parameters.AddWithValue("$i", id);
        return cmd.ExecuteScalar() is not null;
    }

    /// <summary>The key <paramref name="patientKey"/> was merged into, or null.</summary>
    public string? Alias(string patientKey)
    {
        var cmd = Command(PatientDirectory.AliasSql);
        cmd.Parameters.AddWithValue("$k", patientKey);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>The patient's stored document as text, as <see cref="PatientDirectory.StateText"/> reads it.</summary>
    public string? PatientStateText(string patientKey) => PatientDirectory.ReadStateText(Command(PatientDirectory.StateSql), patientKey);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }

    private SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Parameters.Clear();
        return command;
    }
}
