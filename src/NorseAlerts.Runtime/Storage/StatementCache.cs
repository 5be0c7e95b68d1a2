using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// The writer's prepared statements, one command per SQL text on its one connection. Parsing and preparing
/// a statement costs more than running it; the writer runs the same dozen statements for every event.
/// </summary>
internal sealed class StatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);

    /// <summary>
    /// The command for <paramref name="sql"/>, bound to <paramref name="transaction"/> (none for a reader's own
    /// connection). Its parameters stay from one use to the next (set them with <see cref="Set"/>), so running it
    /// again allocates none.
    /// </summary>
    public SqliteCommand Get(string sql, SqliteTransaction? transaction)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>Sets parameter <paramref name="name"/> of <paramref name="command"/> (null as SQL NULL), adding it the first time.</summary>
    public static void Set(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        commands.Clear();
    }
}
