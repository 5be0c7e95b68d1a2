using NorseAlerts.Hosting;
using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using Xunit;
using static NorseAlerts.Hosting.Tests.HostingSamples;

namespace NorseAlerts.Hosting.Tests;

public class CaseDetailTests
{
    [Fact]
    public void A_patient_whose_events_are_held_has_no_case_to_show()
    {
        var held = NewPathway().Decide(CaseState.New(PatientKey), new EventSignal(Event(EventTypes.NorseSuspected, T0, "s-1")), T0).State;

        Assert.Null(CaseDetail.From(held));
    }

    [Fact]
    public void An_event_dated_after_the_closure_of_a_closed_case_stays_on_the_timeline_marked_as_such()
    {
        var pathway = NewPathway();
        var state = pathway.Decide(CaseState.New(PatientKey), new EventSignal(Onset()), T0.AddHours(1)).State;
        state = pathway.Decide(state, new EventSignal(Event(EventTypes.PatientDischarged, T0.AddDays(2), "d-1")), T0.AddDays(2)).State;
        state = pathway.Decide(state, new EventSignal(Event(EventTypes.FirstLineCompleted, T0.AddDays(3), "late-1")), T0.AddDays(3)).State;

        var detail = CaseDetail.From(state)!;

        Assert.Equal("closed", detail.Status);
        Assert.Equal(["onset-1", "d-1", "late-1"], detail.Events.Select(e => e.Id));
        Assert.Equal([false, false, true], detail.Events.Select(e => e.AfterClosure));
    }

    [Fact]
    public void An_open_case_shows_its_protocol_stage_deadlines_and_timeline_in_clinical_order()
    {
        var pathway = NewPathway();
        var state = pathway.Decide(CaseState.New(PatientKey), new EventSignal(Event(EventTypes.NorseSuspected, T0.AddHours(2), "s-1")), T0.AddHours(3)).State;
        state = pathway.Decide(state, new EventSignal(Onset()), T0.AddHours(3)).State;

        var detail = CaseDetail.From(state)!;

        Assert.Equal(state.CaseId, detail.CaseId);
        Assert.Equal("active", detail.Status);
        Assert.Equal("seed", detail.Protocol);
        Assert.NotEmpty(detail.Deadlines);
        Assert.Equal(["onset-1", "s-1"], detail.Events.Select(e => e.Id));
    }
}
