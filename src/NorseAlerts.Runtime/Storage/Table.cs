using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// What every table owner of a case transaction shares: the writer's prepared statements, its transaction and
/// the time the work is done at. Each owner holds the SQL of its own table(s) and no other.
/// </summary>
internal abstract class Table(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now)
{
    /// <summary>The time the work is done at.</summary>
    protected DateTimeOffset Now { get; } = now;

    /// <summary>The prepared command for <paramref name="sql"/> in this transaction, with no parameters.</summary>
    protected SqliteCommand Command(string sql) => statements.Get(sql, transaction);
}
