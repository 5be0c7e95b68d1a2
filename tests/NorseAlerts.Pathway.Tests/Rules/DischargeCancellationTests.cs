using NorseAlerts.Pathway.Alerts;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Tests.Support;
using static NorseAlerts.Pathway.Tests.Support.Clinical;

namespace NorseAlerts.Pathway.Tests.Rules;

/// <summary>
/// A discharge entered in error and cancelled (HL7 ADT^A13) must not leave a patient still in status epilepticus
/// without deadlines: the case it closed is open again, and every deadline is read afresh.
/// </summary>
public class DischargeCancellationTests
{
    [Fact]
    public void A_cancelled_discharge_reopens_the_case_and_its_first_line_deadline_pages_again()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Advance(Days(2));
        clock.Send(Event(EventTypes.PatientDischarged, clock.Now));
        Assert.Equal(CaseStatus.Closed, clock.State.Status);
        clock.Advance(Hours(3));

        var d = clock.Send(Event(EventTypes.DischargeCancelled, clock.Now));

        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.Null(d.State.ClosedAt);
        Assert.Null(d.State.ClosureReason);
        Assert.Contains(d.Effects, e => e is CaseReopened r && r.CaseId == d.State.CaseId);
        Assert.Equal(Stage.FirstLineWindow, d.State.Stage);
        Assert.Equal(DeadlineStatus.Pending, clock.DeadlineOf("first-line-window")!.Status);
        Assert.NotEmpty(d.State.Timers);
        clock.RunUntil(T0 + Days(7) + Hours(1));
        var overdue = clock.PagesOf(AlertKind.FirstLineOverdue).ToList();
        Assert.NotEmpty(overdue);
        Assert.Equal(clock.DeadlineOf("first-line-window")!.DueAt, overdue[0].At);
        Assert.NotNull(clock.Open(AlertKind.FirstLineOverdue));
    }

    [Fact]
    public void Events_that_arrived_while_the_case_was_closed_count_once_it_is_open_again()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Send(Event(EventTypes.PatientDischarged, T0 + Days(1)));
        clock.Advance(Days(2));
        clock.Send(FirstLine(Agents.Ivig, T0 + Days(2)));
        Assert.Single(clock.State.LateEvents);

        var d = clock.Send(Event(EventTypes.DischargeCancelled, clock.Now));

        Assert.Empty(d.State.LateEvents);
        Assert.Contains(d.State.Events, e => e.Type == EventTypes.FirstLineStarted);
        Assert.Equal(DeadlineStatus.Met, clock.DeadlineOf("first-line-window")!.Status);
        Assert.Contains(d.Effects, e => e is EventApplied a && a.Type == EventTypes.FirstLineStarted);
    }

    [Fact]
    public void A_cancellation_that_arrives_before_its_discharge_keeps_the_case_open()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Advance(Days(2));
        clock.Send(Event(EventTypes.DischargeCancelled, clock.Now));

        var d = clock.Send(Event(EventTypes.PatientDischarged, clock.Now - Hours(1)));

        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.DoesNotContain(d.Effects, e => e is CaseClosed);
    }

    [Fact]
    public void A_discharge_and_its_cancellation_in_one_batch_leave_the_case_open()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Advance(Days(2));

        var d = clock.Deliver(new EventBatch([Event(EventTypes.PatientDischarged, clock.Now - Hours(2)), Event(EventTypes.DischargeCancelled, clock.Now)]));

        Assert.Equal(CaseStatus.Active, d.State.Status);
        Assert.Equal(Stage.FirstLineWindow, d.State.Stage);
    }

    [Fact]
    public void A_cancellation_revokes_a_discharge_but_not_a_death()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Send(Event(EventTypes.PatientDeceased, T0 + Days(2)));

        var d = clock.Send(Event(EventTypes.DischargeCancelled, T0 + Days(3)));

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.DoesNotContain(d.Effects, e => e is CaseReopened);
        Assert.Empty(d.Pages);
    }

    [Fact]
    public void A_cancellation_dated_before_the_discharge_does_not_reopen_the_case()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Send(Event(EventTypes.PatientDischarged, T0 + Days(2)));

        var d = clock.Send(Event(EventTypes.DischargeCancelled, T0 + Days(1)));

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Equal(T0 + Days(2), d.State.ClosedAt);
        Assert.Empty(d.Pages);
    }

    [Fact]
    public void The_real_discharge_after_a_cancelled_one_closes_the_case()
    {
        var clock = new Clock("seed");
        clock.Send(Onset(T0));
        clock.Send(Event(EventTypes.PatientDischarged, T0 + Days(1)));
        clock.Send(Event(EventTypes.DischargeCancelled, T0 + Days(1) + Hours(1)));
        Assert.Equal(CaseStatus.Active, clock.State.Status);

        var d = clock.Send(Event(EventTypes.PatientDischarged, T0 + Days(3)));

        Assert.Equal(CaseStatus.Closed, d.State.Status);
        Assert.Equal(T0 + Days(3), d.State.ClosedAt);
        Assert.Equal("patient discharged", d.State.ClosureReason);
    }
}
