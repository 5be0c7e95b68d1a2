using Microsoft.Data.Sqlite;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Tests.Support;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

/// <summary>
/// The write-ahead log is copied into the database file on a thread of its own, after commits, instead of inside the
/// commit that fills it; the writer checkpoints itself only at the cap.
/// </summary>
public sealed class WalCheckpointerTests
{
    [Fact]
    public async Task A_commit_reaches_the_database_file_soon_after_even_when_the_log_is_far_from_full()
    {
        await using var h = new RuntimeHarness();
        try
        {
            var opened = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-1), patient: "QUIET")], "test");
            var caseId = opened.Accepted.Single().CaseId!;

            // A dozen pages in the log, far below SQLite's own threshold of 1,000: without the checkpoint thread they
            // would stay in the log while the writer's connection is open.
            await Eventually(() => CasesInDatabaseFileAlone(h).Contains(caseId), "the case in the database file without its log");
        }
        finally
        {
            h.DeleteData();
        }
    }

    [Fact]
    public async Task While_the_checkpoint_thread_waits_the_writer_keeps_the_log_within_the_cap()
    {
        // The thread checkpoints once, after the first commit, then pauses for an hour: from then on only the writer's
        // own checkpoint at the cap keeps the log from growing. The same writes without a cap that matters show how far
        // it would grow.
        var capped = await LogPagesAfter300Onsets(cap: 50);
        var uncapped = await LogPagesAfter300Onsets(cap: 1_000_000);

        Assert.True(capped < 200, $"the log grew to {capped} pages past a cap of 50");
        Assert.True(uncapped > 1_000, $"without the cap the log held only {uncapped} pages: the test does not write enough to show the cap");
    }

    private static async Task<long> LogPagesAfter300Onsets(int cap)
    {
        var h = new RuntimeHarness(configure: o =>
        {
            o.WalCheckpointPause = TimeSpan.FromHours(1);
            o.WalCheckpointCap = cap;
        });
        try
        {
            for (var i = 0; i < 300; i++)
            {
                await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-1), patient: $"CAP-{i}")], "test");
            }

            Assert.Equal(300, h.Queries.ListCases("active").Count);
            return new FileInfo(h.Options.DatabasePath + "-wal").Length / PageSize(h);
        }
        finally
        {
            await h.DisposeAsync();
            h.DeleteData();
        }
    }

    [RootFact]
    public async Task A_database_file_that_cannot_be_written_stops_the_copy_not_the_commits_and_the_copy_resumes_once_it_can()
    {
        await using var h = new RuntimeHarness();
        try
        {
            await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-2), patient: "BEFORE")], "test");
            await Eventually(() => CasesInDatabaseFileAlone(h).Count == 1, "the first case in the database file");

            string caseId;
            Tmpfs.MakeFileReadOnly(h.Options.DatabasePath);
            try
            {
                // The commit goes into the log, which stays writable; the copy into the database file fails.
                var during = await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddHours(-1), patient: "DURING")], "test");
                caseId = during.Accepted.Single().CaseId!;
                await Eventually(() => h.Writer.Checkpointer.LastFailure is not null, "the checkpoint failure");
                Assert.Null(h.Writer.CurrentFailure);
                Assert.Equal(2, h.Queries.ListCases("active").Count);
            }
            finally
            {
                Tmpfs.MakeFileWritable(h.Options.DatabasePath);
            }

            await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start, patient: "AFTER")], "test");

            await Eventually(() => h.Writer.Checkpointer.LastFailure is null && CasesInDatabaseFileAlone(h).Contains(caseId), "the case committed during the failure in the database file");
            Assert.Equal(3, CasesInDatabaseFileAlone(h).Count);
        }
        finally
        {
            h.DeleteData();
        }
    }

    // The cases a copy of the database file holds without its log: what has been checkpointed. A copy taken while a
    // checkpoint writes the file can be torn (SQLite then reports it malformed): such a copy is taken again.
    private static List<string> CasesInDatabaseFileAlone(RuntimeHarness h)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return CasesInCopyOfDatabaseFile(h);
            }
            catch (SqliteException) when (attempt < 10)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static List<string> CasesInCopyOfDatabaseFile(RuntimeHarness h)
    {
        var copy = Path.Combine(Path.GetTempPath(), "norse-dbfile-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            File.Copy(h.Options.DatabasePath, copy);
            using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE name = 'cases'";
            if (cmd.ExecuteScalar() is null)
            {
                return [];
            }

            cmd.CommandText = "SELECT case_id FROM cases";
            using var reader = cmd.ExecuteReader();
            var cases = new List<string>();
            while (reader.Read())
            {
                cases.Add(reader.GetString(0));
            }

            return cases;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static long PageSize(RuntimeHarness h)
    {
        using var connection = h.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA page_size";
        return (long)cmd.ExecuteScalar()!;
    }
}
