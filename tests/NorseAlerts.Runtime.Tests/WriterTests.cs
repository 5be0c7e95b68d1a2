using NorseAlerts.Hosting;
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
    public async Task A_commit_subscriber_that_throws_does_not_stop_the_writer_nor_the_other_subscribers()
    {
        var notified = 0;
        h.Writer.TimersCommitted += _ => throw new InvalidOperationException("a broken subscriber");
        h.Writer.TimersCommitted += _ => Interlocked.Increment(ref notified);

        var first = await h.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start, patient: "A")], "test");
        var second = await h.Engine.IngestAsync([Event(Pathway.Events.EventTypes.RseOnset, Start, patient: "B")], "test");

        Assert.NotNull(first.Accepted[0].CaseId);
        Assert.NotNull(second.Accepted[0].CaseId);
        // Callers are released at commit, before the subscribers hear of it: wait (bounded) for the second notice.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref notified) == 2, TimeSpan.FromSeconds(10)), $"notified {notified} of 2 commits");
        Assert.True(await h.Writer.RunAsync(_ => true));
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
}
