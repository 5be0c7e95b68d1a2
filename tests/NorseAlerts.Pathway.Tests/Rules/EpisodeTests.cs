using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>
/// A patient with more than one episode: the closed case a new onset replaces is handed back to the host, and an event
/// dated within an earlier episode joins that episode's case, never the current one, so it cannot meet the current
/// episode's deadlines.
/// </summary>
public class EpisodeTests
{
    [Fact]
    public void A_discharge_and_a_new_onset_in_one_batch_hand_back_the_first_case_closed_with_its_timers_cancelled()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Advance(Days(2));
        var first = clock.State;
        Assert.NotEmpty(first.Timers);

        var d = clock.Pathway.Decide(first, new EventBatch([Onset(clock.Now), Event(EventTypes.PatientDischarged, clock.Now - Hours(1))]), clock.Now);

        var closed = Assert.Single(d.Earlier);
        Assert.Equal(first.CaseId, closed.State.CaseId);
        Assert.Equal(CaseStatus.Closed, closed.State.Status);
        Assert.Empty(closed.State.Timers);
        Assert.All(first.Timers, t => Assert.Contains(closed.Effects, e => e is TimerCancelled c && c.Key == t.Key));
        Assert.Contains(closed.Effects, e => e is CaseClosed c && c.CaseId == first.CaseId);
        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.NotEqual(first.CaseId, d.State.CaseId);
        Assert.Equal(first.CaseId, d.State.EarlierCaseId);
        Assert.Equal(clock.Now - Hours(1), d.State.EarlierClosedAt);
        Assert.DoesNotContain(d.Effects, e => e is CaseClosed or TimerCancelled);
        Assert.Contains(d.Effects, e => e is CaseOpened o && o.CaseId == d.State.CaseId);
    }

    [Fact]
    public void A_new_onset_alone_hands_back_the_closed_case_unchanged()
    {
        var pathway = Pathway();
        var closed = FirstEpisode(pathway);

        var d = pathway.Decide(closed, new EventSignal(Onset(T0 + Days(32))), T0 + Days(32));

        var earlier = Assert.Single(d.Earlier);
        Assert.Same(closed, earlier.State);
        Assert.False(earlier.Changed);
    }

    [Fact]
    public void A_late_first_line_start_of_an_earlier_episode_joins_that_case_and_the_readmissions_first_line_stays_overdue()
    {
        var pathway = Pathway();
        var (closed, readmitted) = Readmitted(pathway);
        var cases = new Dictionary<string, CaseState> { [closed.CaseId!] = closed };
        var overdue = Assert.Single(readmitted.Alerts, a => a.Kind == AlertKind.FirstLineOverdue && a.IsOpen);

        var d = pathway.Decide(readmitted, new EventSignal(FirstLine(Agents.Methylprednisolone, T0 + Days(2))), T0 + Days(41), cases.GetValueOrDefault);

        Assert.False(d.Changed);
        Assert.Same(readmitted, d.State);
        Assert.DoesNotContain(d.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Equal(overdue, Assert.Single(d.State.Alerts, a => a.Kind == AlertKind.FirstLineOverdue && a.IsOpen));
        var earlier = Assert.Single(d.Earlier);
        Assert.Equal(closed.CaseId, earlier.State.CaseId);
        Assert.Equal(CaseStatus.Closed, earlier.State.Status);
        Assert.Contains(earlier.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Contains(earlier.State.Deadlines, x => x.Kind == "first-line-window" && x.Status == DeadlineStatus.Met);
        Assert.Empty(earlier.Pages);
    }

    [Fact]
    public void A_retraction_of_an_earlier_episodes_event_joins_that_case_and_leaves_the_readmission_as_it_was()
    {
        var pathway = Pathway();
        var (closed, readmitted) = Readmitted(pathway);
        var dose = FirstLine(Agents.Ivig, T0 + Days(2)) with { Id = "dose-1" };
        var withDose = pathway.Decide(closed, new EventSignal(dose), T0 + Days(41)).State;
        Assert.Contains(withDose.Deadlines, x => x.Kind == "first-line-window" && x.Status == DeadlineStatus.Met);
        var cases = new Dictionary<string, CaseState> { [closed.CaseId!] = withDose };

        var d = pathway.Decide(readmitted, new EventSignal(Event(EventTypes.EnteredInError, T0 + Days(42)) with { Retracts = "dose-1" }), T0 + Days(42), cases.GetValueOrDefault);

        Assert.Same(readmitted, d.State);
        var earlier = Assert.Single(d.Earlier);
        Assert.Contains(earlier.State.Events, e => e.Type == EventTypes.EnteredInError);
        Assert.DoesNotContain(earlier.State.Deadlines, x => x.Kind == "first-line-window" && x.Status == DeadlineStatus.Met);
    }

    [Fact]
    public void A_dose_that_arrived_after_the_closure_and_before_the_readmissions_onset_counts_for_the_readmission()
    {
        var pathway = Pathway();
        var closed = FirstEpisode(pathway);
        var measured = Event(EventTypes.PatientMeasurements, T0 + Days(31)) with { WeightKg = 70 };
        var dose = FirstLine(Agents.Methylprednisolone, T0 + Days(33));
        closed = pathway.Decide(closed, new EventBatch([measured, dose]), T0 + Days(33)).State;
        Assert.Equal(2, closed.LateEvents.Count);

        var d = pathway.Decide(closed, new EventSignal(Onset(T0 + Days(32))), T0 + Days(35));

        Assert.Contains(d.State.Events, e => e.Key == dose.Key);
        Assert.DoesNotContain(d.State.Events, e => e.Key == measured.Key);
        Assert.Contains(d.State.Deadlines, x => x.Kind == "first-line-window" && x.Status == DeadlineStatus.Met);
        Assert.Contains(d.Effects, e => e is EventApplied a && a.Id == dose.Id);
        Assert.Equal(closed.LateEvents, Assert.Single(d.Earlier).State.LateEvents);
    }

    [Fact]
    public void Without_a_reader_an_earlier_episodes_event_is_kept_aside_and_never_applied()
    {
        var pathway = Pathway();
        var (_, readmitted) = Readmitted(pathway);
        var late = FirstLine(Agents.Methylprednisolone, T0 + Days(2));

        var d = pathway.Decide(readmitted, new EventSignal(late), T0 + Days(41));

        Assert.Empty(d.Earlier);
        Assert.Contains(late, d.State.LateEvents);
        Assert.DoesNotContain(d.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Contains(d.State.Alerts, a => a.Kind == AlertKind.FirstLineOverdue && a.IsOpen);
        Assert.True(d.State.Has(late));
    }

    [Fact]
    public void An_event_of_the_first_episode_reaches_the_first_case_through_the_second_while_the_third_is_current()
    {
        var pathway = Pathway();
        var (first, second) = Readmitted(pathway);
        var secondClosed = pathway.Decide(second, new EventSignal(Event(EventTypes.PatientDischarged, T0 + Days(60))), T0 + Days(61)).State;
        var third = pathway.Decide(secondClosed, new EventSignal(Onset(T0 + Days(90))), T0 + Days(90)).State;
        var cases = new Dictionary<string, CaseState> { [first.CaseId!] = first, [secondClosed.CaseId!] = secondClosed };
        Assert.Equal(secondClosed.CaseId, third.EarlierCaseId);

        var d = pathway.Decide(third, new EventSignal(FirstLine(Agents.Ivig, T0 + Days(3))), T0 + Days(91), cases.GetValueOrDefault);

        Assert.Same(third, d.State);
        var joined = Assert.Single(d.Earlier, e => e.Changed);
        Assert.Equal(first.CaseId, joined.State.CaseId);
        Assert.Contains(joined.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.DoesNotContain(d.Earlier.Single(e => e.State.CaseId == secondClosed.CaseId).State.Events, e => e.Type == EventTypes.FirstLineStarted);
    }

    [Fact]
    public void An_event_dated_after_the_earlier_closure_still_counts_for_the_current_case()
    {
        var pathway = Pathway();
        var (closed, readmitted) = Readmitted(pathway);
        var cases = new Dictionary<string, CaseState> { [closed.CaseId!] = closed };

        var d = pathway.Decide(readmitted, new EventSignal(FirstLine(Agents.Ivig, T0 + Days(40))), T0 + Days(41), cases.GetValueOrDefault);

        Assert.Empty(d.Earlier);
        Assert.Contains(d.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.DoesNotContain(d.State.Alerts, a => a.Kind == AlertKind.FirstLineOverdue && a.IsOpen);
    }

    private static CasePathway Pathway() => new Clock("seed").Pathway;

    // Onset at T0, discharged on day 20: the case as closed.
    private static CaseState FirstEpisode(CasePathway pathway)
    {
        var opened = pathway.Decide(CaseState.New(Patient), new EventSignal(Onset(T0)), T0).State;
        return pathway.Decide(opened, new EventSignal(Event(EventTypes.PatientDischarged, T0 + Days(20))), T0 + Days(20)).State;
    }

    // Readmitted in status epilepticus on day 32 with no first line by day 41: the readmission's first line is overdue.
    private static (CaseState Closed, CaseState Readmitted) Readmitted(CasePathway pathway)
    {
        var closed = FirstEpisode(pathway);
        var readmitted = pathway.Decide(closed, new EventSignal(Onset(T0 + Days(32))), T0 + Days(32)).State;
        return (closed, pathway.Decide(readmitted, new Tick(), T0 + Days(41)).State);
    }
}
