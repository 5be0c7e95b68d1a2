using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using Xunit;
using static NorseAlerts.Hosting.Tests.HostingSamples;

namespace NorseAlerts.Hosting.Tests;

public class PatientLoopTests
{
    private readonly PatientLoop loop = new(NewPathway(), new PatientLoopOptions());

    private PatientRun Opened()
    {
        var run = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);
        return loop.Apply(run, new EventSignal(Onset()), T0.AddMinutes(5)).Run;
    }

    private PatientStep TickWhenDue(PatientRun run)
    {
        var due = PatientLoop.NextWakeAt(run) ?? throw new InvalidOperationException("no wake-up");
        return loop.Apply(run, new Tick(), due);
    }

    [Fact]
    public void Onset_opens_the_case_and_sets_a_wake_up_without_paging_anyone()
    {
        var run = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);

        var step = loop.Apply(run, new EventSignal(Onset()), T0.AddMinutes(5));

        Assert.Equal(CaseStatus.Active, step.Run.State.Status);
        Assert.True(step.CaseChanged);
        Assert.Empty(step.Run.Unsent);
        Assert.NotNull(PatientLoop.NextWakeAt(step.Run));
        Assert.Null(step.Run.First);
    }

    [Fact]
    public void A_due_wake_up_queues_the_page_and_names_the_new_alert_for_ack_routing()
    {
        var step = TickWhenDue(Opened());

        var page = Assert.Single(step.Run.Unsent);
        Assert.Equal(AlertKind.FirstLineDueSoon, page.Alert.Kind);
        Assert.Equal([page.Alert.AlertId], step.RaisedAlertIds);
    }

    [Fact]
    public void A_published_page_is_no_longer_owed()
    {
        var run = TickWhenDue(Opened()).Run;

        var after = PatientLoop.Published(run, run.Unsent[0]);

        Assert.Empty(after.Unsent);
        Assert.Null(after.PublishRetryAt);
    }

    [Fact]
    public void A_failed_publish_keeps_the_page_and_wakes_the_loop_after_the_retry_delay()
    {
        var run = TickWhenDue(Opened()).Run;
        var failedAt = run.State.Alerts[0].RaisedAt;

        var after = loop.PublishFailed(run, failedAt);

        Assert.Single(after.Unsent);
        Assert.Equal(failedAt + new PatientLoopOptions().PublishRetryDelay, PatientLoop.NextWakeAt(after));
    }

    [Fact]
    public void A_retry_time_without_owed_pages_does_not_wake_the_loop()
    {
        var run = Opened();
        var caseWake = PatientLoop.NextWakeAt(run);

        var stale = run with { PublishRetryAt = T0.AddMinutes(6) };

        Assert.Equal(caseWake, PatientLoop.NextWakeAt(stale));
    }

    [Fact]
    public void A_wake_up_releases_a_due_timer_the_pathway_no_longer_plans_so_the_loop_does_not_wake_for_it_again()
    {
        // A closed record kept by a merge still runs its loop; a timer left in it must not wake it forever.
        var closed = loop.Apply(Opened(), new EventSignal(Event(EventTypes.NorseRuledOut, T0.AddHours(1), "closure-1")), T0.AddHours(1)).Run;
        var left = new ScheduledTimer("deadline:first-line-window", T0.AddDays(2));
        var run = closed with { State = closed.State with { Timers = [left] } };
        Assert.Equal(left.DueAt, PatientLoop.NextWakeAt(run));

        var step = loop.Wake(run, T0.AddDays(2));

        Assert.Equal([new TimerCancelled(left.Key)], step.Decision.Effects);
        Assert.Empty(step.Run.State.Timers);
        Assert.Null(PatientLoop.NextWakeAt(step.Run));
    }

    [Fact]
    public void The_same_event_raised_twice_changes_the_case_once()
    {
        var run = Opened();

        var again = loop.Apply(run, new EventSignal(Onset()), T0.AddMinutes(6));

        Assert.False(again.CaseChanged);
        Assert.Equal(run.State.Revision, again.Run.State.Revision);
    }

    [Fact]
    public void A_closure_finishes_the_loop_only_once_no_page_is_owed()
    {
        var paged = TickWhenDue(Opened()).Run;
        var closure = Event(EventTypes.NorseRuledOut, paged.State.Alerts[0].RaisedAt, "closure-1");

        var closed = loop.Apply(paged, new EventSignal(closure), paged.State.Alerts[0].RaisedAt.AddMinutes(1)).Run;

        Assert.Equal(CaseStatus.Closed, closed.State.Status);
        Assert.False(PatientLoop.IsFinished(closed));
        Assert.True(PatientLoop.IsFinished(PatientLoop.Published(closed, closed.Unsent[0])));
    }

    [Fact]
    public void A_restart_keeps_the_case_the_owed_pages_and_the_receipts()
    {
        var run = loop.Apply(TickWhenDue(Opened()).Run, new EventSignal(Onset()), T0.AddDays(7), delivery: "d-1").Run;

        var restarted = PatientLoop.Restarted(run);

        Assert.Equal(0, restarted.Signals);
        Assert.Equal(run.State, restarted.State);
        Assert.Equal(run.Unsent, restarted.Unsent);
        Assert.Equal(run.Receipts, restarted.Receipts);
    }

    [Fact]
    public void A_delivered_event_leaves_a_receipt_with_its_case_and_a_repeat_is_marked_duplicate()
    {
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);

        var first = loop.Apply(start, new EventSignal(Onset()), T0.AddMinutes(5), delivery: "d-1").Run;
        var again = loop.Apply(first, new EventSignal(Onset()), T0.AddMinutes(6), delivery: "d-2").Run;

        Assert.Equal(new DeliveryReceipt("d-1", first.State.CaseId, Duplicate: false), first.Receipts[0]);
        Assert.Equal(new DeliveryReceipt("d-2", first.State.CaseId, Duplicate: true), again.Receipts[1]);
    }

    [Fact]
    public void An_event_held_for_a_patient_without_a_case_leaves_a_receipt_without_a_case()
    {
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);

        var held = loop.Apply(start, new EventSignal(Event(EventTypes.NorseSuspected, T0, "s-1")), T0, delivery: "d-1").Run;

        Assert.Null(Assert.Single(held.Receipts).CaseId);
    }

    [Fact]
    public void A_held_event_wakes_the_loop_at_its_expiry_and_is_dropped_then()
    {
        var rule = new HeldEventRule { ExpireAfter = TimeSpan.FromDays(30) };
        var held = new PatientLoop(NewPathway(), new PatientLoopOptions(), rule);
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);
        var arrived = T0.AddHours(1);
        var run = held.Apply(start, new EventSignal(Event(EventTypes.PatientDischarged, T0, "d-1")), arrived).Run;

        Assert.Equal(arrived.AddDays(30), PatientLoop.NextWakeAt(run));
        var early = held.Apply(run, new Tick(), arrived.AddDays(29));
        Assert.Single(early.Run.State.Events);
        Assert.Empty(early.Expired);

        var due = held.Apply(early.Run, new Tick(), arrived.AddDays(30));

        Assert.Empty(due.Run.State.Events);
        Assert.Empty(due.Run.Held);
        Assert.Null(PatientLoop.NextWakeAt(due.Run));
        var expired = Assert.Single(due.Expired);
        Assert.Equal(("d-1", EventTypes.PatientDischarged), (expired.Id, expired.Type));
        Assert.DoesNotContain(PatientKey, expired.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_onset_after_the_expiry_opens_a_case_without_the_expired_event_even_before_the_wake_up_ran()
    {
        var held = new PatientLoop(NewPathway(), new PatientLoopOptions(), new HeldEventRule { ExpireAfter = TimeSpan.FromDays(30) });
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);
        var run = held.Apply(start, new EventSignal(Event(EventTypes.PatientDischarged, T0, "d-1")), T0).Run;

        var late = Onset() with { Time = T0.AddDays(31) };
        var step = held.Apply(run, new EventSignal(late), T0.AddDays(31));

        Assert.Equal(CaseStatus.Active, step.Run.State.Status);
        Assert.Equal(["onset-1"], step.Run.State.Events.Select(e => e.Id));
        Assert.Single(step.Expired);
        Assert.Empty(step.Run.Held);
    }

    [Fact]
    public void A_resend_of_a_dropped_held_event_is_a_duplicate_and_is_not_held_again()
    {
        var held = new PatientLoop(NewPathway(), new PatientLoopOptions(), new HeldEventRule { ExpireAfter = TimeSpan.FromDays(30) });
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);
        var discharge = Event(EventTypes.PatientDischarged, T0, "d-1");
        var run = held.Apply(start, new EventSignal(discharge), T0).Run;
        run = held.Apply(run, new Tick(), T0.AddDays(30)).Run;

        var again = held.Apply(run, new EventSignal(discharge), T0.AddDays(31), delivery: "d-2").Run;

        Assert.Empty(again.State.Events);
        Assert.Empty(again.Held);
        Assert.True(Assert.Single(again.Receipts).Duplicate);
    }

    [Fact]
    public void An_onset_within_the_expiry_applies_the_held_event_and_ends_its_wake_up()
    {
        var held = new PatientLoop(NewPathway(), new PatientLoopOptions(), new HeldEventRule { ExpireAfter = TimeSpan.FromDays(30) });
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);
        var run = held.Apply(start, new EventSignal(Event(EventTypes.NorseSuspected, T0, "s-1")), T0).Run;

        var step = held.Apply(run, new EventSignal(Onset()), T0.AddDays(2));

        Assert.Contains(step.Run.State.Events, e => e.Id == "s-1");
        Assert.Empty(step.Run.Held);
        Assert.Empty(step.Expired);
    }

    [Fact]
    public void Only_the_most_recent_receipts_are_kept()
    {
        var run = Opened();
        for (var i = 0; i < PatientRun.ReceiptsKept + 5; i++)
        {
            run = loop.Apply(run, new Tick(), T0.AddMinutes(10 + i), delivery: $"d-{i}").Run;
        }

        Assert.Equal(PatientRun.ReceiptsKept, run.Receipts.Count);
        Assert.Equal($"d-{PatientRun.ReceiptsKept + 4}", run.Receipts[^1].Delivery);
    }

    [Fact]
    public void The_custom_status_shows_case_id_and_stage_but_never_the_patient_key()
    {
        var run = TickWhenDue(Opened()).Run;

        var status = loop.Status(run, PatientLoop.DueAt(run.Unsent[0]));

        Assert.Equal(run.State.CaseId, status.CaseId);
        Assert.Equal("active", status.Status);
        Assert.Equal(run.State.Stage.Name, status.Stage);
        Assert.Equal(1, status.UnsentPages);
        Assert.Equal(0, status.StalledPages);
        Assert.Null(status.MergedInto);
        var json = System.Text.Json.JsonSerializer.Serialize(status, PathwayJson.Options);
        Assert.DoesNotContain(PatientKey, json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsent_page_counts_as_stalled_only_once_it_is_owed_beyond_the_margin()
    {
        var run = TickWhenDue(Opened()).Run;
        var dueAt = PatientLoop.DueAt(run.Unsent[0]);
        var margin = new PatientLoopOptions().StalledPageMargin;

        var atMargin = loop.Status(run, dueAt + margin);
        var beyond = loop.Status(run, dueAt + margin + TimeSpan.FromSeconds(1));
        var sent = loop.Status(PatientLoop.Published(run, run.Unsent[0]), dueAt + margin + TimeSpan.FromSeconds(1));

        Assert.Equal((0, dueAt), (atMargin.StalledPages, atMargin.OldestUnsentPageAt));
        Assert.Equal((1, dueAt), (beyond.StalledPages, beyond.OldestUnsentPageAt));
        Assert.Equal((0, (DateTimeOffset?)null), (sent.StalledPages, sent.OldestUnsentPageAt));
    }

    [Fact]
    public void Options_that_cannot_work_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { PublishAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { PublishFirstRetry = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { PublishRetryDelay = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { StalledPageMargin = TimeSpan.Zero }));
    }

    [Fact]
    public void A_new_onset_after_a_discharge_keeps_the_closed_case_beside_the_new_one()
    {
        var closed = loop.Apply(Opened(), new EventSignal(Event(EventTypes.PatientDischarged, T0.AddDays(2), "discharge-1")), T0.AddDays(2)).Run;

        var step = loop.Apply(closed, new EventSignal(Event(EventTypes.RseOnset, T0.AddDays(30), "onset-2")), T0.AddDays(30));

        var earlier = Assert.Single(step.Run.Earlier);
        Assert.Equal((closed.State.CaseId, CaseStatus.Closed), (earlier.CaseId, earlier.Status));
        Assert.NotEqual(closed.State.CaseId, step.Run.State.CaseId);
        Assert.Equal([earlier.CaseId, step.Run.State.CaseId], step.Run.Cases().Select(c => c.CaseId));
    }

    [Fact]
    public void Events_for_a_closed_case_keep_no_earlier_copy_of_it()
    {
        var closed = loop.Apply(Opened(), new EventSignal(Event(EventTypes.PatientDischarged, T0.AddDays(2), "discharge-1")), T0.AddDays(2)).Run;

        var step = loop.Apply(closed, new EventSignal(Event(EventTypes.PatientMeasurements, T0.AddDays(1), "late-1")), T0.AddDays(3));

        Assert.Empty(step.Run.Earlier);
        Assert.Equal([closed.State.CaseId], step.Run.Cases().Select(c => c.CaseId));
    }

    [Fact]
    public void A_batch_is_decided_once_so_an_overdue_window_its_first_line_start_disproves_pages_nobody()
    {
        var start = PatientRun.Start(PatientKey, RaisedSignal.Of(Onset()), previous: null);
        var batch = RaisedSignal.Of([Onset(), Event(EventTypes.FirstLineStarted, T0.AddDays(5), "fl-1") with { Agent = "ivig" }]) with { Delivery = "d-1" };

        var step = loop.Receive(start, batch, T0.AddDays(8), "patient-1");

        Assert.Equal(CaseStatus.Active, step.Run.State.Status);
        Assert.Empty(step.Run.State.Alerts);
        Assert.Empty(step.Run.Unsent);
        var receipt = Assert.Single(step.Run.Receipts);
        Assert.Equal(("d-1", step.Run.State.CaseId, false), (receipt.Delivery, receipt.CaseId, receipt.Duplicate));
        Assert.Empty(receipt.DuplicateEvents);
    }

    [Fact]
    public void A_batch_receipt_names_the_events_received_before()
    {
        var opened = Opened();
        var measurements = Event(EventTypes.PatientMeasurements, T0.AddHours(1), "m-1") with { WeightKg = 70 };
        var batch = RaisedSignal.Of([Onset(), measurements]) with { Delivery = "d-1" };

        var step = loop.Receive(opened, batch, T0.AddHours(2), "patient-1");

        var receipt = Assert.Single(step.Run.Receipts);
        Assert.False(receipt.Duplicate);
        Assert.True(receipt.IsDuplicate(Onset()));
        Assert.False(receipt.IsDuplicate(measurements));
        Assert.Contains(measurements, step.Run.State.Events);
    }

    [Fact]
    public void A_resend_of_an_earlier_cases_onset_is_a_duplicate_and_does_not_move_the_new_cases_clock()
    {
        var closed = loop.Apply(Opened(), new EventSignal(Event(EventTypes.PatientDischarged, T0.AddDays(2), "discharge-1")), T0.AddDays(2)).Run;
        var readmitted = loop.Apply(closed, new EventSignal(Event(EventTypes.RseOnset, T0.AddDays(30), "onset-2")), T0.AddDays(30)).Run;

        var step = loop.Apply(readmitted, new EventSignal(Onset()), T0.AddDays(31), delivery: "d-1");

        Assert.True(Assert.Single(step.Run.Receipts).Duplicate);
        Assert.Equal(readmitted.State, step.Run.State);
        Assert.Empty(step.Decision.Effects);
    }
}
