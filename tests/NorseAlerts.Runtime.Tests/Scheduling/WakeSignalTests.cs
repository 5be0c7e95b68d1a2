using NorseAlerts.Runtime.Outbox;
using NorseAlerts.Runtime.Scheduling;
using static NorseAlerts.Runtime.Tests.RuntimeHarness;

namespace NorseAlerts.Runtime.Tests.Scheduling;

public sealed class WakeSignalTests
{
    [Fact]
    public void A_timer_announced_before_the_sleep_begins_ends_it_at_once_when_it_is_the_earlier()
    {
        var signal = new WakeSignal(WakeOn.Timers);

        // Announced while the loop is still in its pass: nobody waits yet.
        signal.Announce(new CommitChanges([], Start.AddMinutes(5)));

        Assert.True(signal.WaitAsync(Start.AddMinutes(10), CancellationToken.None).IsCompleted);
        Assert.Equal(Start.AddMinutes(5), signal.Take().EarliestTimer);
        Assert.Null(signal.Take().EarliestTimer);
    }

    [Fact]
    public void It_tells_what_the_loop_sleeps_towards_and_nothing_while_a_pass_runs()
    {
        var signal = new WakeSignal(WakeOn.Timers);

        _ = signal.WaitAsync(Start.AddMinutes(10), CancellationToken.None);
        Assert.Equal(Start.AddMinutes(10), signal.SleepingUntil);

        // A timer earlier than that, committed during the next pass, still ends the sleep after it at once.
        signal.Take();
        Assert.Null(signal.SleepingUntil);
        signal.Announce(new CommitChanges([], Start.AddMinutes(4)));
        Assert.True(signal.WaitAsync(Start.AddMinutes(10), CancellationToken.None).IsCompleted);
        Assert.Equal(Start.AddMinutes(10), signal.SleepingUntil);
    }

    [Fact]
    public async Task A_timer_later_than_the_sleep_does_not_end_it_and_an_earlier_one_does()
    {
        var signal = new WakeSignal(WakeOn.Timers);
        var sleep = signal.WaitAsync(Start.AddMinutes(10), CancellationToken.None);

        signal.Announce(new CommitChanges([], Start.AddMinutes(20)));
        await Task.Delay(20);
        Assert.False(sleep.IsCompleted);

        signal.Announce(new CommitChanges([], Start.AddMinutes(3)));
        await sleep.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(Start.AddMinutes(3), signal.Take().EarliestTimer);
    }

    [Fact]
    public async Task Pages_end_the_sleep_and_are_taken_in_commit_order_across_commits()
    {
        var signal = new WakeSignal(WakeOn.Pages);
        var sleep = signal.WaitAsync(null, CancellationToken.None);

        signal.Announce(new CommitChanges([Row(1), Row(2)], null));
        signal.Announce(new CommitChanges([Row(3)], Start));
        await sleep.WaitAsync(TimeSpan.FromSeconds(5));

        var taken = signal.Take();
        Assert.Equal([1L, 2L, 3L], taken.Pages.Select(p => p.Seq));
        Assert.Null(taken.EarliestTimer); // a signal keeps only what it listens to
    }

    [Fact]
    public async Task Changes_a_signal_does_not_listen_to_neither_wake_it_nor_stay_in_it()
    {
        var signal = new WakeSignal(WakeOn.Timers);
        var sleep = signal.WaitAsync(null, CancellationToken.None);

        signal.Announce(new CommitChanges([Row(1)], null));
        await Task.Delay(20);

        Assert.False(sleep.IsCompleted);
        Assert.Empty(signal.Take().Pages);
    }

    [Fact]
    public async Task A_wake_ends_the_sleep_and_is_cleared_by_the_next_take()
    {
        var signal = new WakeSignal(WakeOn.Nothing);
        var sleep = signal.WaitAsync(null, CancellationToken.None);

        signal.Wake();
        await sleep.WaitAsync(TimeSpan.FromSeconds(5));
        signal.Take();

        Assert.False(signal.WaitAsync(null, CancellationToken.None).IsCompleted);
    }

    private static OutboxRow Row(long seq) => new(seq, "m" + seq, "case-1", "{}", 0, Start);
}
