using Microsoft.Data.Sqlite;

namespace NorseAlerts.Runtime.Storage;

/// <summary>
/// What every table owner of a case transaction shares: the writer's prepared statements, its transaction and
/// the time the work is done at. Each owner holds the SQL of its own table(s) and no other.
/// </summary>
internal abstract class Table(StatementCache statements, SqliteTransaction transaction, DateTimeOffset now)
{
    private string? nowText;

    /// <summary>The time the work is done at.</summary>
    protected DateTimeOffset Now { get; } = now;

    /// <summary><see cref="Now"/> as the store writes it (ISO 8601, UTC), formatted once.</summary>
    protected string NowText => nowText ??= Unit.Iso(Now);

    /// <summary>The prepared command for <paramref name="sql"/> in this transaction; set every parameter with <see cref="Set"/>.</summary>
    protected SqliteCommand Command(string sql) => statements.Get(sql, transaction);

    /// <summary>Sets a parameter of a prepared command (null as SQL NULL).</summary>
    protected static void Set(SqliteCommand command, string name, object? value) => StatementCache.Set(command, name, value);
}
