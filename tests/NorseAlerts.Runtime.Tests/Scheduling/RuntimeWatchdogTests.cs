using Microsoft.Extensions.Time.Testing;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests.Scheduling;

public sealed class RuntimeWatchdogTests
{
    private static readonly TimeSpan DueSoonAfterOnset = DueSoon();

    [Fact]
    public async Task A_stalled_scheduler_is_detected_then_healed_by_the_watchdog_and_reported_until_caught_up()
    {
        // The scheduler loop is never started: the wake-up path is dead, as in the stall of issue 8.
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        var caseId = (await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start - DueSoonAfterOnset + TimeSpan.FromMinutes(1))], "test")).Accepted[0].CaseId!;
        h.Time.Advance(TimeSpan.FromMinutes(1) + h.Options.WatchdogMargin - TimeSpan.FromMilliseconds(1));

        var withinMargin = await h.Runtime.Watchdog.CheckAsync();
        Assert.False(withinMargin.SchedulerStalled);
        Assert.Equal(0, withinMargin.Stalls);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        var detected = await h.Runtime.Watchdog.CheckAsync();
        Assert.True(detected.SchedulerStalled);
        Assert.Equal(1, detected.Stalls);
        Assert.True(detected.OldestPastDueTimer > h.Options.WatchdogMargin);
        Assert.Empty(h.Queries.ListAlerts(caseId, null));

        h.Time.Advance(h.Options.WatchdogInterval);
        await h.Runtime.Watchdog.CheckAsync();
        Assert.Equal(AlertKind.FirstLineDueSoon, Assert.Single(h.Queries.ListAlerts(caseId, null)).Kind);

        var caughtUp = await h.Runtime.Watchdog.CheckAsync();
        Assert.False(caughtUp.SchedulerStalled);
        Assert.Null(caughtUp.OldestPastDueTimer);
        Assert.Equal(1, caughtUp.Stalls);
        h.DeleteData();
    }

    [Fact]
    public async Task A_running_scheduler_leaves_the_watchdog_nothing_to_report()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        await h.StartAsync();
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start - DueSoonAfterOnset + TimeSpan.FromMinutes(1))], "test");

        await h.AdvanceAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));
        await Eventually(() => h.Recorded.Pages.Count == 1, "the due-soon page");
        var live = await h.Runtime.Watchdog.CheckAsync();

        Assert.False(live.SchedulerStalled);
        Assert.False(live.OutboxStalled);
        Assert.Equal(0, live.Stalls);
        Assert.Equal(0, live.UnsentPages);
        Assert.NotNull(live.SchedulerLastPassAt);
        h.DeleteData();
    }

    [Fact]
    public async Task The_watchdog_loop_on_its_own_timer_heals_a_stalled_scheduler()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        await h.Runtime.Watchdog.StartAsync(CancellationToken.None);
        var caseId = (await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start - DueSoonAfterOnset + TimeSpan.FromSeconds(1))], "test")).Accepted[0].CaseId!;

        for (var i = 0; i < 20 && h.Queries.ListAlerts(caseId, null).Count == 0; i++)
        {
            h.Time.Advance(h.Options.WatchdogInterval);
            await Task.Delay(20);
        }

        Assert.Equal(AlertKind.FirstLineDueSoon, Assert.Single(h.Queries.ListAlerts(caseId, null)).Kind);
        await h.Runtime.Watchdog.StopAsync(CancellationToken.None);
        h.DeleteData();
    }

    [Fact]
    public async Task A_page_the_dispatcher_never_picks_up_is_detected_then_delivered_by_the_watchdog()
    {
        await using var h = new RuntimeHarness(ackTimeout: TimeSpan.FromDays(30));
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test"); // overdue at once: one page owed

        h.Time.Advance(h.Options.WatchdogMargin + TimeSpan.FromSeconds(1));
        var detected = await h.Runtime.Watchdog.CheckAsync();
        Assert.True(detected.OutboxStalled);
        Assert.Equal(1, detected.UnsentPages);
        Assert.Empty(h.Recorded.Pages);

        h.Time.Advance(h.Options.WatchdogInterval);
        await h.Runtime.Watchdog.CheckAsync();
        Assert.Equal(AlertKind.FirstLineOverdue, Assert.Single(h.Recorded.Pages).Alert.Kind);

        var caughtUp = await h.Runtime.Watchdog.CheckAsync();
        Assert.False(caughtUp.OutboxStalled);
        Assert.Equal(0, caughtUp.UnsentPages);
        h.DeleteData();
    }

    [Fact]
    public async Task Pages_waiting_for_their_retry_during_a_broker_outage_are_not_a_stall()
    {
        var publisher = new RecordingPublisher { Down = true };
        await using var h = new RuntimeHarness(publisher: publisher, ackTimeout: TimeSpan.FromDays(30));
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test");
        await h.Dispatcher.DispatchOnceAsync(CancellationToken.None);
        Assert.Equal(1, publisher.Failures);

        var live = await h.Runtime.Watchdog.CheckAsync();

        Assert.False(live.OutboxStalled);
        Assert.Equal(1, live.UnsentPages);
        h.DeleteData();
    }

    [Fact]
    public async Task A_page_behind_its_cases_earlier_page_that_waits_for_a_retry_is_not_a_stall_until_that_retry_is_missed()
    {
        var publisher = new RecordingPublisher { Down = true };
        await using var h = new RuntimeHarness(publisher: publisher, ackTimeout: TimeSpan.FromSeconds(7.5));
        await h.Engine.IngestAsync([Event(EventTypes.RseOnset, Start.AddDays(-8))], "test"); // level 1 owed at once

        // Failures at +0, +1, +3 and +7 s: the fourth waits the longest backoff (8 s), so its retry is at +15 s.
        foreach (var wait in new[] { 0, 1, 2, 4 })
        {
            h.Time.Advance(TimeSpan.FromSeconds(wait));
            await h.Dispatcher.DispatchOnceAsync(CancellationToken.None);
        }

        Assert.Equal(4, publisher.Failures);
        h.Time.Advance(TimeSpan.FromSeconds(0.5));
        await h.Engine.WakeDueAsync(h.Options.TimerBatch); // +7.5 s: unacknowledged, level 2 is committed behind level 1

        h.Time.Advance(h.Options.WatchdogMargin + TimeSpan.FromSeconds(1)); // +13.5 s: level 2 waits 6 s, level 1's retry is still ahead
        var waiting = await h.Runtime.Watchdog.CheckAsync();
        Assert.Equal(2, waiting.UnsentPages);
        Assert.Null(waiting.OldestOwedPage);
        Assert.False(waiting.OutboxStalled);

        h.Time.Advance(TimeSpan.FromSeconds(2) + h.Options.WatchdogMargin); // +20.5 s: the retry due at +15 s was never made
        var missed = await h.Runtime.Watchdog.CheckAsync();
        Assert.True(missed.OutboxStalled);
        Assert.Equal(TimeSpan.FromSeconds(5.5), missed.OldestOwedPage);
        h.DeleteData();
    }

    private static TimeSpan DueSoon()
    {
        var firstLine = new ProtocolCatalog().Get(ProtocolCatalog.Seed).FirstLine;
        return firstLine.Window.AsDuration - firstLine.DueSoonLead.AsDuration;
    }
}
