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

    private static TimeSpan DueSoon()
    {
        var firstLine = new ProtocolCatalog().Get(ProtocolCatalog.Seed).FirstLine;
        return firstLine.Window.AsDuration - firstLine.DueSoonLead.AsDuration;
    }
}
