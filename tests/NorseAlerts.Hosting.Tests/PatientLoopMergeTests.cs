using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using Xunit;
using static NorseAlerts.Hosting.Tests.HostingSamples;

namespace NorseAlerts.Hosting.Tests;

/// <summary>The steps of a <c>patient.merged</c> in the per-patient loop, one instance at a time.</summary>
public class PatientLoopMergeTests
{
    private const string OldKey = "GENH:00999999";
    private const string SurvivorInstance = "patient-survivor";
    private const string OldInstance = "patient-old";

    private static readonly DateTimeOffset Now = T0.AddDays(6.5);

    private readonly PatientLoop loop = new(NewPathway(), new PatientLoopOptions());

    private static ClinicalEvent MergeEvent() => Event(EventTypes.PatientMerged, Now, "merge-1") with { From = OldKey };

    /// <summary>The old patient's case, its due-soon alert raised and paged (the window closes at T0 + 7 days).</summary>
    private PatientRun OldCase()
    {
        var onset = Onset(OldKey);
        var run = PatientRun.Start(OldKey, RaisedSignal.Of(onset), previous: null);
        run = loop.Receive(run, RaisedSignal.Of(onset), T0, OldInstance).Run;
        run = loop.Apply(run, new Tick(), Now).Run;
        return PatientLoop.Published(run, Assert.Single(run.Unsent));
    }

    private static PatientRun Fresh(string patient) => PatientRun.Start(patient, RaisedSignal.Of(Onset(patient)), previous: null) with { First = null };

    [Fact]
    public void A_patient_merged_event_asks_the_merged_away_patients_instance_for_its_record_and_withholds_its_receipt()
    {
        var step = loop.Receive(Fresh(PatientKey), RaisedSignal.Of(MergeEvent()) with { Delivery = "d-1" }, Now, SurvivorInstance);

        var ask = Assert.Single(step.Run.Outgoing);
        Assert.Equal(OldKey, ask.PatientKey);
        Assert.Equal(new MergeRequest(PatientKey, SurvivorInstance), ask.Signal.MergeInto);
        Assert.Equal("d-1", ask.Signal.Delivery);
        Assert.Empty(step.Run.Receipts);
        Assert.Contains(step.Run.State.Events, e => e.Id == "merge-1");
    }

    [Fact]
    public void A_repeated_patient_merged_event_is_a_duplicate_that_asks_for_nothing()
    {
        var merged = loop.Receive(Fresh(PatientKey), RaisedSignal.Of(MergeEvent()), Now, SurvivorInstance).Run with { Outgoing = [] };

        var again = loop.Receive(merged, RaisedSignal.Of(MergeEvent()) with { Delivery = "d-2" }, Now, SurvivorInstance);

        Assert.Empty(again.Run.Outgoing);
        Assert.True(Assert.Single(again.Run.Receipts).Duplicate);
    }

    [Fact]
    public void A_merge_request_closes_the_record_as_merged_and_hands_its_events_to_the_survivor()
    {
        var old = OldCase();

        var step = loop.Receive(old, RaisedSignal.Of(new MergeRequest(PatientKey, SurvivorInstance), "d-1"), Now.AddMinutes(1), OldInstance);

        Assert.Equal(CaseStatus.Closed, step.Run.State.Status);
        Assert.All(step.Run.State.Alerts, a => Assert.Equal(AlertState.Resolved, a.State));
        Assert.Empty(step.Run.State.Timers);
        Assert.Empty(step.Run.Unsent);
        Assert.Null(PatientLoop.NextWakeAt(PatientLoop.Delivered(step.Run)));
        Assert.Contains(step.Decision.Effects, e => e is EventsMerged);
        var handover = Assert.Single(step.Run.Outgoing);
        Assert.Equal(PatientKey, handover.PatientKey);
        Assert.Equal(old.State.Events, handover.Signal.Handover?.Events);
        Assert.Equal("d-1", handover.Signal.Delivery);
        Assert.Equal(SurvivorInstance, loop.Status(step.Run, Now).MergedInto);
        Assert.False(PatientLoop.IsFinished(PatientLoop.Delivered(step.Run)));
    }

    [Fact]
    public void A_handover_folds_the_merged_away_events_in_and_leaves_the_receipt_with_the_merged_case()
    {
        var survivor = loop.Receive(Fresh(PatientKey), RaisedSignal.Of(MergeEvent()), Now, SurvivorInstance).Run with { Outgoing = [] };
        var old = OldCase();

        var step = loop.Receive(survivor, RaisedSignal.Of(old.State, "d-1"), Now.AddMinutes(1), SurvivorInstance);

        Assert.Equal(CaseStatus.Active, step.Run.State.Status);
        Assert.All(step.Run.State.Events, e => Assert.Equal(PatientKey, e.Subject));
        Assert.Equal(AlertKind.FirstLineDueSoon, Assert.Single(step.Run.Unsent).Alert.Kind);
        Assert.Equal(new DeliveryReceipt("d-1", step.Run.State.CaseId, Duplicate: false), Assert.Single(step.Run.Receipts));

        var again = loop.Receive(step.Run, RaisedSignal.Of(old.State, "d-2"), Now.AddMinutes(2), SurvivorInstance);
        Assert.False(again.Decision.Changed);
        Assert.Single(again.Run.Unsent);
    }

    [Fact]
    public void A_merged_away_record_forwards_events_under_the_surviving_key_and_keeps_acks_for_its_own_alerts()
    {
        var old = OldCase();
        var merged = PatientLoop.Delivered(loop.Receive(old, RaisedSignal.Of(new MergeRequest(PatientKey, SurvivorInstance), null), Now, OldInstance).Run);
        var late = Event(EventTypes.PatientMeasurements, Now, "m-1", OldKey) with { WeightKg = 70 };

        var forwarded = loop.Receive(merged, RaisedSignal.Of(late) with { Delivery = "d-1" }, Now.AddMinutes(1), OldInstance);
        var ack = loop.Receive(merged, RaisedSignal.Of(new Acknowledge(old.State.Alerts[0].AlertId, "dr-a", null)), Now.AddMinutes(1), OldInstance);

        var routed = Assert.Single(forwarded.Run.Outgoing);
        Assert.Equal(PatientKey, routed.PatientKey);
        Assert.Equal(PatientKey, routed.Signal.Event?.Subject);
        Assert.Equal(SurvivorInstance, Assert.Single(forwarded.Run.Receipts).ForwardedTo);
        Assert.Equal(merged.State, forwarded.Run.State);
        Assert.Empty(ack.Run.Outgoing);
        Assert.Equal(AlertState.Resolved, ack.Run.State.Alerts[0].State);
    }

    [Fact]
    public void An_unanswered_merge_request_is_asked_again_on_wake_up_and_the_merged_record_hands_over_again()
    {
        var asked = PatientLoop.Delivered(loop.Receive(Fresh(PatientKey), RaisedSignal.Of(MergeEvent()) with { Delivery = "d-1" }, Now, SurvivorInstance).Run);
        var old = OldCase();
        var merged = PatientLoop.Delivered(loop.Receive(old, RaisedSignal.Of(new MergeRequest(PatientKey, SurvivorInstance), "d-1"), Now, OldInstance).Run);
        var askAgainAt = Now + new PatientLoopOptions().PublishRetryDelay;

        var woken = loop.Wake(asked, askAgainAt);
        var handedAgain = loop.Receive(merged, Assert.Single(woken.Run.Outgoing).Signal, askAgainAt, OldInstance);
        var answered = loop.Receive(woken.Run, Assert.Single(handedAgain.Run.Outgoing).Signal, askAgainAt, SurvivorInstance);

        Assert.Equal(askAgainAt, PatientLoop.NextWakeAt(asked));
        Assert.Empty(loop.Wake(asked, askAgainAt.AddSeconds(-1)).Run.Outgoing);
        Assert.Equal(OldKey, woken.Run.Outgoing[0].PatientKey);
        Assert.Equal(merged.State, handedAgain.Run.State);
        Assert.Contains(answered.Run.State.Events, e => e.Type == EventTypes.RseOnset);
        Assert.Equal("d-1", Assert.Single(answered.Run.Receipts).Delivery);
        Assert.Empty(answered.Run.Asked);
        Assert.Null(answered.Run.AskAgainAt);
    }

    [Fact]
    public void A_merge_request_for_the_patient_itself_moves_nothing_and_answers_at_once()
    {
        var run = Fresh(PatientKey);

        var step = loop.Receive(run, RaisedSignal.Of(new MergeRequest(PatientKey, SurvivorInstance), "d-1"), Now, SurvivorInstance);

        Assert.Equal(run.State, step.Run.State);
        Assert.Empty(step.Run.Outgoing);
        Assert.Null(step.Run.MergedInto);
        Assert.Equal("d-1", Assert.Single(step.Run.Receipts).Delivery);
    }

    [Fact]
    public void A_raised_signal_without_exactly_one_payload_is_refused()
    {
        var run = Fresh(PatientKey);

        Assert.Throws<InvalidOperationException>(() => loop.Receive(run, new RaisedSignal(null, null), Now, SurvivorInstance));
        Assert.Throws<InvalidOperationException>(() => loop.Receive(run, RaisedSignal.Of(Onset()) with { Handover = run.State }, Now, SurvivorInstance));
    }

    [Fact]
    public void A_merge_sent_with_the_first_line_start_is_decided_with_it_so_the_merged_case_pages_nobody()
    {
        var old = OldCase();
        var firstLine = Event(EventTypes.FirstLineStarted, T0.AddDays(1), "fl-1") with { Agent = "ivig" };
        var asked = loop.Receive(Fresh(PatientKey), RaisedSignal.Of([MergeEvent(), firstLine]) with { Delivery = "d-1" }, Now, SurvivorInstance);

        var merged = loop.Receive(PatientLoop.Delivered(asked.Run), RaisedSignal.Of(old.State, "d-1"), Now, SurvivorInstance);

        Assert.Equal(OldKey, Assert.Single(asked.Run.Outgoing).PatientKey);
        Assert.Contains(merged.Run.State.Events, e => e.Id == "fl-1");
        Assert.Contains(merged.Run.State.Events, e => e.Id == "onset-1");
        Assert.Empty(merged.Run.Unsent);
        Assert.DoesNotContain(merged.Run.State.Alerts, a => a.IsOpen);
        Assert.Equal("d-1", Assert.Single(merged.Run.Receipts).Delivery);
    }

    [Fact]
    public void A_merge_resent_after_a_readmission_asks_for_nothing_and_folds_nothing_into_the_new_case()
    {
        var asked = loop.Receive(Fresh(PatientKey), RaisedSignal.Of(MergeEvent()), Now, SurvivorInstance);
        var merged = loop.Receive(PatientLoop.Delivered(asked.Run), RaisedSignal.Of(OldCase().State, "merge:/adt/genh:merge-1"), Now, SurvivorInstance).Run;
        var discharged = loop.Receive(merged, RaisedSignal.Of(Event(EventTypes.PatientDischarged, Now.AddDays(1), "dis-1")), Now.AddDays(1), SurvivorInstance).Run;
        var readmitted = loop.Receive(discharged, RaisedSignal.Of(Event(EventTypes.RseOnset, Now.AddDays(30), "onset-2")), Now.AddDays(30), SurvivorInstance).Run;

        var again = loop.Receive(readmitted, RaisedSignal.Of(MergeEvent()) with { Delivery = "d-9" }, Now.AddDays(31), SurvivorInstance);

        Assert.Empty(again.Run.Outgoing);
        Assert.True(Assert.Single(again.Run.Receipts, r => r.Delivery == "d-9").Duplicate);
        Assert.Equal(readmitted.State, again.Run.State);
    }
}
