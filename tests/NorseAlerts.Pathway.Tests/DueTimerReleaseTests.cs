using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests;

/// <summary>
/// A tick answers every timer due by its time: a due timer the pathway no longer plans is released by the tick
/// itself, with its <see cref="TimerCancelled"/> effect, so a host never has to invent one.
/// </summary>
public class DueTimerReleaseTests
{
    private static readonly ScheduledTimer Left = new("deadline:first-line-window", T0 + Days(7));

    [Fact]
    public void A_closed_cases_due_timer_is_released_by_the_tick_with_its_effect()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), Event(EventTypes.PatientDeceased, T0 + Days(1)));
        var before = clock.State with { Timers = [Left] };

        var d = clock.Pathway.Decide(before, new Tick(), T0 + Days(8));

        Assert.Empty(d.State.Timers);
        Assert.Equal([new TimerCancelled(Left.Key)], d.Effects);
        Assert.Equal(before.Revision + 1, d.State.Revision);
        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Equal(before.Alerts, d.State.Alerts);
    }

    [Fact]
    public void A_closed_cases_timer_not_yet_due_is_left_to_its_time()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0), Event(EventTypes.PatientDeceased, T0 + Days(1)));
        var before = clock.State with { Timers = [Left] };

        var d = clock.Pathway.Decide(before, new Tick(), T0 + Days(6));

        Assert.Same(before, d.State);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void A_pending_cases_due_timer_is_released_by_the_tick_and_the_held_events_stay()
    {
        var clock = new Clock("seed");
        clock.Send(FirstLine(Agents.Ivig, T0));
        var before = clock.State with { Timers = [Left] };

        var d = clock.Pathway.Decide(before, new Tick(), T0 + Days(8));

        Assert.Empty(d.State.Timers);
        Assert.Equal([new TimerCancelled(Left.Key)], d.Effects);
        Assert.Equal(CaseStatus.Pending, d.State.Status);
        Assert.Equal(before.Events, d.State.Events);
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("consensus-2022")]
    public void After_every_tick_of_an_unacknowledged_case_no_timer_is_left_due(string protocol)
    {
        var clock = new Clock(protocol, ackTimeout: TimeSpan.FromMinutes(15));
        clock.Send(Onset(T0));

        clock.RunUntil(T0 + Days(40));

        Assert.Contains(clock.History, h => h.Decision.Effects.OfType<TimerCancelled>().Any());
        foreach (var (at, decision) in clock.History)
        {
            Assert.All(decision.State.Timers, t => Assert.True(t.DueAt > at, $"{t.Key} due {t.DueAt:O} left after the tick at {at:O}"));
        }
    }
}
