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

        var status = PatientLoop.Status(run);

        Assert.Equal(run.State.CaseId, status.CaseId);
        Assert.Equal("active", status.Status);
        Assert.Equal(run.State.Stage.Name, status.Stage);
        Assert.Equal(1, status.UnsentPages);
        var json = System.Text.Json.JsonSerializer.Serialize(status, PathwayJson.Options);
        Assert.DoesNotContain(PatientKey, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_that_cannot_work_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { PublishAttempts = 0 }));
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { PublishFirstRetry = TimeSpan.Zero }));
        Assert.Throws<ArgumentException>(() => new PatientLoop(NewPathway(), new PatientLoopOptions { PublishRetryDelay = TimeSpan.Zero }));
    }
}
