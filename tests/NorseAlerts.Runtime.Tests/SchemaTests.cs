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
}
