using NorseAlerts.Pathway.Events;
using static NorseAlerts.Admin.Tests.Store;

namespace NorseAlerts.Admin.Tests;

public sealed class BackupAndRestoreTests : IAsyncLifetime
{
    private const string Cases = "SELECT case_id, status, stage, state_json FROM cases ORDER BY case_id";
    private const string Timers = "SELECT case_id, key, due_at FROM timers ORDER BY case_id, key";
    private const string UnsentPages = "SELECT message_id, case_id, page_json FROM outbox WHERE delivered_at IS NULL ORDER BY message_id";

    private readonly Store store = new();
    private readonly string backups = Path.Combine(Path.GetTempPath(), "norse-backups-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(backups);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        Directory.Delete(backups, recursive: true);
    }

    private async Task Patients(int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            // Overdue cases (an alert and a page) and cases still inside their window (deadlines only).
            await store.Ingest(Event(EventTypes.RseOnset, Start.AddDays(i % 2 == 0 ? -8 : -2), $"GENH:{i:D6}"));
        }
    }

    [Fact]
    public async Task A_backup_taken_while_events_are_ingested_is_whole_and_each_case_in_it_has_its_deadlines_and_pages()
    {
        await Patients(0, 20);
        var ingest = Patients(1000, 300);
        var file = Path.Combine(backups, "online.db");

        var (exit, output, _) = store.Admin("backup", file);
        await ingest;

        Assert.Equal(0, exit);
        Assert.Contains("active cases", output);
        await using var copy = new Store();
        Assert.Equal(0, copy.Admin("restore", file).Exit);
        var cases = copy.Rows("SELECT case_id FROM cases").Count;
        Assert.InRange(cases, 20, 320);
        // A torn copy would hold a case without its timers or an alert without its page.
        Assert.Empty(copy.Rows("SELECT case_id FROM cases c WHERE status = 'active' AND NOT EXISTS (SELECT 1 FROM timers t WHERE t.case_id = c.case_id)"));
        Assert.Empty(copy.Rows("SELECT alert_id FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = a.case_id)"));
        Assert.Equal(cases, copy.Rows("SELECT DISTINCT patient_key FROM inbox").Count);
    }

    [Fact]
    public async Task A_restore_gives_back_every_case_deadline_and_unsent_page()
    {
        await Patients(0, 40);
        var file = Path.Combine(backups, "quiet.db");
        Assert.Equal(0, store.Admin("backup", file).Exit);
        await using var target = new Store();
        await target.Ingest(Event(EventTypes.RseOnset, Start.AddDays(-1), "OTHER:1"));

        var (exit, output, _) = target.Admin("restore", file);

        Assert.Equal(0, exit);
        Assert.Contains("40 active cases", output);
        Assert.Contains("20 unsent pages", output);
        Assert.Equal(store.Rows(Cases), target.Rows(Cases));
        Assert.Equal(store.Rows(Timers), target.Rows(Timers));
        Assert.Equal(store.Rows(UnsentPages), target.Rows(UnsentPages));
        Assert.Single(Directory.GetFiles(target.DataDirectory, "norsealerts.db.before-restore-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restored_store_fires_the_deadlines_that_fell_due_meanwhile()
    {
        await Patients(1, 1);
        var file = Path.Combine(backups, "window.db");
        Assert.Equal(0, store.Admin("backup", file).Exit);
        await using var target = new Store();
        Assert.Equal(0, target.Admin("restore", file).Exit);

        await target.Runtime.DisposeAsync();
        var reopened = new Runtime.EmbeddedRuntime(
            new Runtime.RuntimeOptions { DataDirectory = target.DataDirectory }, store.Runtime.Pathway, publisher: null, target.Time, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await using (reopened)
        {
            target.Time.Advance(TimeSpan.FromDays(6));
            await reopened.Engine.WakeDueAsync(100);

            var alert = Assert.Single(reopened.Queries.ListAlerts(null, "triggered"));
            Assert.Equal("first-line-overdue", alert.Kind.Name);
        }
    }

    [Fact]
    public async Task A_backup_never_overwrites_a_file()
    {
        await Patients(0, 1);
        var file = Path.Combine(backups, "exists.db");
        await File.WriteAllTextAsync(file, "keep me");

        var (exit, _, error) = store.Admin("backup", file);

        Assert.Equal(3, exit);
        Assert.Contains("exists already", error);
        Assert.Equal("keep me", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_damaged_backup_is_refused_and_the_store_is_left_as_it_was()
    {
        await Patients(0, 3);
        var before = store.Rows(Cases);
        var file = Path.Combine(backups, "damaged.db");
        await File.WriteAllBytesAsync(file, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var (exit, _, error) = store.Admin("restore", file);

        Assert.Equal(3, exit);
        Assert.Contains("restore failed", error);
        Assert.Equal(before, store.Rows(Cases));
    }
}
