using NorseAlerts.Hosting;
using NorseAlerts.Runtime.Scheduling;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

public sealed class WriterTests : IAsyncLifetime
{
    private readonly RuntimeHarness h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await h.DisposeAsync();
        h.DeleteData();
    }

    [Fact]
    public async Task A_failing_work_item_rolls_back_alone_while_its_batch_neighbours_commit()
    {
        var good1 = h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p"));
        var bad = h.Writer.RunAsync<bool>(u =>
        {
            u.TryRecordInbox("s", "2", "p");
            throw new InvalidOperationException("boom");
        });
        var good2 = h.Writer.RunAsync(u => u.TryRecordInbox("s", "3", "p"));

        Assert.True(await good1);
        Assert.True(await good2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.False(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p")));
        Assert.True(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "2", "p")));
    }

    [Fact]
    public async Task Every_commit_reports_how_long_it_took_so_a_slow_disk_shows_in_the_metrics()
    {
        var durations = new System.Collections.Concurrent.ConcurrentQueue<(double Milliseconds, bool Synced)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "norsealerts.store.commit" && instrument.Unit == "ms")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: RuntimeTelemetry.SyncedTag, Value: bool synced })
                {
                    durations.Enqueue((value, synced));
                }
            }
        });
        listener.Start();

        for (var i = 0; i < 3; i++)
        {
            await h.Writer.RunAsync(u => u.TryRecordInbox("s", "commit-" + i, "p"));
        }

        // Bookkeeping alone commits without a sync, and says so.
        await h.Writer.RunDeferredAsync(u => u.TryRecordInbox("s", "bookkeeping", "p"));

        // Other tests of the process may commit meanwhile: at least this test's three commits are there, synced.
        Assert.True(durations.Count(d => d.Synced) >= 3, $"{durations.Count} commit durations recorded");
        Assert.Contains(durations, d => !d.Synced);
        Assert.All(durations, d => Assert.True(d.Milliseconds >= 0 && double.IsFinite(d.Milliseconds), $"commit took {d.Milliseconds} ms"));
    }

    [Fact]
    public async Task Many_parallel_ingests_for_one_patient_and_for_many_patients_lose_nothing_and_double_nothing()
    {
        var tasks = new List<Task<IngestReceipt>>();
        for (var i = 0; i < 200; i++)
        {
            var patient = i % 2 == 0 ? "SAME" : "P" + i;
            var e = Event(Pathway.Events.EventTypes.RseOnset, Start.AddHours(-i), patient: patient, id: "e" + (i % 150));
            tasks.Add(Task.Run(() => h.Engine.IngestAsync([e], "test")));
        }

        var receipts = await Task.WhenAll(tasks);

        Assert.Equal(150, receipts.Sum(r => r.Accepted.Count));
        Assert.Equal(50, receipts.Sum(r => r.Duplicates.Count));
        var cases = h.Queries.ListCases("active");
        Assert.Equal(cases.Select(c => c.Patient).Distinct().Count(), cases.Count);
    }

    [Fact]
    public async Task A_commit_listener_that_never_takes_its_changes_does_not_stop_the_writer_nor_the_other_listeners()
    {
        // One listener stopped listening (its wait was cancelled and it never takes what is announced); the other
        // takes each commit's changes. No listener code runs on the writer, so neither can hold it up.
        var stuck = new WakeSignal(WakeOn.Timers | WakeOn.Pages);
        var listening = new WakeSignal(WakeOn.Timers);
        h.Writer.WakeOnCommit(stuck);
        h.Writer.WakeOnCommit(listening);
        using (var gone = new CancellationTokenSource())
        {
            var abandoned = stuck.WaitAsync(null, gone.Token);
            await gone.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        }

        var first = await h.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start, patient: "A")], "test");
        var firstTimer = listening.Take().EarliestTimer;
        var second = await h.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start.AddHours(-1), patient: "B")], "test");
        var secondTimer = listening.Take().EarliestTimer;

        Assert.NotNull(first.Accepted[0].CaseId);
        Assert.NotNull(second.Accepted[0].CaseId);
        // Callers are released after the changes are announced, so each commit's timer is already in the signal.
        Assert.NotNull(firstTimer);
        Assert.NotNull(secondTimer);
        Assert.True(secondTimer < firstTimer, "the second case's earlier timer was announced with its own commit");
        Assert.True(await h.Writer.RunAsync(_ => true));
    }

    [Fact]
    public async Task A_commit_that_adds_pages_announces_them_in_commit_order_with_the_pages_themselves()
    {
        var signal = new WakeSignal(WakeOn.Pages);
        h.Writer.WakeOnCommit(signal);
        var wake = signal.WaitAsync(null, CancellationToken.None);

        // An onset whose first-line window closed long ago pages at once.
        await h.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start.AddDays(-30), patient: "A")], "test");
        await h.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start.AddDays(-30), patient: "B")], "test");

        await wake.WaitAsync(TimeSpan.FromSeconds(10));
        var pages = signal.Take().Pages;
        Assert.True(pages.Count >= 2, $"{pages.Count} pages announced");
        Assert.All(pages, p => Assert.NotNull(p.Page));
        Assert.Equal(pages.OrderBy(p => p.Seq).Select(p => p.Seq), pages.Select(p => p.Seq));
        Assert.Null(signal.Take().EarliestTimer);
    }

    [Fact]
    public async Task The_readiness_probe_is_a_real_write_that_changes_nothing()
    {
        var before = h.Writer.LastCommitAt;

        await h.Writer.ProbeAsync();

        Assert.NotNull(h.Writer.LastCommitAt);
        Assert.NotEqual(before, h.Writer.LastCommitAt);
        Assert.Empty(h.Queries.ListCases(null));
    }

    [Fact]
    public async Task When_one_item_of_a_batch_fails_the_batch_runs_again_without_it_and_leaves_nothing_of_it()
    {
        // Hold the writer so that the three items below queue up and are taken as one batch.
        var (good1, bad, good2) = await BusyWriter.WhileBusy(h.Writer, () =>
        {
            var first = h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p"));
            var failing = h.Writer.RunAsync<bool>(u =>
            {
                u.TryRecordInbox("s", "2", "p");
                throw new InvalidOperationException("boom");
            });
            var last = h.Writer.RunAsync(u => u.TryRecordInbox("s", "3", "p"));
            return (first, failing, last);
        });

        // Each neighbour saw its event as new: the run that the failure rolled back left nothing behind.
        Assert.True(await good1);
        Assert.True(await good2);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.False(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p")));
        Assert.False(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "3", "p")));
        Assert.True(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "2", "p")));
    }

    [Fact]
    public async Task A_lone_item_that_fails_leaves_nothing_and_the_next_item_commits()
    {
        var bad = h.Writer.RunAsync<bool>(u =>
        {
            u.TryRecordInbox("s", "1", "p");
            throw new InvalidOperationException("boom");
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.True(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p")));
        Assert.False(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p")));
    }

    [Fact]
    public async Task Bookkeeping_alone_commits_without_a_sync_of_its_own_and_every_other_commit_still_syncs()
    {
        // Alone: committed (seen by the next item) without its own sync.
        Assert.False(await h.Writer.RunDeferredAsync(u => u.CommitSyncs));
        Assert.True(await h.Writer.RunDeferredAsync(u => u.TryRecordInbox("s", "1", "p")));
        Assert.False(await h.Writer.RunAsync(u => u.TryRecordInbox("s", "1", "p")));

        // The next ordinary commit syncs again, which also makes the bookkeeping before it durable.
        Assert.True(await h.Writer.RunAsync(u => u.CommitSyncs));

        // In one batch with an ordinary item, bookkeeping syncs with it.
        var (book, ordinary) = await BusyWriter.WhileBusy(h.Writer, () => (h.Writer.RunDeferredAsync(u => u.CommitSyncs), h.Writer.RunAsync(u => u.CommitSyncs)));
        Assert.True(await book);
        Assert.True(await ordinary);
    }

    [Fact]
    public async Task A_failing_bookkeeping_item_leaves_the_next_commit_synced()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Writer.RunDeferredAsync<bool>(_ => throw new InvalidOperationException("boom")));

        Assert.True(await h.Writer.RunAsync(u => u.CommitSyncs));
    }

    [Fact]
    public async Task Bookkeeping_waits_a_moment_for_an_ingest_to_carry_it_in_the_ingests_own_synced_commit()
    {
        var lingering = new RuntimeHarness(configure: o => o.BookkeepingLinger = TimeSpan.FromSeconds(30));
        try
        {
            var book = lingering.Writer.RunDeferredAsync(u => u.CommitSyncs);
            await lingering.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start.AddHours(-1), patient: "A")], "test");

            // Carried by the ingest's commit (synced), long before the 30 s it would otherwise wait.
            Assert.True(await book.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await lingering.DisposeAsync();
            lingering.DeleteData();
        }
    }
}
