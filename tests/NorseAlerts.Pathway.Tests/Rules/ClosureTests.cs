using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Rules;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>DESIGN section 3: closure events cancel every timer, resolve every open alert and close the case.</summary>
public class ClosureTests
{
    public static TheoryData<string, string> Closures()
    {
        var data = new TheoryData<string, string>();
        foreach (var protocol in new[] { "seed", "consensus-2022" })
        {
            foreach (var type in EventTypes.Closures.Order(StringComparer.Ordinal))
            {
                data.Add(protocol, type);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Closures))]
    public void Closure_cancels_timers_resolves_alerts_and_nothing_is_raised_after(string protocol, string closure)
    {
        var clock = new Clock(protocol);
        clock.Send(Onset(T0), InfusionStarted(T0 + Hours(1)));
        clock.RunUntil(T0 + Days(8));
        Assert.NotNull(clock.Open(AlertKind.FirstLineOverdue));
        Assert.NotNull(clock.Open(AlertKind.SuperRefractory));
        clock.Send(FirstLine(Agents.Ivig, clock.Now), SecondLine(Agents.Rituximab, clock.Now));
        Assert.NotEmpty(clock.State.Timers);
        var timers = clock.State.Timers.Select(t => t.Key).ToList();
        var open = clock.State.Alerts.Where(a => a.IsOpen).Select(a => a.AlertId).ToList();
        Assert.NotEmpty(open);
        var caseId = clock.State.CaseId;

        var d = clock.Send(Event(closure, clock.Now));

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Equal(Stage.Closed, d.State.Stage);
        Assert.Empty(d.State.Timers);
        Assert.All(timers, key => Assert.Contains(d.Effects, e => e is TimerCancelled c && c.Key == key));
        Assert.All(d.State.Alerts, a => Assert.Equal(AlertState.Resolved, a.State));
        Assert.Contains(d.Effects, e => e is CaseClosed c && c.CaseId == caseId);
        Assert.All(d.State.Alerts.Where(a => open.Contains(a.AlertId)), a => Assert.StartsWith("case closed: ", a.Resolution));
        Assert.DoesNotContain(d.State.Deadlines, x => x.Status == DeadlineStatus.Pending);
        Assert.Null(d.State.NextDeadline);
        Assert.Empty(d.Pages);

        var pages = clock.Pages.Count();
        clock.RunUntil(clock.Now + Days(90));
        clock.Send(Assessed(ResponseOutcomes.NotResponding, clock.Now), InfusionStarted(clock.Now));
        clock.Advance(Days(3));
        Assert.Equal(pages, clock.Pages.Count());
        Assert.Equal(CaseStatus.Closed, clock.State.Status);
    }

    [Fact]
    public void Backdated_closure_cancels_the_deadlines_that_were_still_pending_at_its_time()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.RunUntil(T0 + Days(8));
        Assert.Equal(DeadlineStatus.Missed, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);

        clock.Send(Event(EventTypes.NorseRuledOut, T0 + Days(2)));

        Assert.Equal(DeadlineStatus.Cancelled, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
        Assert.Equal(T0 + Days(2), clock.State.ClosedAt);
        Assert.Equal("NORSE ruled out", clock.State.ClosureReason);
    }

    [Fact]
    public void A_closure_dated_before_the_onset_belongs_to_an_earlier_encounter()
    {
        var clock = new Clock("seed");
        clock.Send(Event(EventTypes.PatientDischarged, T0 - Days(30)));

        clock.Send(Onset(T0));

        Assert.Equal(CaseStatus.Active, clock.State.Status);
        clock.RunUntil(T0 + Days(7));
        Assert.NotNull(clock.Open(AlertKind.FirstLineOverdue));
    }

    [Fact]
    public void An_event_after_closure_stays_on_the_closed_case_without_effect()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Advance(Days(1));
        clock.Send(Event(EventTypes.EtiologyIdentified, clock.Now));
        var closed = clock.State;
        clock.Advance(Days(1));

        var d = clock.Send(Measurements(clock.Now, 70, 170));

        Assert.Equal(closed.CaseId, d.State.CaseId);
        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Contains(d.Effects, e => e is EventAfterClosure);
        Assert.Contains(d.State.LateEvents, e => e.Type == EventTypes.PatientMeasurements);
        Assert.Equal(closed.Events, d.State.Events);
    }

    [Fact]
    public void A_first_line_start_dated_before_the_closure_counts_on_the_closed_case_but_raises_nothing()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.RunUntil(T0 + Days(6));
        clock.Send(Event(EventTypes.PatientDischarged, clock.Now));
        clock.Advance(Days(3));

        var d = clock.Send(FirstLine(Agents.Ivig, T0 + Days(2)));

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf(FirstLineWindow.DeadlineKind)!.Status);
        Assert.Equal(DeadlineStatus.Cancelled, clock.DeadlineOf(ResponseCheck.DeadlineKind)!.Status);
        Assert.Contains(d.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Empty(d.Pages);
        Assert.Empty(d.State.Timers);
        Assert.DoesNotContain(d.Effects, e => e is AlertRaised or TimerSet);
    }

    [Fact]
    public void A_new_onset_after_closure_opens_a_new_case()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Advance(Days(1));
        clock.Send(Event(EventTypes.PatientDischarged, clock.Now));
        var first = clock.State.CaseId;
        clock.Advance(Days(100));

        var d = clock.Send(Onset(clock.Now));

        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.NotEqual(first, d.State.CaseId);
        Assert.Contains(d.Effects, e => e is CaseOpened o && o.CaseId == d.State.CaseId);
        Assert.Equal(clock.Now, d.State.OnsetAt);
    }

    [Fact]
    public void A_closed_case_pinned_to_a_retired_protocol_version_takes_an_event_dated_before_its_closure_and_keeps_its_frozen_deadlines()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.RunUntil(T0 + Days(6));
        clock.Send(Event(EventTypes.PatientDischarged, clock.Now));
        clock.Advance(Days(3));
        var closed = clock.State with { ProtocolVersion = "0.1.0" };

        var d = clock.Pathway.Decide(closed, new EventSignal(FirstLine(Agents.Ivig, T0 + Days(2))), clock.Now);

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Contains(d.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Equal(closed.Deadlines, d.State.Deadlines);
        Assert.Empty(d.Pages);
    }
}
