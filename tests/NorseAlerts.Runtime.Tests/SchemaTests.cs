using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Runtime.Tests;

public sealed class SchemaTests
{
    [Fact]
    public async Task A_new_database_is_migrated_to_the_current_version_and_reopening_keeps_it_writable()
    {
        var options = new RuntimeOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "norse-schema-" + Guid.NewGuid().ToString("N")) };
        _ = new Database(options);
        var db = new Database(options);

        using (var connection = db.Open())
        {
            Assert.Equal(Schema.CurrentVersion, Schema.ReadVersion(connection));
        }

        await using var writer = new Writer(db, TimeProvider.System, options, NullLogger<Writer>.Instance);
        await writer.ProbeAsync();
        Assert.NotNull(writer.LastCommitAt);
    }

    [Fact]
    public void A_database_from_a_newer_build_is_refused_with_a_clear_message()
    {
        var options = new RuntimeOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "norse-schema-" + Guid.NewGuid().ToString("N")) };
        var db = new Database(options);
        using (var connection = db.Open())
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"UPDATE schema_version SET version = {Schema.CurrentVersion + 1}";
            cmd.ExecuteNonQuery();
        }

        var ex = Assert.Throws<InvalidOperationException>(() => new Database(options));
        Assert.Contains("newer", ex.Message);
    }

    [Fact]
    public void A_version_1_outbox_keeps_its_unsent_pages_and_finds_them_through_an_index_of_unsent_pages_only()
    {
        var options = new RuntimeOptions { DataDirectory = Path.Combine(Path.GetTempPath(), "norse-schema-" + Guid.NewGuid().ToString("N")) };
        Directory.CreateDirectory(options.DataDirectory);
        using (var old = new SqliteConnection($"Data Source={options.DatabasePath}"))
        {
            old.Open();
            Schema.Migrate(old, 1);
            Exec(old, """
                INSERT INTO outbox (message_id, case_id, page_json, created_at, delivered_at) VALUES
                  ('m1', 'c1', '{}', '2026-12-01T00:00:00Z', '2026-12-01T00:00:01Z'),
                  ('m2', 'c1', '{}', '2026-12-01T00:00:02Z', NULL),
                  ('m3', 'c2', '{}', '2026-12-01T00:00:03Z', NULL)
                """);
        }

        SqliteConnection.ClearAllPools();
        using var connection = new Database(options).Open();

        Assert.Equal(Schema.CurrentVersion, Schema.ReadVersion(connection));
        const string Unsent = "SELECT message_id FROM outbox WHERE delivered_at IS NULL ORDER BY seq";
        Assert.Equal(["m2", "m3"], Query(connection, Unsent));
        Assert.Contains(Query(connection, "EXPLAIN QUERY PLAN " + Unsent, column: 3), step => step.Contains("outbox_undelivered", StringComparison.Ordinal));

        // A page marked delivered leaves the index; the row stays for the audit of what was sent.
        Exec(connection, "UPDATE outbox SET delivered_at = '2026-12-01T00:00:04Z' WHERE message_id = 'm2'");
        Assert.Equal(["m3"], Query(connection, Unsent));
        Assert.Equal(["m1", "m2", "m3"], Query(connection, "SELECT message_id FROM outbox ORDER BY seq"));
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static List<string> Query(SqliteConnection connection, string sql, int column = 0)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(column));
        }

        return rows;
    }
}
