using Moq;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests;

public sealed class OutboxDispatcherTests
{
    [Fact]
    public void An_outbox_retry_with_no_first_delay_is_refused_with_an_error_that_names_the_option()
    {
        var options = new RuntimeOptions { DataDirectory = Path.GetTempPath(), OutboxBackoff = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.OutboxRetry);

        Assert.Equal(nameof(options.OutboxBackoff), error.ParamName);
        Assert.Contains("RuntimeOptions.OutboxBackoff must be a positive delay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_outage_delays_pages_and_loses_none_and_each_case_keeps_its_order()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromMinutes(15));
        h.Recorded.Down = true;
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8), patient: "A"), Event(EventTypes.RseOnset, Start.AddDays(-8), patient: "B")], "test");
        await h.AdvanceAsync(TimeSpan.FromMinutes(40), TimeSpan.FromSeconds(30));
        Assert.True(h.Recorded.Failures > 0);
        Assert.Empty(h.Recorded.Pages);
        Assert.Equal(6, h.Queries.UndeliveredPages());

        h.Recorded.Down = false;
        await h.AdvanceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        await Eventually(() => h.Recorded.Pages.Count == 6, "all pages after the outage");

        Assert.Equal(6, h.Recorded.Pages.Select(p => p.MessageId).Distinct().Count());
        foreach (var perCase in h.Recorded.Pages.GroupBy(p => p.Alert.CaseId))
        {
            Assert.Equal([1, 2, 3], perCase.Select(p => p.Alert.Level));
        }

        Assert.Equal(0, h.Queries.UndeliveredPages());
        h.DeleteData();
    }

    [Fact]
    public async Task A_commit_with_more_pages_than_a_store_batch_hands_them_all_over_each_once_in_commit_order()
    {
        await using var h = new RuntimeHarness(configure: o => o.OutboxBatch = 3);
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8), patient: "FIRST")], "test");
        await Eventually(() => h.Queries.UndeliveredPages() == 0 && h.Recorded.Pages.Count == 1, "the first page, leaving the store clear");

        // One commit, eight overdue onsets: eight pages handed over at once, more than the three a store read takes.
        var receipt = await h.Engine.IngestAsync([.. Enumerable.Range(0, 8).Select(i => Event(EventTypes.RseOnset, Start.AddDays(-8), patient: $"MANY-{i}"))], "test");
        await Eventually(() => h.Queries.UndeliveredPages() == 0 && h.Recorded.Pages.Count >= 9, "every page of the commit");
        await h.Settle();

        var pages = h.Recorded.Pages.Skip(1).ToList();
        Assert.Equal(8, pages.Count);
        Assert.Equal(8, pages.Select(p => p.MessageId).Distinct().Count());
        Assert.Equal(receipt.Accepted.Select(a => a.CaseId), pages.Select(p => p.Alert.CaseId));
        h.DeleteData();
    }

    [Fact]
    public async Task Pages_committed_while_the_dispatcher_delivers_reach_the_publisher_each_once_and_each_case_in_order()
    {
        await using var h = new RuntimeHarness();
        await h.StartAsync();

        // Overdue onsets page at once: commits land while earlier pages are read from the store, handed over
        // and marked delivered, so a page could be seen both ways.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8), patient: $"P{caller}-{i}")], "test");
            }
        })));
        await Eventually(() => h.Queries.UndeliveredPages() == 0 && h.Recorded.Pages.Count >= 120, "every page delivered");
        await h.Settle();

        Assert.Equal(120, h.Recorded.Pages.Count);
        Assert.Equal(120, h.Recorded.Pages.Select(p => p.MessageId).Distinct().Count());
        Assert.Equal(120, h.Recorded.Pages.Select(p => p.Alert.CaseId).Distinct().Count());
        h.DeleteData();
    }

    [Fact]
    public async Task A_page_committed_after_a_failed_publish_waits_behind_its_case_and_both_leave_in_order_once_the_broker_is_back()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromMinutes(15));
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8), patient: "A")], "test");
        await Eventually(() => h.Recorded.Pages.Count == 1, "the first page while the broker is up");

        h.Recorded.Down = true;
        await h.AdvanceAsync(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
        await Eventually(() => h.Recorded.Failures > 0, "the escalation page failing");
        await h.AdvanceAsync(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
        Assert.Equal(2, h.Queries.UndeliveredPages());

        h.Recorded.Down = false;
        await h.AdvanceAsync(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1));
        await Eventually(() => h.Recorded.Pages.Count == 3, "the held pages after the outage");

        Assert.Equal([1, 2, 3], h.Recorded.Pages.Select(p => p.Alert.Level));
        Assert.Equal(0, h.Queries.UndeliveredPages());
        h.DeleteData();
    }

    [Fact]
    public async Task A_page_is_handed_over_again_with_the_same_message_id_after_a_failed_attempt()
    {
        var publisher = new Mock<IAlertPublisher>();
        var ids = new List<string>();
        publisher.SetupSequence(p => p.PublishAsync(It.IsAny<Page>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("link detached"))
            .Returns(Task.CompletedTask);
        publisher.Setup(p => p.PublishAsync(It.IsAny<Page>(), It.IsAny<CancellationToken>())).Callback<Page, CancellationToken>((p, _) => ids.Add(p.MessageId));
        publisher.SetupSequence(p => p.PublishAsync(It.IsAny<Page>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("link detached"))
            .Returns(Task.CompletedTask);
        await using var h = new RuntimeHarness(publisher: publisher.Object);
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test");

        var first = await h.Dispatcher.DispatchOnceAsync(CancellationToken.None);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        var second = await h.Dispatcher.DispatchOnceAsync(CancellationToken.None);
        var third = await h.Dispatcher.DispatchOnceAsync(CancellationToken.None);

        Assert.Equal(0, first.Delivered);
        Assert.NotNull(first.NextRetry);
        Assert.Equal(1, second.Delivered);
        Assert.Equal(0, third.Delivered);
        var alertId = Assert.Single(h.Queries.ListAlerts(null, null)).AlertId;
        publisher.Verify(p => p.PublishAsync(It.Is<Page>(x => x.MessageId == Page.IdFor(alertId, 1, 0)), It.IsAny<CancellationToken>()), Times.Exactly(2));
        h.DeleteData();
    }

    [Fact]
    public async Task A_page_that_keeps_failing_is_retried_after_delays_that_double_up_to_the_longest_and_stored_with_it()
    {
        // The harness's backoff: 1 s doubling up to 8 s.
        var publisher = new RecordingPublisher { Down = true };
        await using var h = new RuntimeHarness(publisher: publisher);
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test");

        var delays = new List<TimeSpan>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var failedAt = h.Time.GetUtcNow();
            var (delivered, nextRetry) = await h.Dispatcher.DispatchOnceAsync(CancellationToken.None);
            Assert.Equal(0, delivered);
            delays.Add(nextRetry!.Value - failedAt);
            Assert.Equal((attempt + 1, nextRetry.Value), StoredRetry(h));

            // Not before its time: a pass just short of it leaves the page alone.
            h.Time.Advance(delays[^1] - TimeSpan.FromMilliseconds(1));
            Assert.Equal((0, nextRetry), await h.Dispatcher.DispatchOnceAsync(CancellationToken.None));
            Assert.Equal(attempt + 1, publisher.Failures);
            h.Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([1, 2, 4, 8, 8], delays.Select(d => d.TotalSeconds));
        publisher.Down = false;
        Assert.Equal(1, (await h.Dispatcher.DispatchOnceAsync(CancellationToken.None)).Delivered);
        h.DeleteData();
    }

    private static (int Attempts, DateTimeOffset NextAttemptAt) StoredRetry(RuntimeHarness h)
    {
        using var connection = h.Database.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT attempts, next_attempt_at FROM outbox WHERE delivered_at IS NULL";
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), "an undelivered page");
        var stored = (r.GetInt32(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)));
        Assert.False(r.Read(), "a single undelivered page");
        return stored;
    }
}
